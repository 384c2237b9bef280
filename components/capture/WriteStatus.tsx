import { useLiveQuery } from 'dexie-react-hooks';
import { Badge } from '../ui/Badge.tsx';
import { captureDb } from './capture-db.ts';

/**
 * Where a saved write stands: waiting in the outbox, refused by the server (with its reason), or synced (its outbox
 * rows are gone, which happens only after the server acknowledged them).
 */
export function WriteStatus({ mutationIds }: { mutationIds: readonly string[] }) {
  const rows = useLiveQuery(
    () =>
      captureDb()
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
