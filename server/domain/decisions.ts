import type { z } from 'zod';
import {
  canTransition,
  DECISION_ITEM_KEYS_MAX,
  DECISION_STATUS_HISTORY_LIMIT,
  DECISION_TRANSITIONS,
  type Decision,
  type DecisionStatus,
  type DecisionTransition,
  type zDecisionInput,
} from '../../utils/contract.ts';
import { requirePermission } from './actor.ts';
import { decisions } from './entities.ts';
import { ApiError } from './errors.ts';
import type { WriteSession } from './session.ts';
import { fieldsOf, findEntity, getEntity, insertEntity, updateEntity } from './store.ts';

const STATUS_WORDS: Record<DecisionStatus, string> = {
  proposed: 'proposed',
  accepted: 'accepted',
  withdrawn: 'withdrawn',
  superseded: 'superseded',
  reverted: 'reverted',
};

/** Refuses a move the contract's transition table does not allow, saying which statuses allow it. */
function assertTransition(decision: Decision, transition: DecisionTransition, supersededBy?: Decision): void {
  if (decision.status === 'superseded' && transition === 'supersede' && decision.supersededBy) {
    throw new ApiError(
      'already_superseded',
      `decision ${decision.id} is already superseded by ${decision.supersededBy}`,
      supersededBy ? { params: { title: supersededBy.title } } : {},
    );
  }
  if (canTransition(decision.status, transition)) return;
  const from = DECISION_TRANSITIONS[transition].from.map((status) => STATUS_WORDS[status]).join(' or ');
  const article = /^[aeiou]/.test(from) ? 'an' : 'a';
  throw new ApiError(
    'invalid_transition',
    `this decision is ${STATUS_WORDS[decision.status]}: only ${article} ${from} decision can be ${transitionWord[transition]}`,
    { params: { status: decision.status, transition } },
  );
}

const transitionWord: Record<DecisionTransition, string> = {
  accept: 'accepted',
  withdraw: 'withdrawn',
  revert: 'reverted',
  supersede: 'superseded',
};

/** The decision after `transition`, with the change recorded: who is the session's user, when the server's clock. */
function transitioned(session: WriteSession, decision: Decision, transition: DecisionTransition) {
  const status = DECISION_TRANSITIONS[transition].to;
  const change = { status, at: session.now, by: session.actor.userName };
  return {
    ...fieldsOf(decision),
    status,
    statusHistory: [...decision.statusHistory, change].slice(-DECISION_STATUS_HISTORY_LIMIT),
  };
}

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
  // Superseded already: the refusal names the decision that did it, by its title.
  const by =
    replaced?.status === 'superseded' && replaced.supersededBy
      ? await findEntity(session.tx, decisions, session.workspaceId, replaced.supersededBy)
      : undefined;
  if (replaced) assertTransition(replaced, 'supersede', by);
  const created = await insertEntity(session, decisions, id, newDecisionFields(input, decidedBy));
  if (replaced) {
    await updateEntity(session, decisions, replaced, null, {
      ...transitioned(session, replaced, 'supersede'),
      supersededBy: created.id,
    });
  }
  return created;
}

/**
 * A new decision's stored fields: `decidedBy` as the server attributes it, nothing supersedes it yet, and its history
 * starts empty.
 */
export const newDecisionFields = (input: z.output<typeof zDecisionInput>, decidedBy: string) => ({
  ...input,
  decidedBy,
  supersededBy: null,
  statusHistory: [],
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
    throw new ApiError('too_many_items', `a decision names at most ${DECISION_ITEM_KEYS_MAX} work items`, {
      params: { max: DECISION_ITEM_KEYS_MAX },
    });
  }
  return updateEntity(session, decisions, current, null, { ...fieldsOf(current), itemKeys: merged });
}

/**
 * Accepts, withdraws or reverts a decision. The status it leaves is the version check: a move the transition table
 * does not allow from the current status (someone moved it first) is refused, never applied over.
 */
export async function transitionDecision(
  session: WriteSession,
  id: string,
  transition: Exclude<DecisionTransition, 'supersede'>,
): Promise<Decision> {
  requirePermission(session.actor, 'decision.write');
  const current = await getEntity(session.tx, decisions, session.workspaceId, id);
  assertTransition(current, transition);
  return updateEntity(session, decisions, current, null, transitioned(session, current, transition));
}
