/**
 * The one contract shared by the extension and the server. It imports nothing but zod and its own zod-free part,
 * utils/roles.ts (an architecture test checks this), so both sides can depend on it without pulling each other's code.
 *
 * Every string and array is bounded: the server validates request bodies with these schemas, and the extension
 * validates server payloads with them, so neither side trusts the other's sizes.
 */
import { z } from 'zod';
import { type Permission, ROLES } from './roles.ts';

// ---------------------------------------------------------------------------------------------------------------
// Text

/**
 * Characters no text field keeps: NUL (PostgreSQL text and jsonb refuse it, so one NUL would lose the whole write),
 * the other C0 controls but tab, LF and CR, DEL, unpaired UTF-16 surrogates (not encodable as UTF-8) and the
 * noncharacters U+FFFE and U+FFFF (invalid in XML, so Chrome refuses them in omnibox descriptions).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|\p{Cs}/gu;

/**
 * Removes the characters no text field keeps (see UNSTORABLE). Every string schema of this contract applies it
 * before trimming and bounds, so the server and the extension store the same text; use it on text that reaches
 * storage or the browser's UI without passing a schema (page titles, selections, omnibox descriptions).
 */
export function sanitizeText(value: string): string {
  return value.replace(UNSTORABLE, '');
}

/** A string with the unstorable characters removed, then bounded. */
const cleanString = () => z.string().overwrite(sanitizeText);

// ---------------------------------------------------------------------------------------------------------------
// Primitives

export const zEntityId = z.uuid();
export const zTimestamp = z.iso.datetime({ offset: true });
export const zDate = z.iso.date();
export const zVersion = z.int().min(1).max(2_147_483_647);
/** Sequence numbers are PostgreSQL bigints: a larger cursor cannot name a position in the feed. */
const CURSOR_MAX = 2n ** 63n - 1n;
/** Opaque to clients, a decimal sequence number on the wire; compared as BigInt to spot cursors that go backwards. */
export const zCursor = z
  .string()
  .regex(/^\d{1,19}$/, 'cursor must be a decimal sequence number')
  .refine((value) => !/^\d+$/.test(value) || BigInt(value) <= CURSOR_MAX, 'cursor is beyond the largest sequence');
export const zHttpUrl = cleanString()
  .max(2048)
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'must be an http(s) URL');
const text = (max: number) => cleanString().max(max);
const name = (max: number) => cleanString().trim().min(1).max(max);

/** Whether `zone` is an IANA time zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
export const zTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin');

/** The tools, in the order Hallway lists them (utils/tools.ts's zod-free `TOOLS` is this list, in this order). */
export const zTool = z.enum(['jira', 'asana', 'notion', 'gmail']);
export const zItemKind = z.enum(['page', 'task', 'issue', 'thread']);
/** The roles, the highest first (utils/roles.ts's `ROLES`). */
export const zRole = z.enum(ROLES);
export const zGoalStatus = z.enum(['on_track', 'at_risk', 'off_track', 'done', 'cancelled']);
export const zDecisionStatus = z.enum(['proposed', 'accepted', 'withdrawn', 'superseded', 'reverted']);

// ---------------------------------------------------------------------------------------------------------------
// Work items

/**
 * An RFC 5322 Message-ID without its angle brackets: a dot-atom (or a domain literal) on either side of one `@`, at
 * most 250 characters. A sender chooses it, so nothing else passes (no spaces, quotes, angle brackets: no markup).
 * The content script holds the same pattern without zod (utils/sites/gmail.ts); a unit test keeps them one.
 */
export const MESSAGE_ID_PATTERN =
  "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|\\[[!-Z^-~]*\\])$";
export const zMessageId = z.string().max(250).regex(new RegExp(MESSAGE_ID_PATTERN), 'not a Message-ID');

/**
 * The canonical identity of a work item in one of the four tools (notion: 32-hex page id; asana: task gid; jira: host
 * and issue key; gmail: the thread token). A Gmail thread whose first message's Message-ID was read carries it in
 * `messageId`, and its `key` is then the key every mailbox shares (`gmail:mid:<Message-ID>`); its URL's own key
 * (`gmail:<id>`) stays its key in this mailbox for what was linked before.
 */
export const zItemRef = z.object({
  tool: zTool,
  kind: zItemKind,
  id: name(200),
  workspace: name(255).optional(),
  /** Jira: the project key. Asana: the gid of the project a V1 URL opened the task in. */
  project: name(255).optional(),
  key: name(512),
  url: zHttpUrl,
  messageId: zMessageId.optional(),
});

/**
 * A container of an item (an Asana project, a Notion ancestor page) with its id and its name, each where the page or
 * the URL shows it: a project pill links to its gid and shows its name, a breadcrumb links to its page id.
 */
export const zContainer = z
  .object({ id: text(255).optional(), name: text(255).optional() })
  .refine((container) => Boolean(container.id || container.name), 'a container needs its id or its name');
/**
 * A container as items stored before containers carried ids named it: one string, an id or a name, unknown which.
 * Still accepted from servers, caches and older extensions, and matched as either.
 */
export const zLegacyContainer = text(255);

/** An item's own state in its tool: open (to do, in progress) or closed (done, resolved, completed, cancelled). */
export const zItemState = z.enum(['open', 'closed']);
export type ItemState = z.infer<typeof zItemState>;

/** Facts about the container of an item that ownership rules match on, and what the page shows of the item itself. */
export const zItemContext = z.object({
  jiraProject: text(255).optional(),
  jiraIssueType: text(120).optional(),
  asanaProjects: z
    .array(z.union([zContainer, zLegacyContainer]))
    .max(50)
    .optional(),
  notionParents: z
    .array(z.union([zContainer, zLegacyContainer]))
    .max(50)
    .optional(),
  gmailLabels: z.array(text(255)).max(100).optional(),
  gmailParticipants: z.array(text(320)).max(200).optional(),
  gmailAccount: text(320).optional(),
  /**
   * Owners the page itself names, shown beside Hallway's owner as the page's claim (never an answer of their own):
   * a Jira issue's Team field (an Atlassian team), the team of the Asana project a task is in.
   */
  jiraTeam: text(255).optional(),
  asanaTeam: text(255).optional(),
  /**
   * Whether the item itself is still open, where the tool shows it (a Jira issue's status category, an Asana task's
   * completion, a Notion page's Status property when its value says); absent where the
   * page does not tell (a Gmail thread has no such state). Never matched by rules.
   */
  itemState: zItemState.optional(),
  /** The tool's own word for the item's status as the page shows it ("In Progress", "Done", "Completed"). */
  itemStatus: text(120).optional(),
});

// ---------------------------------------------------------------------------------------------------------------
// Entities as the server stores and serves them

const entityMeta = {
  id: zEntityId,
  version: zVersion,
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
};

export const zTeamMember = z.object({ name: name(120), email: z.email().max(320).optional() });

