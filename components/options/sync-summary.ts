/** Words for the sync state, kept apart from the components so they can be tested without a DOM. */
import type { SyncStateRow } from '../../utils/db/schema.ts';

export interface OutboxCounts {
  pending: number;
  rejected: number;
  conflict: number;
}

export interface SyncSummary {
  tone: 'ok' | 'busy' | 'warn' | 'error';
  headline: string;
  detail: string | null;
}

export function summarizeSync(state: SyncStateRow, counts: OutboxCounts, now: number): SyncSummary {
  const last = state.lastSyncAt === null ? 'never synced' : `last synced ${relative(now - state.lastSyncAt)}`;
  const waiting = counts.pending === 1 ? '1 change waiting to be sent' : `${counts.pending} changes waiting to be sent`;
  const retryIn =
    state.nextAttemptAt && state.nextAttemptAt > now ? `retrying ${relative(state.nextAttemptAt - now, 'in')}` : null;
  switch (state.status) {
    case 'disconnected':
      return { tone: 'warn', headline: 'Not connected', detail: 'Enter your server and token to sync.' };
    case 'reconnect':
      return {
        tone: 'error',
        headline: 'Sign in again',
        detail:
          counts.pending > 0
            ? `The server no longer accepts this browser's sign-in. ${waiting}: kept until you are signed in again.`
            : "The server no longer accepts this browser's sign-in. Nothing you wrote is lost.",
      };
    case 'syncing':
      return { tone: 'busy', headline: 'Syncing…', detail: last };
    case 'offline':
      return {
        tone: 'warn',
        headline: 'Offline',
        detail: [counts.pending ? waiting : null, last, retryIn].filter(Boolean).join(' · '),
      };
    case 'backoff':
    case 'error':
      return {
        tone: 'error',
        headline: 'Sync is failing',
        detail: [state.lastError?.message, retryIn].filter(Boolean).join(' · ') || null,
      };
    case 'idle':
      return { tone: counts.pending ? 'busy' : 'ok', headline: counts.pending ? waiting : 'Up to date', detail: last };
  }
}

export function relative(ms: number, direction: 'ago' | 'in' = 'ago'): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const amount =
    seconds < 45
      ? null
      : seconds < 3600
        ? `${Math.round(seconds / 60)} min`
        : seconds < 86_400
          ? `${Math.round(seconds / 3600)} h`
          : `${Math.round(seconds / 86_400)} d`;
  if (amount === null) return direction === 'ago' ? 'just now' : 'in a moment';
  return direction === 'ago' ? `${amount} ago` : `in ${amount}`;
}
