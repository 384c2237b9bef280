import { Badge } from '../ui/Badge.tsx';
import type { WriteState } from './use-sidebar-data.ts';

/** Shows that a change is only local so far, or that the server refused it (and why). */
export function PendingBadge({ state }: { state: WriteState | undefined }) {
  if (!state) return null;
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
    </Badge>
  );
}
