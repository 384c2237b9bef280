import type { Change } from '../../utils/contract.ts';
import type { Queryable } from '../db/database.ts';

interface ChangeRow {
  seq: string;
  entity: Change['entity'];
  entity_id: string;
  op: Change['op'];
  data: string | null;
}

/** A pull page as JSON text, with its resume point alongside for the response's `Link` header. */
export interface PulledPage {
  json: string;
  cursor: string;
  hasMore: boolean;
  /** The workspace's last change when the page was read: while it still is, the page is what a query would say. */
  lastSeq: string;
}

/** The workspace's last change. Writers bump it under a row lock, in commit order, with every change they log. */
export async function lastSeqOf(db: Queryable, workspaceId: string): Promise<string> {
  const [workspace] = await db.query<{ last_seq: string }>('SELECT last_seq FROM workspaces WHERE id = $1', [
    workspaceId,
  ]);
  return workspace?.last_seq ?? '0';
}

/**
 * Changes after `cursor` in the workspace's commit order, deleted entities as tombstones. Returns the page as JSON
 * text: the snapshots are stored as the contract's JSON already, so they are spliced in as text instead of being
 * parsed and serialised again for every puller.
 */
export async function pullChangesJson(
  db: Queryable,
  workspaceId: string,
  cursor: string,
  limit: number,
): Promise<PulledPage> {
  // Read before the page: a change committed in between makes the page newer than `lastSeq` says, never older.
  const lastSeq = await lastSeqOf(db, workspaceId);
  const rows = await db.query<ChangeRow>('SELECT seq, entity, entity_id, op, data FROM pull_changes($1, $2, $3)', [
    workspaceId,
    cursor,
    limit + 1,
  ]);
  const page = rows.slice(0, limit);
  const changes = page.map((row) =>
    row.op === 'delete' || row.data === null
      ? JSON.stringify({ op: 'delete', seq: row.seq, entity: row.entity, id: row.entity_id })
      : `{"op":"upsert","seq":${JSON.stringify(row.seq)},"entity":${JSON.stringify(row.entity)},"data":${row.data}}`,
  );
  const next = page.at(-1)?.seq ?? cursor;
  const hasMore = rows.length > limit;
  return {
    json: `{"changes":[${changes.join(',')}],"cursor":${JSON.stringify(next)},"hasMore":${hasMore}}`,
    cursor: next,
    hasMore,
    lastSeq,
  };
}
