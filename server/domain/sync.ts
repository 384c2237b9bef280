import { named, type Queryable } from '../db/database.ts';

/** A pull page as JSON text, with its resume point alongside for the response's `Link` header. */
export interface PulledPage {
  json: string;
  cursor: string;
  hasMore: boolean;
  /** The workspace's last change when the page was read: while it still is, the page is what a query would say. */
  lastSeq: string;
}

const LAST_SEQ = named('hallway_last_seq', 'SELECT last_seq FROM workspaces WHERE id = $1');

const PULL_PAGE = named(
  'hallway_pull_page',
  `SELECT (SELECT last_seq FROM workspaces WHERE id = $1) AS last_seq,
       count(*)::int AS rows,
       string_agg(
         CASE WHEN c.op = 'delete' OR c.data IS NULL
           THEN '{"op":"delete","seq":"' || c.seq || '","entity":' || to_json(c.entity) || ',"id":"' || c.entity_id || '"}'
           ELSE '{"op":"upsert","seq":"' || c.seq || '","entity":' || to_json(c.entity) || ',"data":' || c.data || '}'
         END, ',' ORDER BY c.n) FILTER (WHERE c.n <= $3) AS changes,
       max(c.seq) FILTER (WHERE c.n <= $3)::text AS cursor
     FROM pull_changes($1, $2, $3 + 1) WITH ORDINALITY AS c(seq, entity, entity_id, op, data, n)`,
);

/** The workspace's last change. Writers bump it under a row lock, in commit order, with every change they log. */
export async function lastSeqOf(db: Queryable, workspaceId: string): Promise<string> {
  const [workspace] = await db.query<{ last_seq: string }>(LAST_SEQ, [workspaceId]);
  return workspace?.last_seq ?? '0';
}

/**
 * Changes after `cursor` in the workspace's commit order, deleted entities as tombstones. Returns the page as JSON
 * text, built by the database in the same statement that reads it: the snapshots are stored as the contract's JSON
 * already, so each change is its snapshot's text with the envelope around it, and the server receives one string
 * per page instead of a row object per change. The workspace's last change is read by the same statement, so it is
 * exactly the state the page shows.
 */
export async function pullChangesJson(
  db: Queryable,
  workspaceId: string,
  cursor: string,
  limit: number,
): Promise<PulledPage> {
  const [row] = await db.query<{
    last_seq: string | null;
    rows: number;
    changes: string | null;
    cursor: string | null;
  }>(PULL_PAGE, [workspaceId, cursor, limit]);
  const next = row?.cursor ?? cursor;
  const hasMore = (row?.rows ?? 0) > limit;
  return {
    json: `{"changes":[${row?.changes ?? ''}],"cursor":${JSON.stringify(next)},"hasMore":${hasMore}}`,
    cursor: next,
    hasMore,
    lastSeq: row?.last_seq ?? '0',
  };
}
