/** The hub's line over every view: how many writes wait to sync, and the writes refused or in conflict. */

import { formatNumber, t } from '../../utils/i18n.ts';
import { RefusedWrites } from '../shared/RefusedWrites.tsx';
import { useHubData } from './data.tsx';

export function OutboxProblems() {
  const { outbox } = useHubData();
  const rows = outbox ?? [];
  const pending = rows.filter((row) => row.status === 'pending').length;
  if (rows.length === 0) return null;
  return (
    <div aria-live="polite" className="border-b border-zinc-200 px-6 py-2 text-xs dark:border-zinc-800">
      {pending > 0 ? (
        <p className="mb-1 text-zinc-500">{t('hub.waitingToSync', pending, [formatNumber(pending)])}</p>
      ) : null}
      <RefusedWrites outbox={rows} />
    </div>
  );
}
