/**
 * Reviews of decisions, goals and ownership rules (the contract's `<entity>.review`): "still true" by the session's
 * user at the server's time, and/or a new schedule. A review changes only the entity's review state, never what it
 * says, and needs no base version: it bumps the version so pullers get the new state.
 */
import type { z } from 'zod';
import { type Permission, reviewedState, type zReviewInput } from '../../utils/contract.ts';
import { requirePermission } from './actor.ts';
import { decisions, goals, rules } from './entities.ts';
import type { WriteSession } from './session.ts';
import { fieldsOf, getEntity, updateEntity } from './store.ts';

const SPECS = {
  decision: { spec: decisions, permission: 'decision.write' },
  goal: { spec: goals, permission: 'goal.write' },
  rule: { spec: rules, permission: 'rule.write' },
} as const satisfies Record<string, { permission: Permission; spec: unknown }>;

export type ReviewedEntity = keyof typeof SPECS;

export async function reviewEntity(
  session: WriteSession,
  entity: ReviewedEntity,
  id: string,
  input: z.output<typeof zReviewInput>,
): Promise<{ id: string; version: number }> {
  const { spec, permission } = SPECS[entity];
  requirePermission(session.actor, permission);
  // One generic path over three specs: TypeScript cannot follow the union through, the shapes are checked above.
  const typed = spec as typeof goals;
  const current = await getEntity(session.tx, typed, session.workspaceId, id);
  const review = reviewedState(current.review, input, session.actor.userName, session.now);
  return updateEntity(session, typed, current, null, { ...fieldsOf(current), review });
}
