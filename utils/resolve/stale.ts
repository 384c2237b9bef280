/**
 * Stale warnings: what in an item's resolved context may no longer be true, each with why and the one-click fix.
 * Computed inside the one resolution (resolveContext) from what it already read, with no lookup of its own, so the
 * sidebar, the launcher and the hub show the same warnings and nothing about the page leaves the browser.
 *
 * A fix is a local write (through the outbox, so it works offline) or, where nothing on the server is wrong for
 * everyone (a reverted decision the user has taken note of), a local dismissal shared with the snapshot's.
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
import { TOOL_ITEM_NAMES, TOOL_NAMES } from '../tools.ts';
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
  | { kind: 'write'; label: string; write: LocalWrite; permission: Permission }
  /** Remembered in this browser only: `key` joins the snapshot's dismissals (`dismissalKey`). */
  | { kind: 'dismiss'; label: string; key: string };

export interface StaleWarning {
  kind: StaleKind;
  /** Stable per warning and item, for React keys and tests. */
  id: string;
  /** One short sentence: what is stale. */
  title: string;
  /** Why Hallway says so. */
  why: string;
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
const GOAL_STATUS_WORDS: Record<Goal['status'], string> = {
  on_track: 'on track',
  at_risk: 'at risk',
  off_track: 'off track',
  done: 'done',
  cancelled: 'cancelled',
};
const day = (iso: string) => iso.slice(0, 10);
const quoted = (text: string) => `“${text}”`;

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
        title: `${quoted(decision.title)} was superseded`,
        why: `${superseder.decidedBy} replaced it with ${quoted(superseder.title)} on ${day(superseder.decidedAt)}${
          current.id === superseder.id ? '' : `; in force now: ${quoted(current.title)}`
        }. This item is linked to the old decision only.`,
        subject: { entity: 'decision', id: decision.id },
        current: { entity: 'decision', id: current.id, title: current.title },
        fix: OPEN_DECISION.has(current.status)
          ? {
              kind: 'write',
              label: 'Follow the current decision',
              write: { kind: 'decision.linkItems', id: current.id, itemKeys: [key] },
              permission: 'decision.write',
            }
          : { kind: 'dismiss', label: 'Dismiss', key: dismissalKey(decision.id, key) },
      });
    } else if (decision.status === 'reverted') {
      const reverted = decision.statusHistory.findLast((change) => change.status === 'reverted');
      out.push({
        kind: 'decision-reverted',
        id: `decision-reverted:${decision.id}`,
        title: `${quoted(decision.title)} was reverted`,
        why: reverted
          ? `${reverted.by} reverted it on ${day(reverted.at)}: it no longer holds for this item.`
          : 'It was reverted: it no longer holds for this item.',
        subject: { entity: 'decision', id: decision.id },
        current: null,
        // Nothing is wrong on the server (the item was linked to what was then decided): the user takes note.
        fix: { kind: 'dismiss', label: 'Got it', key: dismissalKey(decision.id, key) },
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
function openItemWhy(inputs: StaleInputs, { itemState, itemStatus }: Pick<ItemContext, 'itemState' | 'itemStatus'>) {
  const tool = inputs.ref.tool;
  if (itemState === 'open') {
    return ` while this item is still open${itemStatus ? ` (${TOOL_NAMES[tool]}: ${itemStatus})` : ''}`;
  }
  if (tool === 'gmail')
    return '; a Gmail thread has no open or closed state, so Hallway cannot tell if this one is done';
  return itemStatus
    ? `; Hallway cannot tell from its status ${quoted(itemStatus)} whether this ${TOOL_ITEM_NAMES[tool]} is still open`
    : `; Hallway cannot tell whether this ${TOOL_ITEM_NAMES[tool]} is still open (the page shows no state for it)`;
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
  const when = closed ? ` on ${day(closed.at)} by ${closed.by}` : '';
  const via = resolved.via === 'rule' ? ' (its goal comes from an ownership rule)' : '';
  let fix: StaleFix;
  if (openParent) {
    fix = {
      kind: 'write',
      label: `Move to ${openParent.title}`,
      write: { kind: 'link.create', data: { kind: 'goal', itemKey: inputs.ref.key, goalId: openParent.id } },
      permission: 'link.write',
    };
  } else if (resolved.link) {
    fix = {
      kind: 'write',
      label: 'Remove the goal',
      write: { kind: 'link.delete', id: resolved.link.id },
      permission: 'link.write',
    };
  } else {
    fix = { kind: 'dismiss', label: 'Got it', key: dismissalKey(goal.id, inputs.ref.key) };
  }
  if (fix.kind === 'dismiss' && inputs.dismissed.has(fix.key)) return;
  out.push({
    kind: 'goal-closed',
    id: `goal-closed:${goal.id}`,
    title: `Its goal ${quoted(goal.title)} is ${GOAL_STATUS_WORDS[goal.status]}`,
    why: `The goal was marked ${GOAL_STATUS_WORDS[goal.status]}${when}${via}${openItemWhy(inputs, state)}.`,
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
      title: 'Its owning team was deleted',
      why: `${link.createdBy} linked this item to a team on ${day(link.createdAt)} that no longer exists${
        fallback ? `; a rule now gives it to ${fallback}` : ''
      }.`,
      subject: null,
      current: null,
      fix: {
        kind: 'write',
        label: fallback ? `Use ${fallback}` : 'Remove the old owner',
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
      title: `Its owning team was renamed to ${team.name}`,
      why: `${link.createdBy} linked it to ${quoted(team.renamedFrom)} on ${day(link.createdAt)}; the team is called ${quoted(
        team.name,
      )} since ${day(team.renamedAt)}.`,
      subject: { entity: 'team', id: team.id },
      current: null,
      fix: {
        kind: 'write',
        label: `Keep ${team.name}`,
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
      title: `Its owning team was renamed to ${team.name}`,
      why: `The rule giving it to ${quoted(team.renamedFrom)} was made on ${day(rule.createdAt)}; the team is called ${quoted(
        team.name,
      )} since ${day(team.renamedAt)}.`,
      subject: { entity: 'rule', id: rule.id },
      current: null,
      fix: {
        kind: 'write',
        label: 'The rule is still right',
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
  const capturedTeam = inputs.teams.get(captured.rule.teamId)?.name ?? 'a team';
  out.push({
    kind: 'container-moved',
    id: `container-moved:${captured.rule.id}`,
    title: `The rule's container ${quoted(factLabel(captured.fact))} moved`,
    why: `Hallway holds this item in ${quoted(factLabel(captured.fact))}, where a rule gives it to ${capturedTeam}; the page now shows it in ${
      nowWhere.length > 0 ? nowWhere.map(quoted).join(', ') : 'no such container'
    }${nowTeam ? `, owned by ${nowTeam}` : ', owned by no rule'}.`,
    subject: { entity: 'rule', id: captured.rule.id },
    current: null,
    fix: {
      kind: 'write',
      label: 'Update Hallway to the page',
      write: { kind: 'capture', item: { ref, title: item.title, context: merged } },
      permission: 'item.write',
    },
  });
}

function reviewWarnings(inputs: StaleInputs, out: StaleWarning[]): void {
  const overdue = (
    entity: 'decision' | 'goal' | 'rule',
    row: { id: string; createdAt: string; review?: Decision['review'] },
    what: string,
    permission: Permission,
  ) => {
    if (!isReviewDue(row, inputs.today)) return;
    const verified = row.review?.verifiedBy
      ? `last verified by ${row.review.verifiedBy} on ${day(row.review.verifiedAt ?? '')}`
      : 'never verified';
    out.push({
      kind: 'review-overdue',
      id: `review-overdue:${entity}:${row.id}`,
      title: `A review of ${what} is overdue`,
      why: `Its review was due on ${reviewDueOn(row)}; ${verified}.`,
      subject: { entity, id: row.id },
      current: null,
      fix: {
        kind: 'write',
        label: 'Still true',
        write: { kind: `${entity}.review`, id: row.id, data: {} },
        permission,
      },
    });
  };
  for (const { decision } of inputs.decisions) {
    if (OPEN_DECISION.has(decision.status))
      overdue('decision', decision, `the decision ${quoted(decision.title)}`, 'decision.write');
  }
  if (inputs.goal) overdue('goal', inputs.goal.goal, `the goal ${quoted(inputs.goal.goal.title)}`, 'goal.write');
  if (inputs.owner.kind === 'rule') overdue('rule', inputs.owner.match.rule, 'the ownership rule', 'rule.write');
}
