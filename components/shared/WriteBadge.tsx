import { Badge } from '../ui/Badge.tsx';
import type { WriteState } from './write-state.ts';

/**
 * Shows that a change is only local so far, or that the server refused it (and why). With `synced`, no state reads
 * as "Synced": outbox rows leave only once the server acknowledged them.
 */
export function WriteBadge({ state, synced = false }: { state: WriteState | undefined; synced?: boolean }) {
  if (!state) return synced ? <Badge tone="green">Synced</Badge> : null;
  if (state.status === 'pending') {
    return (
      <Badge tone="amber" title="Saved on this device; it syncs when the server is reachable">
        Pending sync
      </Badge>
    );
  }
  return (
    <Badge tone="red" title={state.error}>
      {state.status === 'conflict' ? 'Conflict' : 'Not synced'}
      {state.error ? `: ${state.error}` : ''}
    </Badge>
  );
}
