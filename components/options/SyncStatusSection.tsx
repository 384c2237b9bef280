import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { formatNumber, t } from '../../utils/i18n.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import { initialSyncState } from '../../utils/sync/apply.ts';
import { RefusedWrites } from '../shared/RefusedWrites.tsx';
import { Button } from '../ui/Button.tsx';
import { Section } from './Section.tsx';
import { summarizeSync } from './sync-summary.ts';

const toneClass = {
  ok: 'bg-emerald-500',
  busy: 'bg-brand-500 animate-pulse',
  warn: 'bg-amber-500',
  error: 'bg-red-500',
} as const;

/** Live from the mirror: Dexie broadcasts the background's commits to this page. */
export function SyncStatusSection({ db }: { db: HallwayDexie }) {
  const state = useLiveQuery(() => db.syncState.get('main'), [db]) ?? initialSyncState();
  const outbox = useLiveQuery(() => db.outbox.orderBy('seq').toArray(), [db]) ?? [];
  const [now, setNow] = useState(Date.now());
  const [syncing, setSyncing] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const counts = {
    pending: outbox.filter((row) => row.status === 'pending').length,
    rejected: outbox.filter((row) => row.status === 'rejected').length,
    conflict: outbox.filter((row) => row.status === 'conflict').length,
  };
  const summary = summarizeSync(state, counts, now);

  async function syncNow() {
    setSyncing(true);
    await sendMessage('sync.now', {});
    setSyncing(false);
  }

  return (
    <Section id="sync" title={t('options.sync.title')} description={t('options.sync.description')}>
      <div className="flex items-start justify-between gap-4">
        <div className="flex items-start gap-2.5" role="status" data-sync-status={state.status}>
          <span className={`mt-1.5 size-2 shrink-0 rounded-full ${toneClass[summary.tone]}`} aria-hidden="true" />
          <div>
            <p className="font-medium">{summary.headline}</p>
            {summary.detail ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{summary.detail}</p> : null}
          </div>
        </div>
        <Button size="sm" onClick={() => void syncNow()} disabled={syncing}>
          {syncing ? t('sync.status.syncing') : t('sync.now')}
        </Button>
      </div>
      <dl className="grid grid-cols-3 gap-2 text-center">
        <Count label={t('options.sync.waiting')} value={counts.pending} name="pending" />
        <Count label={t('options.sync.rejected')} value={counts.rejected} name="rejected" />
        <Count label={t('options.sync.conflicts')} value={counts.conflict} name="conflict" />
      </dl>
      <RefusedWrites outbox={outbox} />
    </Section>
  );
}

function Count({ label, value, name }: { label: string; value: number; name: string }) {
  return (
    <div className="rounded-lg bg-zinc-50 px-2 py-2 dark:bg-zinc-800/60">
      <dd className="text-lg font-semibold tabular-nums" data-count={name}>
        {formatNumber(value)}
      </dd>
      <dt className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
    </div>
  );
}
