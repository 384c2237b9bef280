import type { OutboxRow } from '../../utils/db/schema.ts';

/** Where local writes on one thing stand: still to be sent, or refused by the server (and why). */
export interface WriteState {
  status: OutboxRow['status'];
  error?: string;
}

/** The state of a set of outbox rows: a refused row wins over pending ones; no rows means nothing waits. */
export function writeStateOf(rows: readonly OutboxRow[]): WriteState | undefined {
  const row = rows.find((each) => each.status !== 'pending') ?? rows[0];
  return row ? { status: row.status, error: row.error?.message } : undefined;
}
