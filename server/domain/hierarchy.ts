import { ApiError } from './errors.ts';
import type { WriteSession } from './session.ts';

/** True when making `parentId` the parent of `id` would close a loop (the parent descends from `id`, or is it). */
export async function wouldCycle(
  session: WriteSession,
  tree: { table: 'teams' | 'goals'; parentColumn: 'parent_team_id' | 'parent_goal_id' },
  id: string,
  parentId: string,
): Promise<boolean> {
  const rows = await session.tx.query(
    `WITH RECURSIVE ancestors (id, parent) AS (
       SELECT id, ${tree.parentColumn} FROM ${tree.table} WHERE workspace_id = $1 AND id = $2
       UNION
       SELECT t.id, t.${tree.parentColumn} FROM ${tree.table} t
       JOIN ancestors a ON t.workspace_id = $1 AND t.id = a.parent
     )
     SELECT 1 FROM ancestors WHERE id = $3`,
    [session.workspaceId, parentId, id],
  );
  return rows.length > 0;
}

export async function assertNoCycle(
  session: WriteSession,
  tree: { table: 'teams' | 'goals'; parentColumn: 'parent_team_id' | 'parent_goal_id' },
  id: string,
  parentId: string | null | undefined,
): Promise<void> {
  if (parentId && (await wouldCycle(session, tree, id, parentId))) {
    throw new ApiError('cycle', 'the new parent is this entity or one of its descendants');
  }
}