export const zTeamInput = z.object({
  name: name(120),
  slug: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be lowercase words joined by hyphens'),
  description: text(4000).default(''),
  parentTeamId: zEntityId.nullable().default(null),
  members: z.array(zTeamMember).max(500).default([]),
  /** The IANA time zone the team's week runs in: its weekly digest goes out on Monday morning there. */
  timeZone: zTimeZone.optional(),
});
/**
 * `renamedFrom` and `renamedAt` are kept by the server: the team's name before its last rename, and when. An item
 * linked to the team before that rename may have been linked to what the old name meant (a stale warning).
 */
export const zTeam = zTeamInput.extend({
  ...entityMeta,
  renamedFrom: name(120).nullable().optional(),
  renamedAt: zTimestamp.nullable().optional(),
});

// ---------------------------------------------------------------------------------------------------------------
// Reviews: decisions, goals and ownership rules may carry a review date or interval, and who verified them when

/** The longest review interval: ten years. */
export const REVIEW_EVERY_DAYS_MAX = 3650;
/**
 * The review state of a decision, goal or rule, kept by the server from `<entity>.review` mutations. `reviewBy`
 * (a date) wins over `everyDays` (counted from the last verification, else from the entity's creation).
 * `verifiedBy` is the session's user who last said it is still true, `verifiedAt` when.
 */
export const zReviewState = z.object({
  reviewBy: zDate.nullable(),
  everyDays: z.int().min(1).max(REVIEW_EVERY_DAYS_MAX).nullable(),
  verifiedBy: name(120).nullable(),
  verifiedAt: zTimestamp.nullable(),
});
export const NO_REVIEW: ReviewState = { reviewBy: null, everyDays: null, verifiedBy: null, verifiedAt: null };
/**
 * One review: `verified` (the default) records "still true" by the session's user now; `reviewBy` and `everyDays`,
 * where given, set the schedule (null clears it). A verification clears a fixed `reviewBy` unless a new one is given:
 * the date was for this review.
 */
export const zReviewInput = z.object({
  verified: z.boolean().default(true),
  reviewBy: zDate.nullable().optional(),
  everyDays: z.int().min(1).max(REVIEW_EVERY_DAYS_MAX).nullable().optional(),
});

