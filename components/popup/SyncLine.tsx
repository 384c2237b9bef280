import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { formatNumber, t } from '../../utils/i18n.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import { relativeTime } from '../../utils/time.ts';
import { mirrorDb } from '../shared/mirror-db.ts';
import { Badge, type Tone } from '../ui/Badge.tsx';
import { Button } from '../ui/Button.tsx';

const STATUS: Record<string, { label: () => string; tone: Tone }> = {
  idle: { label: () => t('sync.status.idle'), tone: 'green' },
  syncing: { label: () => t('sync.status.syncing'), tone: 'blue' },
  offline: { label: () => t('sync.status.offline'), tone: 'amber' },
  backoff: { label: () => t('sync.status.backoff'), tone: 'amber' },
  reconnect: { label: () => t('signIn.again'), tone: 'red' },
  error: { label: () => t('sync.status.error'), tone: 'red' },
  disconnected: { label: () => t('sync.status.disconnected'), tone: 'neutral' },
};

/** Sync status, how many writes wait in the outbox, and "sync now". */
export function SyncLine() {
  const [busy, setBusy] = useState(false);
  const state = useLiveQuery(async () => {
    const db = mirrorDb();
    const [sync, pending, refused] = await Promise.all([
      db.syncState.get('main'),
      db.outbox.where('status').equals('pending').count(),
      db.outbox.where('status').anyOf('rejected', 'conflict').count(),
    ]);
    return { sync, pending, refused };
  }, []);
  if (!state) return null;
  const status = STATUS[state.sync?.status ?? 'disconnected'] ?? {
    label: () => t('sync.status.unknown'),
    tone: 'neutral' as const,
  };
  return (
    <footer className="flex items-center gap-2 border-t border-zinc-200 pt-2 text-[11px] text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
      <Badge tone={status.tone}>{status.label()}</Badge>
      <span data-pending={state.pending}>
        {state.pending > 0 ? t('sync.pending', state.pending, [formatNumber(state.pending)]) : t('sync.nothingPending')}
        {state.refused > 0 ? ` · ${t('sync.refused', state.refused, [formatNumber(state.refused)])}` : ''}
        {state.sync?.lastSyncAt ? ` · ${relativeTime(new Date(state.sync.lastSyncAt).toISOString())}` : ''}
      </span>
      <Button
        size="sm"
        variant="ghost"
        className="ml-auto"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await sendMessage('sync.now', {});
          setBusy(false);
        }}
      >
        {t('sync.now')}
      </Button>
    </footer>
  );
}
