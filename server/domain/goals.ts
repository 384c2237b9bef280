import type { z } from 'zod';
import {
  GOAL_STATUS_HISTORY_LIMIT,
  type Goal,
  type GoalStatusChange,
  type zGoalInput,
  type zGoalPatch,
} from '../../utils/contract.ts';
import { requirePermission } from './actor.ts';
import { goals } from './entities.ts';
import { assertNoCycle } from './hierarchy.ts';
import type { WriteSession } from './session.ts';
import { deleteEntity, type Fields, fieldsOf, getEntity, insertEntity, updateEntity } from './store.ts';

const tree = { table: 'goals', parentColumn: 'parent_goal_id' } as const;

const changeOf = (session: WriteSession, goal: { status: Goal['status']; progress: number }): GoalStatusChange => ({
  status: goal.status,
  progress: goal.progress,
  at: session.now,
  by: session.actor.userName,
});

/** A new goal's stored fields: its history starts with the status and progress it was created with. */
export const newGoalFields = (session: WriteSession, input: z.output<typeof zGoalInput>): Fields<Goal> => ({
  ...input,
  statusHistory: [changeOf(session, input)],
});

export async function createGoal(session: WriteSession, id: string, input: z.output<typeof zGoalInput>): Promise<Goal> {
  requirePermission(session.actor, 'goal.write');
  return insertEntity(session, goals, id, newGoalFields(session, input));
}

export async function updateGoal(
  session: WriteSession,
  id: string,
  baseVersion: number,
  patch: z.output<typeof zGoalPatch>,
): Promise<Goal> {
  requirePermission(session.actor, 'goal.write');
  const current = await getEntity(session.tx, goals, session.workspaceId, id);
  await assertNoCycle(session, tree, id, patch.parentGoalId);
  const next = { ...fieldsOf(current), ...patch };
  // Only a change of status or progress is history; edits of the title or the description are not.
  if (next.status !== current.status || next.progress !== current.progress) {
    next.statusHistory = [...current.statusHistory, changeOf(session, next)].slice(-GOAL_STATUS_HISTORY_LIMIT);
  }
  return updateEntity(session, goals, current, baseVersion, next);
}

export async function deleteGoal(session: WriteSession, id: string, baseVersion: number): Promise<number> {
  requirePermission(session.actor, 'goal.write');
  const current = await getEntity(session.tx, goals, session.workspaceId, id);
  return deleteEntity(session, goals, current, baseVersion);
}
