import type { Change, PullPage } from '../../utils/contract.ts';
import type { Queryable } from '../db/database.ts';

interface ChangeRow {
  seq: string;
  entity: Change['entity'];
  entity_id: string;
  op: Change['op'];
  data: object | null;
}

/** Changes after `cursor` in the workspace's commit order; deleted entities come back as tombstones. */
export async function pullChanges(
  db: Queryable,
  workspaceId: string,
  cursor: string,
  limit: number,
): Promise<PullPage> {
  const rows = await db.query<ChangeRow>(
    `SELECT seq, entity, entity_id, op, data FROM changes
     WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [workspaceId, cursor, limit + 1],
  );
  const page = rows.slice(0, limit);
  // The feed holds what the domain wrote after building it from the contract's types, so it is not re-validated.
  const changes = page.map(
    (row) =>
      (row.op === 'delete'
        ? { op: 'delete', seq: row.seq, entity: row.entity, id: row.entity_id }
        : { op: 'upsert', seq: row.seq, entity: row.entity, data: row.data }) as Change,
  );
  return { changes, cursor: page.at(-1)?.seq ?? cursor, hasMore: rows.length > limit };
}