const DAY_MS = 24 * 3600_000;
/** The date (`YYYY-MM-DD`, UTC) the next review of an entity is due on, or null when it has no schedule. */
export function reviewDueOn(entity: { review?: ReviewState | undefined; createdAt: string }): string | null {
  const review = entity.review;
  if (!review) return null;
  if (review.reviewBy) return review.reviewBy;
  if (!review.everyDays) return null;
  const from = Date.parse(review.verifiedAt ?? entity.createdAt);
  return new Date(from + review.everyDays * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a review is due on `today` (`YYYY-MM-DD`) or before. */
export function isReviewDue(entity: { review?: ReviewState | undefined; createdAt: string }, today: string): boolean {
  const due = reviewDueOn(entity);
  return due !== null && due <= today;
}

/** The review state after `input`, as the server records it and the mirror shows it at once. */
export function reviewedState(
  current: ReviewState | undefined,
  input: z.output<typeof zReviewInput>,
  by: string,
  at: string,
): ReviewState {
  const base = current ?? NO_REVIEW;
  const verified = input.verified ? { verifiedBy: by, verifiedAt: at, reviewBy: null } : {};
  return {
    ...base,
    ...verified,
    ...(input.reviewBy !== undefined ? { reviewBy: input.reviewBy } : {}),
    ...(input.everyDays !== undefined ? { everyDays: input.everyDays } : {}),
  };
}

export const zGoalInput = z.object({
  title: name(200),
  description: text(8000).default(''),
  ownerTeamId: zEntityId.nullable().default(null),
  parentGoalId: zEntityId.nullable().default(null),
  status: zGoalStatus.default('on_track'),
  progress: z.int().min(0).max(100).default(0),
  targetDate: zDate.nullable().default(null),
});
/** One status or progress change of a goal, recorded by the server with who made it and when. */
export const zGoalStatusChange = z.object({
  status: zGoalStatus,
  progress: z.int().min(0).max(100),
  at: zTimestamp,
  by: name(120),
});
/** The server keeps only the last changes so a goal row stays small. */
export const GOAL_STATUS_HISTORY_LIMIT = 100;
/** `statusHistory` is kept by the server, oldest first: the creation, then each change of status or progress. */
export const zGoal = zGoalInput.extend({
  ...entityMeta,
  statusHistory: z.array(zGoalStatusChange).max(GOAL_STATUS_HISTORY_LIMIT).default([]),
  review: zReviewState.optional(),
});

/** How many work items one decision may name. */
export const DECISION_ITEM_KEYS_MAX = 50;
export const zDecisionInput = z.object({
  title: name(200),
  rationale: text(20_000).default(''),
  status: z.enum(['proposed', 'accepted', 'withdrawn', 'reverted']).default('accepted'),
  /** When it was decided, as the user says; when it was logged is the server's `createdAt`. */
  decidedAt: zTimestamp,
  /** Ignored by the server, which records the token's user; a client may fill it for its own display. */
  decidedBy: name(120).optional(),
  teamId: zEntityId.nullable().default(null),
  goalId: zEntityId.nullable().default(null),
  itemKeys: z.array(name(512)).max(DECISION_ITEM_KEYS_MAX).default([]),
  quote: text(20_000).nullable().default(null),
  sourceUrl: zHttpUrl.nullable().default(null),
  /** The decision this one replaces. Decisions are append-only: a change of mind is a new decision. */
  supersedes: zEntityId.nullable().default(null),
});
/**
 * A decision's lifecycle: which status each transition leaves, and the status it gives. A proposed decision is
 * accepted or withdrawn; an accepted one may be reverted. Superseding (a new decision with `supersedes`) replaces a
 * proposed or accepted one. The server refuses any other move (409 `invalid_transition`); the UI offers only these.
 */
export const DECISION_TRANSITIONS = {
  accept: { from: ['proposed'], to: 'accepted' },
  withdraw: { from: ['proposed'], to: 'withdrawn' },
  revert: { from: ['accepted'], to: 'reverted' },
  supersede: { from: ['proposed', 'accepted'], to: 'superseded' },
} as const satisfies Record<string, { from: readonly DecisionStatus[]; to: DecisionStatus }>;
export type DecisionTransition = keyof typeof DECISION_TRANSITIONS;
/** The transitions a user asks for by name; `supersede` happens by logging the replacing decision. */
export const zDecisionTransition = z.enum(['accept', 'withdraw', 'revert']);

/** Whether a decision in `status` may take `transition`. */
export function canTransition(status: DecisionStatus, transition: DecisionTransition): boolean {
  return (DECISION_TRANSITIONS[transition].from as readonly DecisionStatus[]).includes(status);
}

/** One status change of a decision, recorded by the server with who made it (the session's user) and when. */
export const zDecisionStatusChange = z.object({ status: zDecisionStatus, at: zTimestamp, by: name(120) });
export const DECISION_STATUS_HISTORY_LIMIT = 50;
/**
 * `status` becomes `superseded` and `supersededBy` is set by the server when a later decision supersedes this one.
 * `statusHistory`, oldest first, holds each transition after the decision was logged.
 */
export const zDecision = zDecisionInput.extend({
  ...entityMeta,
  decidedBy: name(120),
  status: zDecisionStatus,
  supersededBy: zEntityId.nullable(),
  statusHistory: z.array(zDecisionStatusChange).max(DECISION_STATUS_HISTORY_LIMIT).default([]),
  review: zReviewState.optional(),
});

/**
 * A note: something worth keeping about an item that is not a decision (a quick-capture note, a quote). It has no
 * lifecycle and never counts as a decision; `createdBy` is the session's user.
 */
export const zNoteInput = z.object({
  title: name(200),
  body: text(20_000).default(''),
  teamId: zEntityId.nullable().default(null),
  goalId: zEntityId.nullable().default(null),
  itemKeys: z.array(name(512)).max(50).default([]),
  quote: text(20_000).nullable().default(null),
  sourceUrl: zHttpUrl.nullable().default(null),
});
export const zNote = zNoteInput.extend({ ...entityMeta, createdBy: name(120) });

export const zItemInput = z.object({
  ref: zItemRef,
  title: text(1000).default(''),
  context: zItemContext.default({}),
});
export const zItem = zItemInput.extend(entityMeta);

const zOwnerLinkInput = z.object({ kind: z.literal('owner'), itemKey: name(512), teamId: zEntityId });
const zGoalLinkInput = z.object({ kind: z.literal('goal'), itemKey: name(512), goalId: zEntityId });
const zRelatedLinkInput = z.object({ kind: z.literal('related'), itemKey: name(512), relatedItemKey: name(512) });
export const zLinkInput = z.discriminatedUnion('kind', [zOwnerLinkInput, zGoalLinkInput, zRelatedLinkInput]);
const linkMeta = { ...entityMeta, createdBy: name(120) };
export const zLink = z.discriminatedUnion('kind', [
  zOwnerLinkInput.extend(linkMeta),
  zGoalLinkInput.extend(linkMeta),
  zRelatedLinkInput.extend(linkMeta),
]);

export const zRuleField = z.enum(['jiraProject', 'asanaProject', 'notionAncestor', 'gmailLabel', 'gmailSenderDomain']);
export const zOwnershipRuleInput = z.object({
  tool: zTool,
  field: zRuleField,
  /**
   * Matched against the item's container facts: an opaque id (an Asana project gid, a Notion page id) exactly, a name
   * (and a Jira project key, a Gmail label or domain) case-insensitively as a whole value, `*` matching any run of
   * characters. A sender-domain pattern `*.acme.com` matches `acme.com` and its subdomains.
   */
  pattern: name(255),
  teamId: zEntityId,
  goalId: zEntityId.nullable().default(null),
  /** Higher wins when several rules match. */
  priority: z.int().min(-1000).max(1000).default(0),
});
export const zOwnershipRule = zOwnershipRuleInput.extend({ ...entityMeta, review: zReviewState.optional() });

/**
 * A partial update of an input: every field optional and without its default, because zod 4's `.partial()` still
 * fills defaults, and a patch `{ title }` must not reset `description` to ''. Updates carry a mandatory
 * `baseVersion`, so a stale write is a conflict, not an overwrite.
 */
function patchOf<Shape extends z.ZodRawShape>(input: z.ZodObject<Shape>) {
  const fields = Object.fromEntries(
    Object.entries(input.shape).map(([field, schema]) => [
      field,
      (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : (schema as z.ZodType)).optional(),
    ]),
  ) as unknown as { [K in keyof Shape]: z.ZodOptional<Shape[K] extends z.ZodDefault<infer Inner> ? Inner : Shape[K]> };
  return z.object(fields);
}
export const zTeamPatch = patchOf(zTeamInput);
export const zGoalPatch = patchOf(zGoalInput);
export const zItemPatch = patchOf(zItemInput.omit({ ref: true }));
export const zOwnershipRulePatch = patchOf(zOwnershipRuleInput);

// ---------------------------------------------------------------------------------------------------------------
// Sync: pull

export const zEntityName = z.enum(['team', 'goal', 'decision', 'item', 'link', 'rule', 'note']);

const upsert = <E extends z.infer<typeof zEntityName>, S extends z.ZodType>(entity: E, data: S) =>
  z.object({ op: z.literal('upsert'), seq: zCursor, entity: z.literal(entity), data });

export const zUpsertChange = z.discriminatedUnion('entity', [
  upsert('team', zTeam),
  upsert('goal', zGoal),
  upsert('decision', zDecision),
  upsert('item', zItem),
  upsert('link', zLink),
  upsert('rule', zOwnershipRule),
  upsert('note', zNote),
]);
export const zTombstoneChange = z.object({ op: z.literal('delete'), seq: zCursor, entity: zEntityName, id: zEntityId });
export const zChange = z.discriminatedUnion('op', [zUpsertChange, zTombstoneChange]);

export const PULL_PAGE_MAX = 1000;
export const zPullPage = z.object({
  changes: z.array(zChange).max(PULL_PAGE_MAX),
  /** Resume point: the seq of the last change in this page, or the request's cursor when the page is empty. */
  cursor: zCursor,
  hasMore: z.boolean(),
});

// ---------------------------------------------------------------------------------------------------------------
// Sync: push

const mutation = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ mutationId: zEntityId, type: z.literal(type), ...shape });

export const zMutation = z.discriminatedUnion('type', [
  mutation('team.create', { id: zEntityId, data: zTeamInput }),
  mutation('team.update', { id: zEntityId, baseVersion: zVersion, data: zTeamPatch }),
  mutation('team.delete', { id: zEntityId, baseVersion: zVersion }),
  mutation('goal.create', { id: zEntityId, data: zGoalInput }),
  mutation('goal.update', { id: zEntityId, baseVersion: zVersion, data: zGoalPatch }),
  mutation('goal.delete', { id: zEntityId, baseVersion: zVersion }),
  mutation('decision.create', { id: zEntityId, data: zDecisionInput }),
  /**
   * Links more work items to a decision (an item that followed a superseded decision now follows this one). What was
   * decided stays as it was; adding keys is order-free and idempotent, so it needs no base version.
   */
  mutation('decision.linkItems', { id: zEntityId, itemKeys: z.array(name(512)).min(1).max(DECISION_ITEM_KEYS_MAX) }),
  /** Accepts, withdraws or reverts a decision; the status it leaves must allow it (DECISION_TRANSITIONS). */
  mutation('decision.transition', { id: zEntityId, data: z.object({ transition: zDecisionTransition }) }),
  /**
   * Reviews (still true, and/or a new schedule) of a decision, goal or rule. Verifying is order-free and what it
   * records is the session's user and the server's time, so it needs no base version; it does not change what
   * the entity says.
   */
  mutation('decision.review', { id: zEntityId, data: zReviewInput }),
  mutation('goal.review', { id: zEntityId, data: zReviewInput }),
  mutation('rule.review', { id: zEntityId, data: zReviewInput }),
  mutation('note.create', { id: zEntityId, data: zNoteInput }),
  /** Items are identified by their key: the first capture creates the row, later ones refresh title and context. */
  mutation('item.upsert', { id: zEntityId, data: zItemInput }),
  mutation('link.create', { id: zEntityId, data: zLinkInput }),
  mutation('link.delete', { id: zEntityId }),
  mutation('rule.create', { id: zEntityId, data: zOwnershipRuleInput }),
  mutation('rule.update', { id: zEntityId, baseVersion: zVersion, data: zOwnershipRulePatch }),
  mutation('rule.delete', { id: zEntityId, baseVersion: zVersion }),
]);

