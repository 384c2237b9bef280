/**
 * The local writes an extension page may ask the background to make, as zod schemas (the background validates them:
 * a message is data from another context). Imports only zod and the contract, so the message protocol can use it.
 *
 * The vocabulary is the contract's own: a write of kind `goal.update` becomes the mutation `goal.update`, with the
 * ids and base versions only the mirror knows filled in. Only writes that are more than one mutation (a capture with
 * its link or decision) and the user's answers to the outbox (overwrite, discard, edit and resend) have kinds of
 * their own.
 */
import { z } from 'zod';
import {
  type MutationType,
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
  zReviewInput,
  zTeamInput,
  zTeamPatch,
} from '../contract.ts';

/** A create: the mirror gives the new entity its id. */
const create = <T extends MutationType, S extends z.ZodType>(kind: T, data: S) =>
  z.object({ kind: z.literal(kind), data });
/** An update: the mirror adds the version it is based on. */
const update = <T extends MutationType, S extends z.ZodType>(kind: T, data: S) =>
  z.object({ kind: z.literal(kind), id: zEntityId, data });
const remove = <T extends MutationType>(kind: T) => z.object({ kind: z.literal(kind), id: zEntityId });

export const zLocalWrite = z.discriminatedUnion('kind', [
  create('team.create', zTeamInput),
  update('team.update', zTeamPatch),
  remove('team.delete'),
  create('goal.create', zGoalInput),
  update('goal.update', zGoalPatch),
  remove('goal.delete'),
  create('decision.create', zDecisionInput),
  /** Links items to a decision: relinks work that followed a decision superseded since. */
  z.object({
    kind: z.literal('decision.linkItems' satisfies MutationType),
    id: zEntityId,
    itemKeys: z.array(z.string().min(1).max(512)).min(1).max(50),
  }),
  /** Accepts, withdraws or reverts a decision (the contract's DECISION_TRANSITIONS say from which status). */
  z.object({
    kind: z.literal('decision.transition' satisfies MutationType),
    id: zEntityId,
    data: z.object({ transition: zDecisionTransition }),
  }),
  /** Reviews (still true, and/or a new schedule) of a decision, goal or rule. */
  update('decision.review', zReviewInput),
  update('goal.review', zReviewInput),
  update('rule.review', zReviewInput),
  /** Keeps a note. A note is not a decision. */
  create('note.create', zNoteInput),
  /** Links an item to its owning team, a goal or a related item (linking twice is a no-op). */
  create('link.create', zLinkInput),
  remove('link.delete'),
  create('rule.create', zOwnershipRuleInput),
  update('rule.update', zOwnershipRulePatch),
  remove('rule.delete'),
  /** Saves the item in front of the user, so it can be linked, found and resolved (`item.upsert` by key). */
  z.object({ kind: z.literal('capture'), item: zItemInput }),
  /** Captures the item, then links it (`link.create`). */
  z.object({ kind: z.literal('linkItem'), link: zLinkInput, item: zItemInput }),
  /** Captures the item, then logs a decision about it (`decision.create`, the item's key among its items). */
  z.object({ kind: z.literal('logDecision'), decision: zDecisionInput, item: zItemInput }),
  /** Captures the item, then keeps a note about it (`note.create`, the item's key among its items). */
  z.object({ kind: z.literal('logNote'), note: zNoteInput, item: zItemInput }),
  /**
   * Confirms an item's owner after its team was renamed: the owner link is made again (`link.delete` then
   * `link.create` to the same team), so it is dated after the rename.
   */
  z.object({
    kind: z.literal('confirmOwner'),
    linkId: zEntityId,
    itemKey: z.string().min(1).max(512),
    teamId: zEntityId,
  }),
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
