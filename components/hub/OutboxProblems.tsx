/**
 * The hub's word on its outbox: how many writes wait to sync, said in the search row (a place that is always there),
 * and the writes refused or in conflict, listed over every view. A write that starts or finishes syncing adds or
 * removes nothing above the view: a bar that came and went with each push moved the view under the pointer, and a
 * click aimed at a button landed beside it.
 */

import type { OutboxRow } from '../../utils/db/schema.ts';
import { formatNumber, t } from '../../utils/i18n.ts';
import { RefusedWrites } from '../shared/RefusedWrites.tsx';

export function PendingWrites({ outbox }: { outbox: readonly OutboxRow[] | undefined }) {
  const pending = (outbox ?? []).filter((row) => row.status === 'pending').length;
  return (
    <p role="status" className="ml-auto shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
      {pending > 0 ? t('hub.waitingToSync', pending, [formatNumber(pending)]) : ''}
    </p>
  );
}

export function OutboxProblems({ outbox }: { outbox: readonly OutboxRow[] | undefined }) {
  const rows = outbox ?? [];
  if (!rows.some((row) => row.status !== 'pending')) return null;
  return (
    <div aria-live="polite" className="border-b border-zinc-200 px-6 py-2 text-xs dark:border-zinc-800">
      <RefusedWrites outbox={rows} />
    </div>
  );
}