export const MUTATION_BATCH_MAX = 100;
export const zMutationBatch = z.object({ mutations: z.array(zMutation).min(1).max(MUTATION_BATCH_MAX) });

/**
 * Every code the server answers an error with (`{ error: { code, message, params } }`, and a rejected mutation's
 * `code`). The `message` is English, for API users and logs; the extension says the code in the user's language
 * (utils/refusals.ts) with the `params`, and shows the message only for a code it does not know (a newer server).
 * So a client reads `code` as `name(64)`, not as this enum: a code added later must not make the answer unreadable.
 */
export const API_ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'unauthorized',
  'token_expired',
  'account_deactivated',
  'forbidden',
  'not_found',
  'stale_version',
  'already_exists',
  'slug_taken',
  'link_exists',
  'too_many_items',
  'referenced',
  'already_superseded',
  'invalid_transition',
  'cycle',
  'idempotency_mismatch',
  'payload_too_large',
  'import_running',
  'not_configured',
  'rate_limited',
  'internal',
  'unavailable',
  // Sign-in
  'invalid_redirect_uri',
  'invalid_state',
  'invalid_code',
  'code_used',
  'code_verifier_mismatch',
  'oidc_not_configured',
  'invite_expired',
  'invite_used_up',
  'email_taken',
  'last_admin',
  // A rule suggestion's decision (`POST /v1/suggestions/decisions`, per suggestion)
  'already_decided',
  'already_covered',
] as const;
export const zApiErrorCode = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof zApiErrorCode>;

/** What an error's `params.subject` names: the kind of thing not found, taken or still referenced. */
export const zErrorSubject = z.enum([
  'team',
  'goal',
  'decision',
  'note',
  'item',
  'link',
  'rule',
  'person',
  'device',
  'token',
  'invite',
  'connector',
  'workspace',
  'suggestion',
  'route',
]);
export type ErrorSubject = z.infer<typeof zErrorSubject>;

/**
 * The data an error's message carries, so that a client can say it in its own words: each field belongs to some
 * codes and is absent otherwise (a client that finds one missing says the code without it).
 */
export const zApiErrorParams = z
  .object({
    /** `forbidden`: the caller's role and the least role the action needs ("needs the member role"). */
    role: zRole,
    needed: zRole,
    /** `not_found`, `already_exists`, `referenced`, `stale_version`: the kind of thing. */
    subject: zErrorSubject,
    /** `not_found`: the entity a write names that no longer exists (a team deleted while this one was offline). */
    missing: z.enum(['team', 'goal']),
    /** `already_superseded`: the title of the decision that supersedes it. */
    title: name(500),
    /** `invalid_transition`: the decision's status and the move refused. */
    status: zDecisionStatus,
    transition: z.enum(['accept', 'withdraw', 'revert', 'supersede']),
    /** `already_decided`: what the suggestion was decided as. */
    decided: z.enum(['accepted', 'rejected']),
    /** `import_running`: the connector's name. */
    name: name(120),
    /** `too_many_items`: the most allowed. */
    max: z.int().min(0),
    /** `rate_limited`: seconds until a retry may succeed. */
    retryAfterSeconds: z.int().min(0),
  })
  .partial();
/**
 * As clients read it: params a newer server words differently (a role added later) are dropped, never the answer
 * they came with (a whole batch of mutation results).
 */
const zErrorParamsField = zApiErrorParams.optional().catch(undefined);
export type ApiErrorParams = z.infer<typeof zApiErrorParams>;

export const zMutationResult = z.discriminatedUnion('status', [
  /** Applied now, or earlier (`duplicate`: a retry of a mutation id the server already recorded). */
  z.object({
    mutationId: zEntityId,
    status: z.enum(['applied', 'duplicate']),
    entity: zEntityName,
    id: zEntityId,
    version: zVersion,
  }),
  /** Permanently refused (validation, permission, missing reference). Retrying the same mutation cannot succeed. */
  z.object({
    mutationId: zEntityId,
    status: z.literal('rejected'),
    code: name(64),
    message: text(1000),
    params: zErrorParamsField,
  }),
  /** The base version is older than the server's: the user decides; `serverVersion` is what they would overwrite. */
  z.object({
    mutationId: zEntityId,
    status: z.literal('conflict'),
    code: z.literal('stale_version'),
    message: text(1000),
    serverVersion: zVersion,
  }),
]);
export const zMutationBatchResult = z.object({ results: z.array(zMutationResult).max(MUTATION_BATCH_MAX) });

// ---------------------------------------------------------------------------------------------------------------
// The weekly digest of a team (or of the caller's teams): `GET /v1/digest`, e-mail and webhook

/** How many entries of each digest list are shown; the rest are counted (and linked from e-mail and Markdown). */
export const DIGEST_LIST_MAX = 25;
const bounded = <S extends z.ZodType>(entry: S) =>
  z.object({ total: z.int().min(0), shown: z.array(entry).max(DIGEST_LIST_MAX) });
const zDigestDecision = z.object({
  id: zEntityId,
  title: text(400),
  decidedAt: zTimestamp,
  decidedBy: text(200),
  status: zDecisionStatus,
});
const zDigestItem = z.object({ key: text(512), title: text(1000), url: text(2048), tool: zTool });
export const zDigestWeek = z.object({
  /** The local Monday the week starts on, and the next one. */
  start: zDate,
  end: zDate,
  timeZone: text(64),
  /** The instants it starts and ends at. */
  from: zTimestamp,
  to: zTimestamp,
});
/** A count for each of `keys`, every key present (an object with one property each, so its JSON Schema names them). */
const countsBy = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.int().min(0)])) as { [P in K]: z.ZodInt });
export const zDigest = z.object({
  teams: z.array(z.object({ id: zEntityId, name: text(200) })).max(500),
  label: text(20_000),
  week: zDigestWeek,
  decisionsMade: bounded(zDigestDecision),
  decisionsSuperseded: bounded(
    z.object({ replaced: z.object({ id: zEntityId, title: text(400) }), by: zDigestDecision }),
  ),
  goalStatusChanges: bounded(
    z.object({
      goalId: zEntityId,
      title: text(400),
      from: zGoalStatus.nullable(),
      to: zGoalStatus,
      at: zTimestamp,
      by: text(200),
    }),
  ),
  itemsNewlyLinked: bounded(zDigestItem.extend({ kind: z.enum(['owner', 'goal']), at: zTimestamp, by: text(200) })),
  unownedItemsSeen: bounded(zDigestItem),
  reviewsDue: bounded(
    z.object({
      entity: z.enum(['decision', 'goal', 'rule']),
      id: zEntityId,
      title: text(1000),
      dueOn: zDate,
      verifiedBy: text(200).nullable(),
    }),
  ),
  charts: z.object({
    decisionsByDay: z.array(z.object({ date: zDate, count: z.int().min(0) })).length(7),
    goalsByStatus: countsBy(zGoalStatus.options),
    linkedByTool: countsBy(zTool.options),
  }),
});
/** `GET /v1/digest?teams=<id,id…|mine>&week=<Monday>`: the digest, and the same as Markdown. */
export const zDigestQuery = z.object({
  teams: z.union([
    z.literal('mine'),
    z
      .string()
      .max(2000)
      .regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i, 'teams must be team ids or mine'),
  ]),
  week: zDate.refine((date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 1, 'week must be a Monday'),
});
export const zDigestAnswer = z.object({ digest: zDigest, markdown: text(200_000) });
/** `PUT /v1/teams/:id/digest-settings` (admins): whether members get the digest by e-mail, and a webhook URL. */
export const zDigestSettings = z
  .object({ emailEnabled: z.boolean().default(true), webhookUrl: zHttpUrl.nullable().default(null) })
  .strict();
