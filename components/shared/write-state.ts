import type { OutboxRow } from '../../utils/db/schema.ts';
import { sayErrorOf } from '../../utils/i18n.ts';

/** Where local writes on one thing stand: still to be sent, or refused by the server (and why). */
export interface WriteState {
  status: OutboxRow['status'];
  error?: string;
}

/**
 * The state of a set of outbox rows: a refused row wins over pending ones; no rows means nothing waits. Rows set
 * aside are another person's, whose change is not shown: they say nothing about what is shown.
 */
export function writeStateOf(rows: readonly OutboxRow[]): WriteState | undefined {
  const own = rows.filter((each) => each.status !== 'aside');
  const row = own.find((each) => each.status !== 'pending') ?? own[0];
  return row ? { status: row.status, error: sayErrorOf(row.error) } : undefined;
}
