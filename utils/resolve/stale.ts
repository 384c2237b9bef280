/**
 * Stale warnings: what in an item's resolved context may no longer be true, each with why and the one-click fix.
 * Computed inside the one resolution (resolveContext) from what it already read, with no lookup of its own, so the
 * sidebar, the launcher and the hub show the same warnings and nothing about the page leaves the browser.
 *
 * A fix is a local write (through the outbox, so it works offline) or, where nothing on the server is wrong for
 * everyone (a reverted decision the user has taken note of), a local dismissal shared with the snapshot's.
 *
 * The texts are `Message`s (a key of locales/en.yml and its values, utils/message.ts), each a whole sentence,
 * translated where they are shown (`say`); dates travel as days and are written in the user's language there.
 */
import {
  type Decision,
  type Goal,
  type Item,
  type ItemContext,
  type ItemRef,
  isReviewDue,
  type Link,
  type OwnershipRule,
  type Permission,
  reviewDueOn,
  type Team,
} from '../contract.ts';
import type { LocalWrite } from '../db/commands.ts';
import { type Message, message } from '../message.ts';
import { TOOL_NAMES } from '../tools.ts';
import { bestRule, containerFacts, factLabel, type RuleMatch } from './rules.ts';

export type StaleKind =
  | 'decision-superseded'
  | 'decision-reverted'
  | 'goal-closed'
  | 'team-deleted'
  | 'team-renamed'
  | 'container-moved'
  | 'review-overdue';

export type StaleFix =
  /** A local write through the background (the outbox); `permission` is what the user's role needs for it. */
  | { kind: 'write'; label: Message; write: LocalWrite; permission: Permission }
  /** Remembered in this browser only: `key` joins the snapshot's dismissals (`dismissalKey`). */
  | { kind: 'dismiss'; label: Message; key: string };

export interface StaleWarning {
  kind: StaleKind;
  /** Stable per warning and item, for React keys and tests. */
  id: string;
  /** One short sentence: what is stale. */
  title: Message;
  /** Why Hallway says so: whole sentences, shown one after the other. */
  why: Message[];
  /** The decision, goal, team or rule the warning is about, for a link into the hub. */
  subject: { entity: 'decision' | 'goal' | 'team' | 'rule'; id: string } | null;
  /** What is in force instead (the decision that replaced a superseded one), when there is one. */
  current: { entity: 'decision'; id: string; title: string } | null;
  fix: StaleFix;
}

/** What the resolution read that the warnings are computed from. */
export interface StaleInputs {
  ref: ItemRef;
  /** Every key the item is known by (a Gmail thread: its shared key and its mailbox key); `ref.key` first. */
  keys?: readonly string[];
  /** The item as the mirror holds it (its context as captured), or null when never captured. */
  item: Item | null;
  /** What the page shows now, if known (the sidebar and the launcher know it, the hub does not). */
  pageContext: ItemContext | undefined;
  /** The item's own links, as read (including links to teams the mirror no longer holds). */
  links: readonly Link[];
  teams: ReadonlyMap<string, Team>;
  /** The owner as resolved. */
  owner:
    | { kind: 'link'; link: Extract<Link, { kind: 'owner' }> }
    | { kind: 'rule'; match: RuleMatch }
    | { kind: 'none' };
  team: Team | null;
  goal: { goal: Goal; via: 'link' | 'rule'; link: Extract<Link, { kind: 'goal' }> | null; parents: Goal[] } | null;
  decisions: readonly { decision: Decision; supersededBy: readonly Decision[] }[];
  /** Every rule of the item's tool (already loaded by the resolution). */
  rules: readonly OwnershipRule[];
  /** `dismissalKey`s the user dismissed. */
  dismissed: ReadonlySet<string>;
  /** `YYYY-MM-DD` (UTC): reviews due on or before it are overdue. */
  today: string;
}

/** The key a dismissed warning about a decision and an item is remembered by (shared with the snapshot's). */
export const dismissalKey = (decisionId: string, itemKey: string) => `${decisionId}|${itemKey}`;

const OPEN_DECISION = new Set<Decision['status']>(['proposed', 'accepted']);
const CLOSED_GOAL = new Set<Goal['status']>(['done', 'cancelled']);
const day = (iso: string) => ({ day: iso.slice(0, 10) });