/** What the server answers once it stored them: the webhook URL is a secret, so only whether one is set. */
export const zDigestSettingsAnswer = z.object({ emailEnabled: z.boolean(), webhook: z.boolean() });
// Connectors, containers and rule suggestions (admins only; the server reads the tools' structure, never items)

/** Which API a connector reads: Jira Cloud (email + API token), Jira Server/Data Center (PAT), Asana, Notion. */
export const zConnectorKind = z.enum(['jira_cloud', 'jira_server', 'asana', 'notion']);
/**
 * What an admin sends to connect a tool. The secret goes to the server once and is kept encrypted there; no answer
 * ever carries it back. `baseUrl` is the site (Jira), or the API's address when it is not the public one.
 */
export const zConnectorInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('jira_cloud'),
    name: name(120),
    baseUrl: zHttpUrl,
    email: z.email().max(320),
    apiToken: name(2000),
  }),
  z.object({ kind: z.literal('jira_server'), name: name(120), baseUrl: zHttpUrl, token: name(2000) }),
  z.object({ kind: z.literal('asana'), name: name(120), baseUrl: zHttpUrl.optional(), token: name(2000) }),
  z.object({ kind: z.literal('notion'), name: name(120), baseUrl: zHttpUrl.optional(), token: name(2000) }),
]);
export const zImportStatus = z.enum(['queued', 'running', 'succeeded', 'partial', 'failed']);
/**
 * What an import was reading when something went wrong: the project list or a page of projects (`n`: the first
 * index), a project's components (`name`: its key), the workspaces, a workspace's teams or projects (`name`: the
 * workspace), a page of Notion's search (`n`: its number), a Notion parent outside the shared pages (`kind`, `name`:
 * its id, `below`: the title of a container under it).
 */
export const zImportSubjectCode = z.enum([
  'project_list',
  'projects_from',
  'components',
  'workspaces',
  'teams',
  'projects',
  'search_page',
  'parent',
]);
export const zImportSubject = z.object({
  code: zImportSubjectCode,
  name: text(1000).optional(),
  n: z.int().min(0).optional(),
  kind: z.enum(['page', 'database', 'block']).optional(),
  below: text(1000).optional(),
});
/**
 * Why an import, or a part of it, could not be read, said by the hub in the reader's language: `auth` the tool
 * refused the credentials (revoked?), `rate_limited` it kept answering 429, `unreachable` it could not be reached,
 * `garbage` it answered something that is not its API, `http_error` it answered with an error (`status`),
 * `parent_unreadable` a Notion parent page failed (its chain above is unknown), `parents_limit` more parents outside
 * the shared pages than one import looks up (`count`), `failed` the import itself failed (Hallway's fault).
 */
export const zImportProblemCode = z.enum([
  'auth',
  'rate_limited',
  'unreachable',
  'garbage',
  'http_error',
  'parent_unreadable',
  'parents_limit',
  'failed',
]);
export const zImportProblem = z.object({
  code: zImportProblemCode,
  tool: zTool.optional(),
  subject: zImportSubject.optional(),
  /** The HTTP status the tool answered, where it answered one. */
  status: z.int().min(100).max(599).optional(),
  count: z.int().min(0).optional(),
  /** The tool's (or the server's) own words, as they came: a secondary detail, never translated. */
  detail: text(500).optional(),
});
/** One import of a connector: progress while it runs, then what came of it. */
export const zImportRun = z.object({
  id: zEntityId,
  connectorId: zEntityId,
  status: zImportStatus,
  /** Pages of answers read so far, and the containers they held. */
  pages: z.int().min(0),
  containers: z.int().min(0),
  /** Containers no longer in the tool, found at the end of a complete run. */
  removed: z.int().min(0),
  /** What went wrong (failed), or what could not be read (partial), at most 20 (`moreProblems`: how many more). */
  problems: z.array(zImportProblem).max(20).default([]),
  moreProblems: z.int().min(0).default(0),
  /** A run recorded before problems had codes: its text as the server wrote it then (English), else null. */
  error: text(2000).nullable(),
  /** `auth`: the tool refused the credentials (revoked?); `garbage`: it answered something that is not its API. */
  errorKind: z.enum(['auth', 'rate_limited', 'garbage', 'unreachable', 'other']).nullable(),
  createdAt: zTimestamp,
  startedAt: zTimestamp.nullable(),
  finishedAt: zTimestamp.nullable(),
});
export const zConnector = z.object({
  id: zEntityId,
  kind: zConnectorKind,
  name: name(120),
  baseUrl: zHttpUrl.nullable(),
  /** Who the credentials are (the Jira email), never the secret itself. */
  account: text(320).nullable(),
  createdAt: zTimestamp,
  lastRun: zImportRun.nullable(),
});
export const zContainerKind = z.enum(['project', 'component', 'workspace', 'team', 'page', 'database']);
/** A person a tool names as lead or owner of a container, as far as the tool tells. */
export const zToolPerson = z.object({
  name: text(200).optional(),
  email: text(320).optional(),
  id: text(200).optional(),
});
/** What the tool says about who owns a container. */
export const zOwnerHints = z.object({
  lead: zToolPerson.optional(),
  /** Jira: the project's category; Atlassian teams are not readable through Jira's REST API. */
  category: text(255).optional(),
  atlassianTeam: text(255).optional(),
  asanaTeam: z.object({ id: text(64), name: text(255) }).optional(),
  /** Notion: the titles from the top of the parent chain down to the container's parent (no teamspace API). */
  ancestry: z.array(text(255)).max(32).optional(),
  /** Jira: the leads of the project's components. */
  componentLeads: z.array(zToolPerson).max(100).optional(),
});
export const zContainerRecord = z.object({
  id: zEntityId,
  connectorId: zEntityId,
  tool: zTool,
  kind: zContainerKind,
  /** The tool's own id: Jira's project id, an Asana gid, a Notion page or database id (32 hex). */
  externalId: text(255),
  /** Jira's project key, what items carry in their URL. */
  key: text(255).nullable(),
  name: text(1000),
  parentExternalId: text(255).nullable(),
  hints: zOwnerHints,
  /** Name, key or parent before the last import that changed them. */
  previous: z
    .object({
      name: text(1000).nullable().optional(),
      key: text(255).nullable().optional(),
      parentExternalId: text(255).nullable().optional(),
    })
    .nullable(),
  updatedAt: zTimestamp,
  /** Set when a complete import no longer found it. */
  removedAt: zTimestamp.nullable(),
});
/**
 * The rule field that names a container of this kind, or null: Jira projects (by key), Asana projects (by gid),
 * Notion pages and databases (as ancestors). Jira components, Asana teams and workspaces are structure only.
 */
