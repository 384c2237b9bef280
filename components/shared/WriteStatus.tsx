import { useLiveQuery } from 'dexie-react-hooks';
import { mirrorDb } from './mirror-db.ts';
import { WriteBadge } from './WriteBadge.tsx';
import { writeStateOf } from './write-state.ts';

/** Where a saved write stands, live, from its outbox rows: pending, refused, or synced once they are gone. */
export function WriteStatus({ mutationIds }: { mutationIds: readonly string[] }) {
  const rows = useLiveQuery(
    () =>
      mirrorDb()
        .outbox.where('mutationId')
        .anyOf([...mutationIds])
        .toArray(),
    [mutationIds.join(',')],
  );
  // A write just saved is in the outbox: pending until the first query says otherwise.
  return <WriteBadge state={rows === undefined ? { status: 'pending' } : writeStateOf(rows)} synced />;
}
