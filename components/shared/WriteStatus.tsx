import { useLiveQuery } from 'dexie-react-hooks';
import { mirrorDb } from '../shared/mirror-db.ts';
import { Badge } from '../ui/Badge.tsx';

/**
 * Where a saved write stands: waiting in the outbox, refused by the server (with its reason), or synced (its outbox
 * rows are gone, which happens only after the server acknowledged them).
 */
export function WriteStatus({ mutationIds }: { mutationIds: readonly string[] }) {
  const rows = useLiveQuery(
    () =>
      mirrorDb()
        .outbox.where('mutationId')
        .anyOf([...mutationIds])
        .toArray(),
    [mutationIds.join(',')],
  );
  if (rows === undefined) return null;
  const refused = rows.find((row) => row.status !== 'pending');
  if (refused) {
    return (
      <Badge tone="red" title={refused.error?.message}>
        Not saved on the server: {refused.error?.message ?? refused.status}
      </Badge>
    );
  }
  if (rows.length > 0) return <Badge tone="amber">Pending sync</Badge>;
  return <Badge tone="green">Synced</Badge>;
}