export function ruleFieldForContainer(tool: Tool, kind: z.infer<typeof zContainerKind>): RuleField | null {
  if (tool === 'jira' && kind === 'project') return 'jiraProject';
  if (tool === 'asana' && kind === 'project') return 'asanaProject';
  if (tool === 'notion' && (kind === 'page' || kind === 'database')) return 'notionAncestor';
  return null;
}

export const zSuggestionStatus = z.enum(['proposed', 'accepted', 'rejected']);
/**
 * A piece of evidence for a suggested team, strongest first, said by the hub in the reader's language:
 * `atlassian_team`, `asana_team`, `jira_category` (`value`: the tool's team or category), `under` (`value`: a title
 * above it), `named_for_team`, `name_names_team`, `name_has_team_words` (`value`: the container's name), `lead_member`
 * (`value`: the lead's name or email), `component_leads_members` (`count`), `namesakes` (`count` teams share the
 * team's name, `value`; this one was told apart by its members).
 */
export const zSuggestionEvidenceCode = z.enum([
  'atlassian_team',
  'asana_team',
  'jira_category',
  'under',
  'named_for_team',
  'name_names_team',
  'name_has_team_words',
  'lead_member',
  'component_leads_members',
  'namesakes',
]);
export const zSuggestionEvidence = z.object({
  code: zSuggestionEvidenceCode,
  value: text(1000).optional(),
  count: z.int().min(0).optional(),
});
export const zRuleSuggestion = z.object({
  id: zEntityId,
  containerId: zEntityId,
  container: z.object({
    tool: zTool,
    kind: zContainerKind,
    name: text(1000),
    key: text(255).nullable(),
    externalId: text(255),
  }),
  teamId: zEntityId,
  /** 0..1: how strongly the evidence points at the team. */
  score: z.number().min(0).max(1),
  /** Why this team: the evidence, strongest first (empty for a suggestion stored before evidence had codes). */
  why: z.array(zSuggestionEvidence).max(8).default([]),
  /** A suggestion stored before evidence had codes: its reason as the server wrote it then (English), else null. */
  reason: text(500).nullable().default(null),
  status: zSuggestionStatus,
  /** The rule it became (accepted), which the admin may have edited before accepting. */
  ruleId: zEntityId.nullable(),
  field: zRuleField,
  pattern: name(255),
  /**
   * Something changed in the tool since it was accepted; the rule was left as it is. `renamed`: the Jira key went
   * `from` (what the rule names) `to` another; `moved`: `under` is the team hint it sits under now, if any.
   */
  flag: z
    .object({
      kind: z.enum(['removed', 'renamed', 'moved']),
      from: text(255).optional(),
      to: text(255).optional(),
      under: text(1000).optional(),
    })
    .nullable(),
});
/** The admin's answers to suggestions, many at once: accept (optionally with another team), or reject. */
export const zSuggestionDecisions = z.object({
  decisions: z
    .array(
      z.discriminatedUnion('action', [
        z.object({ id: zEntityId, action: z.literal('accept'), teamId: zEntityId.optional() }),
        z.object({ id: zEntityId, action: z.literal('reject') }),
      ]),
    )
    .min(1)
    .max(1000),
});

/** What became of each decision, in order: one that fails (already decided, a team gone) leaves the others done. */
export const zSuggestionDecisionResults = z.object({
  results: z.array(
    z.object({
      id: zEntityId,
      status: z.enum(['accepted', 'rejected', 'failed']),
      ruleId: zEntityId.optional(),
      /** Why it failed, in English, with its code (`not_found`, `already_decided`, `already_covered`, …) and params. */
      error: text(500).optional(),
      code: name(64).optional(),
      params: zErrorParamsField,
    }),
  ),
});
export type SuggestionDecisionResult = z.infer<typeof zSuggestionDecisionResults>['results'][number];

// ---------------------------------------------------------------------------------------------------------------
// Who may do what: the one table the server's authorization and the extension's UI both read (utils/roles.ts,
// without zod, so that a page can ask `may()` before zod loads)

export { leastRoleFor, may, PERMISSIONS, type Permission } from './roles.ts';

/** The permission each mutation needs: the server checks it, the extension's outbox knows which refusals a new role lifts. */
export const PERMISSION_OF_MUTATION = {
  'team.create': 'team.write',
  'team.update': 'team.write',
  'team.delete': 'team.write',
  'goal.create': 'goal.write',
  'goal.update': 'goal.write',
  'goal.delete': 'goal.write',
  'decision.create': 'decision.write',
  'decision.linkItems': 'decision.write',
  'decision.transition': 'decision.write',
  'decision.review': 'decision.write',
  'goal.review': 'goal.write',
  'rule.review': 'rule.write',
  'note.create': 'note.write',
  'item.upsert': 'item.write',
  'link.create': 'link.write',
  'link.delete': 'link.write',
  'rule.create': 'rule.write',
  'rule.update': 'rule.write',
  'rule.delete': 'rule.write',
} as const satisfies Record<MutationType, Permission>;

// ---------------------------------------------------------------------------------------------------------------
// Service metadata, identity and errors

export const zHealth = z.object({ service: z.literal('hallway'), status: z.literal('ok'), version: text(40) });
/** Renaming the workspace (admins) or oneself (anyone): `PATCH /v1/workspace` and `PATCH /v1/me`. */
export const zWorkspaceRename = z.object({ name: name(200) }).strict();
export const zUserRename = z.object({ name: name(120) }).strict();

export const zUserStatus = z.enum(['active', 'deactivated']);
/** Email addresses are stored and compared lower-cased. */
export const zEmail = z
  .email()
  .max(320)
  .transform((value) => value.toLowerCase());

/**
 * Who the token belongs to. `email` is null for users made with `npm run token` (bots, scripts); `status` is always
 * `active` here, since a deactivated user's token is refused before it gets this far.
 */
export const zMe = z.object({
  workspace: z.object({ id: zEntityId, name: name(200) }),
  user: z.object({
    id: zEntityId,
    name: name(120),
    role: zRole,
    /** The person's email where the server knows it (people who signed in with the company's provider or an invite). */
    email: zEmail.nullable().optional(),
    /** Always `active` from the server: a deactivated person's token is refused before this. */
    status: zUserStatus.optional(),
  }),
});