export function staleWarnings(inputs: StaleInputs): StaleWarning[] {
  const warnings: StaleWarning[] = [];
  decisionWarnings(inputs, warnings);
  goalWarnings(inputs, warnings);
  ownerWarnings(inputs, warnings);
  containerWarnings(inputs, warnings);
  reviewWarnings(inputs, warnings);
  return warnings;
}

const keysOf = (inputs: StaleInputs) => inputs.keys ?? [inputs.ref.key];

function decisionWarnings(inputs: StaleInputs, out: StaleWarning[]): void {
  const key = inputs.ref.key;
  const keys = keysOf(inputs);
  for (const { decision, supersededBy } of inputs.decisions) {
    if (inputs.dismissed.has(dismissalKey(decision.id, key))) continue;
    if (decision.status === 'superseded') {
      const current = supersededBy.at(-1);
      // The item follows the change of mind already when any decision that replaced this one names it.
      if (!current || supersededBy.some((successor) => keys.some((k) => successor.itemKeys.includes(k)))) continue;
      const superseder = supersededBy[0] as Decision;
      out.push({
        kind: 'decision-superseded',
        id: `decision-superseded:${decision.id}`,
        title: message('stale.superseded.title', { title: decision.title }),
        why: [
          current.id === superseder.id
            ? message('stale.superseded.why', {
                by: superseder.decidedBy,
                title: superseder.title,
                date: day(superseder.decidedAt),
              })
            : message('stale.superseded.whyInForce', {
                by: superseder.decidedBy,
                title: superseder.title,
                date: day(superseder.decidedAt),
                current: current.title,
              }),
          message('stale.superseded.linkedToOld'),
        ],
        subject: { entity: 'decision', id: decision.id },
        current: { entity: 'decision', id: current.id, title: current.title },
        fix: OPEN_DECISION.has(current.status)
          ? {
              kind: 'write',
              label: message('stale.fix.followCurrent'),
              write: { kind: 'decision.linkItems', id: current.id, itemKeys: [key] },
              permission: 'decision.write',
            }
          : { kind: 'dismiss', label: message('stale.fix.dismiss'), key: dismissalKey(decision.id, key) },
      });
    } else if (decision.status === 'reverted') {
      const reverted = decision.statusHistory.findLast((change) => change.status === 'reverted');
      out.push({
        kind: 'decision-reverted',
        id: `decision-reverted:${decision.id}`,
        title: message('stale.reverted.title', { title: decision.title }),
        why: [
          reverted
            ? message('stale.reverted.whyBy', { by: reverted.by, date: day(reverted.at) })
            : message('stale.reverted.why'),
        ],
        subject: { entity: 'decision', id: decision.id },
        current: null,
        // Nothing is wrong on the server (the item was linked to what was then decided): the user takes note.
        fix: { kind: 'dismiss', label: message('stale.fix.gotIt'), key: dismissalKey(decision.id, key) },
      });
    }
  }
}

/**
 * The item's own state (see `zItemContext.itemState`): what the page shows now when it shows any, else what was
 * captured with the item. Both facts come from one place, so a page showing a status Hallway cannot place is not
 * overruled by an older capture's state.
 */
function itemStateOf({ pageContext, item }: StaleInputs): Pick<ItemContext, 'itemState' | 'itemStatus'> {
  const shown = pageContext?.itemState || pageContext?.itemStatus ? pageContext : item?.context;
  return { itemState: shown?.itemState, itemStatus: shown?.itemStatus };
}

/** Why a closed goal matters for this item: it is still open, or Hallway says plainly that it cannot tell. */
function openItemWhy(
  inputs: StaleInputs,
  { itemState, itemStatus }: Pick<ItemContext, 'itemState' | 'itemStatus'>,
): Message {
  const tool = inputs.ref.tool;
  if (itemState === 'open') {
    return itemStatus
      ? message('stale.state.openWithStatus', { tool: TOOL_NAMES[tool], status: itemStatus })
      : message('stale.state.open');
  }
  if (tool === 'gmail') return message('stale.state.gmail');
  // A sentence per tool: the item's name ("this Jira issue") agrees with the sentence in other languages.
  return itemStatus
    ? message(`stale.state.unknownStatus.${tool}`, { status: itemStatus })
    : message(`stale.state.unknown.${tool}`);
}

/**
 * The item's goal is done or cancelled while the item is open. A closed item (done, resolved, completed) on a
 * closed goal is as it should be: no warning. Where the item's state is unknown, the warning shows and says so.
 */
