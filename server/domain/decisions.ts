import type { z } from 'zod';
import { DECISION_ITEM_KEYS_MAX, type Decision, type zDecisionInput } from '../../utils/contract.ts';
import { ApiError } from '../http/errors.ts';
import { requirePermission } from './actor.ts';
import { decisions } from './entities.ts';
import type { WriteSession } from './session.ts';
import { fieldsOf, getEntity, insertEntity, updateEntity } from './store.ts';

/**
 * Decisions are append-only: a change of mind is a new decision with `supersedes`, which marks the old one
 * `superseded` (a new version of it, so pullers see the status change too).
 */
export async function createDecision(
  session: WriteSession,
  id: string,
  input: z.output<typeof zDecisionInput>,
  /** Who decided: the caller, whatever the input says. Only the demo seed names other people. */
  decidedBy = session.actor.userName,
): Promise<Decision> {
  requirePermission(session.actor, 'decision.write');
  const replaced = input.supersedes
    ? await getEntity(session.tx, decisions, session.workspaceId, input.supersedes)
    : null;
  if (replaced?.supersededBy) {
    throw new ApiError(
      'already_superseded',
      `decision ${replaced.id} is already superseded by ${replaced.supersededBy}`,
    );
  }
  const created = await insertEntity(session, decisions, id, newDecisionFields(input, decidedBy));
  if (replaced) {
    await updateEntity(session, decisions, replaced, null, {
      ...fieldsOf(replaced),
      status: 'superseded',
      supersededBy: created.id,
    });
  }
  return created;
}

/** A new decision's stored fields: `decidedBy` as the server attributes it, and nothing supersedes it yet. */
export const newDecisionFields = (input: z.output<typeof zDecisionInput>, decidedBy: string) => ({
  ...input,
  decidedBy,
  supersededBy: null,
});

/** Adds item keys to a decision (see the contract's `decision.linkItems`): a new version with the keys it lacked. */
export async function linkDecisionItems(
  session: WriteSession,
  id: string,
  itemKeys: readonly string[],
): Promise<Decision> {
  requirePermission(session.actor, 'decision.write');
  const current = await getEntity(session.tx, decisions, session.workspaceId, id);
  const merged = [...new Set([...current.itemKeys, ...itemKeys])];
  if (merged.length === current.itemKeys.length) return current;
  if (merged.length > DECISION_ITEM_KEYS_MAX) {
    throw new ApiError('too_many_items', `a decision names at most ${DECISION_ITEM_KEYS_MAX} work items`);
  }
  return updateEntity(session, decisions, current, null, { ...fieldsOf(current), itemKeys: merged });
}