export const zApiError = z.object({
  error: z.object({ code: name(64), message: text(2000), params: zErrorParamsField }),
});

// ---------------------------------------------------------------------------------------------------------------
// Sign-in: OpenID Connect through the server, invites, device tokens, people (issue 14)
//
// The extension never talks to the identity provider. It opens `GET /v1/auth/oidc/start` (or an invite's
// `GET /v1/auth/invite/start`) with `browser.identity.launchWebAuthFlow`, passing its own redirect URL, the S256
// challenge of a verifier it keeps, and a state of its own. The server runs the provider's flow and finally
// redirects to `<redirect_uri>?code=<one-time code>&state=<the extension's state>` (or `?error=<code>&
// error_description=<words>&state=`). The extension checks the state and posts the code with its verifier to
// `POST /v1/auth/token`, which answers a Hallway device token. A code is single use and lives 60 seconds.

/** What a server offers for signing in: `GET /v1/auth/config`, no token needed. */
export const zAuthConfig = z.object({
  /** The workspace people sign in to; null before the server has one. */
  workspace: z.object({ name: name(200) }).nullable(),
  /** Set when the server is configured with an OpenID Connect provider: "Sign in with <providerName>". */
  oidc: z.object({ providerName: name(120) }).nullable(),
  /** Invite links are always accepted (an admin makes them in the hub). */
  invites: z.boolean(),
  /** Pasting a token made with `npm run token` or by an admin always works. */
  tokenPaste: z.literal(true),
});

/** RFC 7636: a verifier is 43 to 128 unreserved characters; its S256 challenge is 43 base64url characters. */
export const zCodeVerifier = z
  .string()
  .regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be 43 to 128 characters of A-Z a-z 0-9 . _ ~ -');
export const zCodeChallenge = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'must be the S256 challenge: 43 base64url characters');
/** The extension's own state, echoed back on its redirect: 16 to 512 unreserved characters. */
export const zAuthState = z
  .string()
  .regex(/^[A-Za-z0-9._~-]{16,512}$/, 'must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ -');

/** The query of `GET /v1/auth/oidc/start` and `GET /v1/auth/invite/start` (the latter also has `invite`). */
export const zAuthStartQuery = z.object({
  redirect_uri: z.string().min(1).max(2048),
  code_challenge: zCodeChallenge,
  code_challenge_method: z.literal('S256', { error: 'code_challenge_method must be S256' }),
  state: zAuthState,
});
export const zInviteStartQuery = zAuthStartQuery.extend({ invite: z.string().min(1).max(200) });

/**
 * The redirect URL `browser.identity.getRedirectURL()` gives an extension: Chrome's `https://<id>.chromiumapp.org/`,
 * Firefox's `https://<sha1 hex of the add-on id>.extensions.allizom.org/`. `firefoxHash` is that SHA-1 (the
 * contract imports nothing but zod, so the caller hashes). The server accepts exactly these for its configured ids.
 */
export function extensionRedirectUrl(extensionId: string, firefoxHash?: string): string {
  return firefoxHash ? `https://${firefoxHash}.extensions.allizom.org/` : `https://${extensionId}.chromiumapp.org/`;
}
/** Chrome extension ids are 32 letters a-p; anything else is a Firefox add-on id (`name@domain` or `{uuid}`). */
export const isChromeExtensionId = (id: string) => /^[a-p]{32}$/.test(id);

/** `POST /v1/auth/token`: the one-time code from the redirect, the verifier of its challenge, this browser's name. */
export const zTokenExchange = z.object({
  code: z.string().min(1).max(200),
  codeVerifier: zCodeVerifier,
  /** Shown in the device list, e.g. "Chrome on Linux". */
  deviceName: name(120),
});
export const zSessionUser = z.object({ id: zEntityId, name: name(120), email: zEmail.nullable(), role: zRole });
/** The answer of `POST /v1/auth/token`: the device token (shown this once) and who it belongs to. */
export const zSignedIn = z.object({
  token: z.string().regex(/^hw_[A-Za-z0-9_-]{43}$/),
  user: zSessionUser,
  workspace: z.object({ id: zEntityId, name: name(200) }),
});

/** One person of the workspace as admins see them: `GET /v1/people`. */
export const zPerson = z.object({
  id: zEntityId,
  name: name(120),
  email: zEmail.nullable(),
  role: zRole,
  status: zUserStatus,
  /** The last request made with any of their tokens (to the minute); null when never seen. */
  lastSeenAt: zTimestamp.nullable(),
  createdAt: zTimestamp,
});
/** `PATCH /v1/people/:id`. With a groups claim mapping, the provider's groups set the role again at each sign-in. */
export const zPersonPatch = z
  .object({ role: zRole.optional(), status: zUserStatus.optional() })
  .strict()
  .refine((patch) => patch.role !== undefined || patch.status !== undefined, 'give role or status');

/** A device token (one per signed-in browser) or an API token: `GET /v1/devices`. */
export const zDevice = z.object({
  id: zEntityId,
  userId: zEntityId,
  name: name(120),
  /** `device`: made by a sign-in, expires when unused for the server's number of days; `api`: pasted, never expires. */
  kind: z.enum(['device', 'api']),
  createdAt: zTimestamp,
  lastUsedAt: zTimestamp.nullable(),
  /** When it stops working unless used before; null for API tokens. */
  expiresAt: zTimestamp.nullable(),
  /** The token of the request that listed it. */
  current: z.boolean(),
});

export const INVITE_DAYS_MAX = 90;
export const INVITE_USES_MAX = 1000;
/** `POST /v1/invites` (admins). */
export const zInviteCreate = z
  .object({
    role: zRole.default('member'),
    expiresInDays: z.int().min(1).max(INVITE_DAYS_MAX).default(7),
    maxUses: z.int().min(1).max(INVITE_USES_MAX).default(1),
  })
  .strict();
export const zInvite = z.object({
  id: zEntityId,
  role: zRole,
  maxUses: z.int().min(1).max(INVITE_USES_MAX),
  uses: z.int().min(0),
  expiresAt: zTimestamp,
  createdAt: zTimestamp,
  createdBy: name(120),
  revokedAt: zTimestamp.nullable(),
});
/** The invite as made: only this answer carries its link, `url` (the server keeps the secret's hash only). */
export const zCreatedInvite = zInvite.extend({ url: zHttpUrl });

/**
 * An invite link: the server's public URL, `/invite`, and the secret in the fragment as `#invite=<secret>` (a
 * fragment never reaches a server's log). The extension reads it with `parseInviteLink` in utils/auth/flow.ts.
 */
export const inviteLink = (serverUrl: string, secret: string) =>
  `${serverUrl.replace(/\/+$/, '')}/invite#${new URLSearchParams({ invite: secret })}`;

/**
 * The `error` of a failed sign-in redirect (`<redirect_uri>?error=…&error_description=…`), beside OAuth's own
 * `access_denied`, `invalid_request` and `server_error`.
 */
