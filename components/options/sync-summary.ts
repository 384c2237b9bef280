/** Words for the sync state, kept apart from the components so they can be tested without a DOM. */
import type { SyncStateRow } from '../../utils/db/schema.ts';
import { formatNumber, sayErrorOf, t } from '../../utils/i18n.ts';
import { endedDeactivated } from '../../utils/sync/http.ts';

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
  const last =
    state.lastSyncAt === null
      ? t('options.sync.never')
      : t('options.sync.last', { when: relative(now - state.lastSyncAt) });
  const waiting = t('options.sync.waitingCount', counts.pending, [formatNumber(counts.pending)]);
  const retryIn =
    state.nextAttemptAt && state.nextAttemptAt > now
      ? t('options.sync.retrying', { when: relative(state.nextAttemptAt - now, 'in') })
      : null;
  switch (state.status) {
    case 'disconnected':
      return { tone: 'warn', headline: t('sync.status.disconnected'), detail: t('options.sync.enterServer') };
    case 'reconnect':
      return {
        tone: 'error',
        headline: t('signIn.again'),
        detail: endedDeactivated(state.lastError)
          ? `${t('signIn.deactivated')} ${counts.pending > 0 ? t('options.sync.keptWaiting', { waiting }) : t('options.nothingLost')}`
          : counts.pending > 0
            ? t('options.sync.reconnectWaiting', { waiting })
            : `${t('popup.signIn.notAccepted')} ${t('options.nothingLost')}`,
      };
    case 'syncing':
      return { tone: 'busy', headline: t('sync.status.syncing'), detail: last };
    case 'offline':
      return {
        tone: 'warn',
        headline: t('sync.status.offline'),
        detail: [counts.pending ? waiting : null, last, retryIn].filter(Boolean).join(' · '),
      };
    case 'backoff':
    case 'error':
      return {
        tone: 'error',
        headline: t('options.sync.failing'),
        detail: [sayErrorOf(state.lastError), retryIn].filter(Boolean).join(' · ') || null,
      };
    case 'idle':
      return {
        tone: counts.pending ? 'busy' : 'ok',
        headline: counts.pending ? waiting : t('options.sync.upToDate'),
        detail: last,
      };
  }
}

export function relative(ms: number, direction: 'ago' | 'in' = 'ago'): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const amount =
    seconds < 45
      ? null
      : seconds < 3600
        ? t('options.sync.minutes', { n: formatNumber(Math.round(seconds / 60)) })
        : seconds < 86_400
          ? t('options.sync.hours', { n: formatNumber(Math.round(seconds / 3600)) })
          : t('options.sync.days', { n: formatNumber(Math.round(seconds / 86_400)) });
  if (amount === null) return direction === 'ago' ? t('time.justNow') : t('options.sync.inAMoment');
  return direction === 'ago' ? t('options.sync.ago', { amount }) : t('options.sync.in', { amount });
}
