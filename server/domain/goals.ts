import type { z } from 'zod';
import type { Goal, zGoalInput, zGoalPatch } from '../../utils/contract.ts';
import { requireRole } from './actor.ts';
import { goals } from './entities.ts';
import { assertNoCycle } from './hierarchy.ts';
import type { WriteSession } from './session.ts';
import { deleteEntity, fieldsOf, getEntity, insertEntity, updateEntity } from './store.ts';

const tree = { table: 'goals', parentColumn: 'parent_goal_id' } as const;

export async function createGoal(session: WriteSession, id: string, input: z.output<typeof zGoalInput>): Promise<Goal> {
  requireRole(session.actor, 'member');
  return insertEntity(session, goals, id, input);
}

export async function updateGoal(
  session: WriteSession,
  id: string,
  baseVersion: number,
  patch: z.output<typeof zGoalPatch>,
): Promise<Goal> {
  requireRole(session.actor, 'member');
  const current = await getEntity(session.tx, goals, session.workspaceId, id);
  await assertNoCycle(session, tree, id, patch.parentGoalId);
  return updateEntity(session, goals, current, baseVersion, { ...fieldsOf(current), ...patch });
}

export async function deleteGoal(session: WriteSession, id: string, baseVersion: number): Promise<number> {
  requireRole(session.actor, 'member');
  const current = await getEntity(session.tx, goals, session.workspaceId, id);
  return deleteEntity(session, goals, current, baseVersion);
}