function goalWarnings(inputs: StaleInputs, out: StaleWarning[]): void {
  const resolved = inputs.goal;
  if (!resolved || !CLOSED_GOAL.has(resolved.goal.status)) return;
  const state = itemStateOf(inputs);
  if (state.itemState === 'closed') return;
  const { goal } = resolved;
  const openParent = resolved.parents.find((parent) => !CLOSED_GOAL.has(parent.status));
  const closed = goal.statusHistory.findLast((change) => change.status === goal.status);
  // CLOSED_GOAL: the status is done or cancelled.
  const status = goal.status as 'done' | 'cancelled';
  let fix: StaleFix;
  if (openParent) {
    fix = {
      kind: 'write',
      label: message('stale.fix.moveTo', { goal: openParent.title }),
      write: { kind: 'link.create', data: { kind: 'goal', itemKey: inputs.ref.key, goalId: openParent.id } },
      permission: 'link.write',
    };
  } else if (resolved.link) {
    fix = {
      kind: 'write',
      label: message('stale.fix.removeGoal'),
      write: { kind: 'link.delete', id: resolved.link.id },
      permission: 'link.write',
    };
  } else {
    fix = { kind: 'dismiss', label: message('stale.fix.gotIt'), key: dismissalKey(goal.id, inputs.ref.key) };
  }
  if (fix.kind === 'dismiss' && inputs.dismissed.has(fix.key)) return;
  out.push({
    kind: 'goal-closed',
    id: `goal-closed:${goal.id}`,
    title: message(`stale.goalClosed.title.${status}`, { title: goal.title }),
    why: [
      closed
        ? message(`stale.goalClosed.markedBy.${status}`, { date: day(closed.at), by: closed.by })
        : message(`stale.goalClosed.marked.${status}`),
      ...(resolved.via === 'rule' ? [message('stale.goalClosed.viaRule')] : []),
      openItemWhy(inputs, state),
    ],
    subject: { entity: 'goal', id: goal.id },
    current: null,
    fix,
  });
}

function ownerWarnings(inputs: StaleInputs, out: StaleWarning[]): void {
  // An owner link to a team the mirror no longer holds: the team was deleted (resolution skips such links).
  for (const link of inputs.links) {
    if (link.kind !== 'owner' || !keysOf(inputs).includes(link.itemKey) || inputs.teams.has(link.teamId)) continue;
    const fallback = inputs.owner.kind === 'rule' && inputs.team ? inputs.team.name : null;
    out.push({
      kind: 'team-deleted',
      id: `team-deleted:${link.id}`,
      title: message('stale.teamDeleted.title'),
      why: [
        fallback
          ? message('stale.teamDeleted.whyRule', { by: link.createdBy, date: day(link.createdAt), team: fallback })
          : message('stale.teamDeleted.why', { by: link.createdBy, date: day(link.createdAt) }),
      ],
      subject: null,
      current: null,
      fix: {
        kind: 'write',
        label: fallback ? message('stale.fix.use', { team: fallback }) : message('stale.fix.removeOwner'),
        write: { kind: 'link.delete', id: link.id },
        permission: 'link.write',
      },
    });
  }
  const team = inputs.team;
  if (!team?.renamedFrom || !team.renamedAt) return;
  if (inputs.owner.kind === 'link' && inputs.owner.link.createdAt < team.renamedAt) {
    const link = inputs.owner.link;
    out.push({
      kind: 'team-renamed',
      id: `team-renamed:${team.id}`,
      title: message('stale.teamRenamed.title', { name: team.name }),
      why: [
        message('stale.teamRenamed.whyLink', {
          by: link.createdBy,
          old: team.renamedFrom,
          date: day(link.createdAt),
          name: team.name,
          since: day(team.renamedAt),
        }),
      ],
      subject: { entity: 'team', id: team.id },
      current: null,
      fix: {
        kind: 'write',
        label: message('stale.fix.keep', { name: team.name }),
        write: { kind: 'confirmOwner', linkId: link.id, itemKey: link.itemKey, teamId: team.id },
        permission: 'link.write',
      },
    });
  } else if (inputs.owner.kind === 'rule') {
    const rule = inputs.owner.match.rule;
    const verifiedAt = rule.review?.verifiedAt;
    if (rule.createdAt >= team.renamedAt || (verifiedAt && verifiedAt >= team.renamedAt)) return;
    out.push({
      kind: 'team-renamed',
      id: `team-renamed:${team.id}`,
      title: message('stale.teamRenamed.title', { name: team.name }),
      why: [
        message('stale.teamRenamed.whyRule', {
          old: team.renamedFrom,
          date: day(rule.createdAt),
          name: team.name,
          since: day(team.renamedAt),
        }),
      ],
      subject: { entity: 'rule', id: rule.id },
      current: null,
      fix: {
        kind: 'write',
        label: message('stale.fix.ruleStillRight'),
        write: { kind: 'rule.review', id: rule.id, data: { verified: true } },
        permission: 'rule.write',
      },
    });
  }
}

