import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { sendMessage } from '../../utils/messaging/client.ts';
import { relativeTime } from '../../utils/time.ts';
import { mirrorDb } from '../shared/mirror-db.ts';
import { Badge, type Tone } from '../ui/Badge.tsx';
import { Button } from '../ui/Button.tsx';

const STATUS: Record<string, { label: string; tone: Tone }> = {
  idle: { label: 'Synced', tone: 'green' },
  syncing: { label: 'Syncing…', tone: 'blue' },
  offline: { label: 'Offline', tone: 'amber' },
  backoff: { label: 'Retrying soon', tone: 'amber' },
  reconnect: { label: 'Sign in again', tone: 'red' },
  error: { label: 'Sync error', tone: 'red' },
  disconnected: { label: 'Not connected', tone: 'neutral' },
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
  const status = STATUS[state.sync?.status ?? 'disconnected'] ?? { label: 'Unknown', tone: 'neutral' as const };
  return (
    <footer className="flex items-center gap-2 border-t border-zinc-200 pt-2 text-[11px] text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
      <Badge tone={status.tone}>{status.label}</Badge>
      <span data-pending={state.pending}>
        {state.pending > 0 ? `${state.pending} pending` : 'Nothing pending'}
        {state.refused > 0 ? ` · ${state.refused} refused` : ''}
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
        Sync now
      </Button>
    </footer>
  );
}
