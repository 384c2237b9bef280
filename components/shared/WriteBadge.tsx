import { t } from '../../utils/i18n.ts';
import { Badge } from '../ui/Badge.tsx';
import type { WriteState } from './write-state.ts';

/**
 * Shows that a change is only local so far, or that the server refused it (and why). With `synced`, no state reads
 * as "Synced": outbox rows leave only once the server acknowledged them.
 */
export function WriteBadge({ state, synced = false }: { state: WriteState | undefined; synced?: boolean }) {
  if (!state) return synced ? <Badge tone="green">{t('sync.status.idle')}</Badge> : null;
  if (state.status === 'pending') {
    return (
      <Badge tone="amber" title={t('write.pendingHint')}>
        {t('write.pending')}
      </Badge>
    );
  }
  return (
    <Badge tone="red" title={state.error}>
      {state.status === 'conflict' ? t('refused.conflict') : t('write.notSynced')}
      {state.error ? `: ${state.error}` : ''}
    </Badge>
  );
}