export const SIGN_IN_ERRORS = [
  'access_denied',
  'invalid_request',
  'server_error',
  'email_not_verified',
  'email_domain_not_allowed',
  'account_deactivated',
  'provider_unavailable',
  'id_token_invalid',
  'invite_expired',
  'invite_used_up',
  'invite_not_found',
  'email_taken',
  'email_taken_unverified',
] as const;
export type SignInError = (typeof SIGN_IN_ERRORS)[number];
export const zListPage = <S extends z.ZodType>(item: S) =>
  z.object({ data: z.array(item), nextCursor: z.string().max(200).nullable() });

// ---------------------------------------------------------------------------------------------------------------
// Live: GET /v1/events (Server-Sent Events)

/** The only data the event stream carries: the workspace's newest seq. The client pulls when it is past its cursor. */
export const zPoke = z.object({ seq: zCursor });
export const EVENTS_PATH = '/v1/events';

export interface StreamEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * An incremental parser of `text/event-stream` (the WHATWG rules that matter here: fields, comments, CRLF or LF,
 * one event per blank line). Feed it text as it arrives; it returns the events completed so far. `retry` reports
 * the server's reconnection hint.
 */
export function createEventStreamParser(onRetry?: (ms: number) => void) {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  return (chunk: string): StreamEvent[] => {
    buffer += chunk;
    const events: StreamEvent[] = [];
    for (;;) {
      const end = buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (data.length > 0) events.push({ event: event || 'message', data: data.join('\n'), id });
        data = [];
        event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
      else if (field === 'id' && !value.includes('\0')) id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) onRetry?.(Number(value));
    }
    // A line longer than any the server sends is not an event stream of ours: drop it rather than grow.
    if (buffer.length > 64 * 1024) buffer = '';
    return events;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Types

export type Tool = z.infer<typeof zTool>;
export type ItemKind = z.infer<typeof zItemKind>;
export type Role = z.infer<typeof zRole>;
export type GoalStatus = z.infer<typeof zGoalStatus>;
export type DecisionStatus = z.infer<typeof zDecisionStatus>;
export type ItemRef = z.infer<typeof zItemRef>;
export type ItemContext = z.infer<typeof zItemContext>;
export type Container = z.infer<typeof zContainer>;
export type TeamMember = z.infer<typeof zTeamMember>;
export type TeamInput = z.input<typeof zTeamInput>;
export type Team = z.infer<typeof zTeam>;
export type GoalInput = z.input<typeof zGoalInput>;
export type Goal = z.infer<typeof zGoal>;
export type GoalStatusChange = z.infer<typeof zGoalStatusChange>;
export type DecisionInput = z.input<typeof zDecisionInput>;
export type Decision = z.infer<typeof zDecision>;
export type DecisionStatusChange = z.infer<typeof zDecisionStatusChange>;
export type NoteInput = z.input<typeof zNoteInput>;
export type Note = z.infer<typeof zNote>;
export type ItemInput = z.input<typeof zItemInput>;
export type Item = z.infer<typeof zItem>;
export type LinkInput = z.infer<typeof zLinkInput>;
export type Link = z.infer<typeof zLink>;
export type RuleField = z.infer<typeof zRuleField>;
export type ConnectorKind = z.infer<typeof zConnectorKind>;
export type ConnectorInput = z.infer<typeof zConnectorInput>;
export type Connector = z.infer<typeof zConnector>;
export type ImportRun = z.infer<typeof zImportRun>;
export type ImportProblem = z.infer<typeof zImportProblem>;
export type ImportSubject = z.infer<typeof zImportSubject>;
export type ContainerKind = z.infer<typeof zContainerKind>;
export type OwnerHints = z.infer<typeof zOwnerHints>;
export type ContainerRecord = z.infer<typeof zContainerRecord>;
export type RuleSuggestion = z.infer<typeof zRuleSuggestion>;
export type SuggestionEvidence = z.infer<typeof zSuggestionEvidence>;
export type OwnershipRuleInput = z.input<typeof zOwnershipRuleInput>;
export type OwnershipRule = z.infer<typeof zOwnershipRule>;
export type EntityName = z.infer<typeof zEntityName>;
export type UpsertChange = z.infer<typeof zUpsertChange>;
export type TombstoneChange = z.infer<typeof zTombstoneChange>;
export type Change = z.infer<typeof zChange>;
export type PullPage = z.infer<typeof zPullPage>;
export type Mutation = z.infer<typeof zMutation>;
export type MutationType = Mutation['type'];
export type MutationBatch = z.infer<typeof zMutationBatch>;
export type MutationResult = z.infer<typeof zMutationResult>;
export type MutationBatchResult = z.infer<typeof zMutationBatchResult>;
export type Health = z.infer<typeof zHealth>;
export type Poke = z.infer<typeof zPoke>;
export type ReviewState = z.infer<typeof zReviewState>;
export type Digest = z.infer<typeof zDigest>;
export type DigestWeek = z.infer<typeof zDigestWeek>;
export type DigestAnswer = z.infer<typeof zDigestAnswer>;
export type DigestSettingsAnswer = z.infer<typeof zDigestSettingsAnswer>;
export type ReviewInput = z.input<typeof zReviewInput>;
export type Me = z.infer<typeof zMe>;
export type UserStatus = z.infer<typeof zUserStatus>;
export type AuthConfig = z.infer<typeof zAuthConfig>;
export type TokenExchange = z.infer<typeof zTokenExchange>;
export type SignedIn = z.infer<typeof zSignedIn>;
export type Person = z.infer<typeof zPerson>;
export type PersonPatch = z.infer<typeof zPersonPatch>;
export type Device = z.infer<typeof zDevice>;
export type InviteCreate = z.input<typeof zInviteCreate>;
export type Invite = z.infer<typeof zInvite>;
export type CreatedInvite = z.infer<typeof zCreatedInvite>;
export type ApiError = z.infer<typeof zApiError>;

// ---------------------------------------------------------------------------------------------------------------
// Validation problems in words: what the extension shows and the server answers

/** The write's own wrapper keys say nothing to the person who filled in the form. */
const WRAPPER_KEYS = new Set(['data', 'patch', 'team', 'goal', 'decision', 'item', 'link', 'rule', 'write']);
const words = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** `['team', 'members', 2, 'email']` reads "member 3, email". */
export function pathInWords(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  path.forEach((key, index) => {
    if (typeof key === 'number') {
      const previous = parts.pop() ?? 'entry';
      parts.push(`${previous.replace(/s$/, '')} ${key + 1}`);
    } else if (!(index < path.length - 1 && WRAPPER_KEYS.has(String(key)))) {
      parts.push(words(String(key)));
    }
  });
  return parts.join(', ');
}

/** Validation problems as one readable line: "member 3, email: invalid email address; name: too long". */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 10)
    .map((issue) => {
      const where = pathInWords(issue.path);
      const what = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
      return where ? `${where}: ${what}` : issue.message;
    })
    .join('; ')
    .slice(0, 2000);
}
