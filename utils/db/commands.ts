/**
 * The local writes an extension page may ask the background to make, as zod schemas (the background validates them:
 * a message is data from another context). Imports only zod and the contract, so the message protocol can use it.
 */
import { z } from 'zod';
import {
  zDecisionInput,
  zDecisionTransition,
  zEntityId,
  zGoalInput,
  zGoalPatch,
  zItemInput,
  zLinkInput,
  zNoteInput,
  zOwnershipRuleInput,
  zOwnershipRulePatch,
  zTeamInput,
  zTeamPatch,
} from '../contract.ts';

export const zLocalWrite = z.discriminatedUnion('kind', [
  /** Saves the item in front of the user, so it can be linked, found and resolved. */
  z.object({ kind: z.literal('capture'), item: zItemInput }),
  /** Links an item to its owning team, a goal or a related item; captures the item first when given. */
  z.object({ kind: z.literal('linkItem'), link: zLinkInput, item: zItemInput.optional() }),
  z.object({ kind: z.literal('unlinkItem'), linkId: zEntityId }),
  /** Logs a decision, optionally capturing the item it was made about. */
  z.object({ kind: z.literal('logDecision'), decision: zDecisionInput, item: zItemInput.optional() }),
  /** Links items to a decision: relinks work that followed a decision superseded since. */
  z.object({
    kind: z.literal('linkDecisionItems'),
    decisionId: zEntityId,
    itemKeys: z.array(z.string().min(1).max(512)).min(1).max(50),
  }),
  /** Accepts, withdraws or reverts a decision (the contract's DECISION_TRANSITIONS say from which status). */
  z.object({ kind: z.literal('moveDecision'), decisionId: zEntityId, transition: zDecisionTransition }),
  /** Keeps a note, optionally capturing the item it is about. A note is not a decision. */
  z.object({ kind: z.literal('logNote'), note: zNoteInput, item: zItemInput.optional() }),
  z.object({ kind: z.literal('createGoal'), goal: zGoalInput }),
  z.object({ kind: z.literal('editGoal'), goalId: zEntityId, patch: zGoalPatch }),
  z.object({ kind: z.literal('deleteGoal'), goalId: zEntityId }),
  z.object({ kind: z.literal('createTeam'), team: zTeamInput }),
  z.object({ kind: z.literal('editTeam'), teamId: zEntityId, patch: zTeamPatch }),
  z.object({ kind: z.literal('deleteTeam'), teamId: zEntityId }),
  z.object({ kind: z.literal('createRule'), rule: zOwnershipRuleInput }),
  z.object({ kind: z.literal('editRule'), ruleId: zEntityId, patch: zOwnershipRulePatch }),
  z.object({ kind: z.literal('deleteRule'), ruleId: zEntityId }),
  /** Sends a conflicting write again over the server's current version (the user chose "keep mine"). */
  z.object({ kind: z.literal('overwriteConflict'), mutationId: zEntityId }),
  /** Drops a rejected or conflicting write; the entity shows the server's state again. */
  z.object({ kind: z.literal('discardWrite'), mutationId: zEntityId }),
  /** Sends a rejected write again with its text fields edited (`texts`: field -> new text; see write-text.ts). */
  z.object({
    kind: z.literal('editRefused'),
    mutationId: zEntityId,
    texts: z.record(z.string().max(64), z.string().max(20_000)),
  }),
]);
export type LocalWrite = z.input<typeof zLocalWrite>;
export type ParsedLocalWrite = z.output<typeof zLocalWrite>;

export interface LocalWriteResult {
  /** The entity ids the write created or changed, in order (the new decision's id for logDecision). */
  ids: string[];
  mutationIds: string[];
}