/**
 * The rule that owns the item by the container Hallway captured it in is not the rule the page's container leads
 * to now: the container moved (renamed, moved under another parent or project) since the capture, and the hub and
 * the snapshot, which know only the captured container, attribute the item differently from this page.
 */
function containerWarnings(inputs: StaleInputs, out: StaleWarning[]): void {
  const { item, pageContext, ref } = inputs;
  if (!item || !pageContext || inputs.owner.kind === 'link') return;
  const captured = bestRule(ref.tool, inputs.rules, containerFacts(ref, item.context));
  if (!captured) return;
  const merged = { ...item.context, ...pageContext };
  const facts = containerFacts(ref, merged);
  const now = bestRule(ref.tool, inputs.rules, facts);
  if (now?.rule.id === captured.rule.id) return;
  const nowWhere = facts.filter((fact) => fact.field === captured.fact.field).map(factLabel);
  const nowTeam = now ? inputs.teams.get(now.rule.teamId)?.name : undefined;
  const capturedTeam = inputs.teams.get(captured.rule.teamId)?.name;
  const container = factLabel(captured.fact);
  const where = { quoted: nowWhere };
  out.push({
    kind: 'container-moved',
    id: `container-moved:${captured.rule.id}`,
    title: message('stale.containerMoved.title', { container }),
    why: [
      capturedTeam
        ? message('stale.containerMoved.held', { container, team: capturedTeam })
        : message('stale.containerMoved.heldNoTeam', { container }),
      nowWhere.length > 0
        ? nowTeam
          ? message('stale.containerMoved.nowOwned', { where, team: nowTeam })
          : message('stale.containerMoved.nowUnowned', { where })
        : nowTeam
          ? message('stale.containerMoved.goneOwned', { team: nowTeam })
          : message('stale.containerMoved.goneUnowned'),
    ],
    subject: { entity: 'rule', id: captured.rule.id },
    current: null,
    fix: {
      kind: 'write',
      label: message('stale.fix.updateToPage'),
      write: { kind: 'capture', item: { ref, title: item.title, context: merged } },
      permission: 'item.write',
    },
  });
}

function reviewWarnings(inputs: StaleInputs, out: StaleWarning[]): void {
  const overdue = (
    entity: 'decision' | 'goal' | 'rule',
    row: { id: string; createdAt: string; review?: Decision['review'] },
    title: Message,
    permission: Permission,
  ) => {
    if (!isReviewDue(row, inputs.today)) return;
    const due = { day: reviewDueOn(row) ?? '' };
    out.push({
      kind: 'review-overdue',
      id: `review-overdue:${entity}:${row.id}`,
      title,
      why: [
        row.review?.verifiedBy
          ? message('stale.review.whyVerified', {
              due,
              by: row.review.verifiedBy,
              date: day(row.review.verifiedAt ?? ''),
            })
          : message('stale.review.whyNever', { due }),
      ],
      subject: { entity, id: row.id },
      current: null,
      fix: {
        kind: 'write',
        label: message('stale.fix.stillTrue'),
        write: { kind: `${entity}.review`, id: row.id, data: {} },
        permission,
      },
    });
  };
  for (const { decision } of inputs.decisions) {
    if (OPEN_DECISION.has(decision.status))
      overdue('decision', decision, message('stale.review.decision', { title: decision.title }), 'decision.write');
  }
  if (inputs.goal) {
    overdue('goal', inputs.goal.goal, message('stale.review.goal', { title: inputs.goal.goal.title }), 'goal.write');
  }
  if (inputs.owner.kind === 'rule') {
    overdue('rule', inputs.owner.match.rule, message('stale.review.rule'), 'rule.write');
  }
}
