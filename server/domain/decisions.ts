import type { z } from 'zod';
import type { Decision, zDecisionInput } from '../../utils/contract.ts';
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
  const created = await insertEntity(session, decisions, id, newDecisionFields(input));
  if (replaced) {
    await updateEntity(session, decisions, replaced, null, {
      ...fieldsOf(replaced),
      status: 'superseded',
      supersededBy: created.id,
    });
  }
  return created;
}

/** A new decision's stored fields: nothing supersedes it yet. */
export const newDecisionFields = (input: z.output<typeof zDecisionInput>) => ({ ...input, supersededBy: null });
