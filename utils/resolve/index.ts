/**
 * Context resolution: what Hallway shows for the item in front of the user, answered from the local mirror only
 * (nothing about the page leaves the browser).
 */
import type { Decision, Goal, Item, ItemContext, ItemRef, Link, OwnershipRule, Team, Tool } from '../contract.ts';
import { itemKeysOf } from '../detect/index.ts';
import { toolOfKey } from '../tools.ts';
import { bestRule, containerFacts, type RuleMatch } from './rules.ts';
import type { MirrorSource } from './source.ts';
import { type StaleWarning, staleWarnings } from './stale.ts';

export type OwnerLink = Extract<Link, { kind: 'owner' }>;
export type GoalLink = Extract<Link, { kind: 'goal' }>;

export type OwnerSource = { kind: 'link'; link: OwnerLink } | { kind: 'rule'; match: RuleMatch } | { kind: 'none' };

export interface ResolvedGoal {
  goal: Goal;
  via: 'link' | 'rule';
  /** The goal link, when `via` is 'link': what removing the goal deletes. */
  link: GoalLink | null;
  /** The parent goals, nearest first, up to the root. */
  parents: Goal[];
}

export interface ResolvedDecision {
  decision: Decision;
  /** The decisions this one replaced, nearest first. */
  supersedes: Decision[];
  /** The decisions that replaced this one, nearest first (empty: it is current). */
  supersededBy: Decision[];
}

export interface RelatedItem {
  key: string;
  tool: Tool | null;
  /** Null when the related item was never captured into the mirror. */
  item: Item | null;
  /** The related links between the two items, in either direction: what removing the relation deletes. */
  links: Link[];
}

export interface ResolvedContext {
  item: Item | null;
  team: Team | null;
  owner: OwnerSource;
  goal: ResolvedGoal | null;
  /** Newest first. */
  decisions: ResolvedDecision[];
  related: RelatedItem[];
  /** What may no longer be true about this item, each with why and its fix (see stale.ts). */
  stale: StaleWarning[];
}

export interface ResolveOptions {
  /** Epoch milliseconds: reviews due before today are overdue. Defaults to now. */
  now?: number;
  /** The `dismissalKey`s the user dismissed (stale warnings and the snapshot's superseded links). */
  dismissed?: ReadonlySet<string>;
}

const NOTHING_DISMISSED: ReadonlySet<string> = new Set();

/** Chains are bounded: the data comes from a server, and a cycle must not hang the sidebar. */
const MAX_CHAIN = 64;

/** Newest link first: when a mirror holds two owner or goal links of an item (an older server kept them), the latest wins. */
export const newestLinkFirst = <T extends { updatedAt: string; id: string }>(a: T, b: T) =>
  a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Newest decision first. */
export const newestDecisionFirst = (a: Decision, b: Decision) =>
  b.decidedAt.localeCompare(a.decidedAt) || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

/** The owner and the goal of one item, as ids: what `attributeItem` answers. */
export interface OwnerAndGoal {
  owner: OwnerSource;
  teamId: string | null;
  goal: { goalId: string; via: 'link'; link: GoalLink } | { goalId: string; via: 'rule'; match: RuleMatch } | null;
}

/**
 * THE answer to "who owns this item and which goal does it serve", for the sidebar, the launcher, the hub and the
 * snapshot alike: an explicit link wins over the best matching rule (its goal, too); of several links of a kind the
 * newest wins; a link or rule naming a team or goal the mirror does not hold counts as absent.
 * `links` are the item's own links (others are ignored: the item's are those under any of its keys, see
 * `itemKeysOf`), `rules` may be all rules or those of the item's tool.
 */
export function attributeItem(
  ref: ItemRef,
  context: ItemContext,
  links: readonly Link[],
  rules: readonly OwnershipRule[],
  has: { team(id: string): boolean; goal(id: string): boolean },
): OwnerAndGoal {
  let ownerLink: OwnerLink | null = null;
  let goalLink: GoalLink | null = null;
  const keys = itemKeysOf(ref);
  for (const link of links) {
    if (!keys.includes(link.itemKey)) continue;
    if (link.kind === 'owner' && has.team(link.teamId) && (!ownerLink || newestLinkFirst(link, ownerLink) < 0)) {
      ownerLink = link;
    }
    if (link.kind === 'goal' && has.goal(link.goalId) && (!goalLink || newestLinkFirst(link, goalLink) < 0)) {
      goalLink = link;
    }
  }
  const match = rules.length > 0 ? bestRule(ref.tool, rules, containerFacts(ref, context)) : null;
  const owner: OwnerSource = ownerLink
    ? { kind: 'link', link: ownerLink }
    : match && has.team(match.rule.teamId)
      ? { kind: 'rule', match }
      : { kind: 'none' };
  const teamId = owner.kind === 'link' ? owner.link.teamId : owner.kind === 'rule' ? owner.match.rule.teamId : null;
  const ruleGoalId = match?.rule.goalId;
  const goal: OwnerAndGoal['goal'] = goalLink
    ? { goalId: goalLink.goalId, via: 'link', link: goalLink }
    : match && ruleGoalId && has.goal(ruleGoalId)
      ? { goalId: ruleGoalId, via: 'rule', match }
      : null;
  return { owner, teamId, goal };
}

/**
 * `pageContext` is what the page shows now; it wins over the context cached when the item was captured.
 * Lookups that do not depend on each other run together: each one waits for IndexedDB, so the time to an answer
 * is the longest chain of dependent lookups (item -> goal -> its parents), not their sum.
 */
export function resolveContext(
  source: MirrorSource,
  ref: ItemRef,
  pageContext?: ItemContext,
  options: ResolveOptions = {},
): Promise<ResolvedContext> {
  return source.snapshot((within) => resolveWithin(within, ref, pageContext, options));
}

/** Rows found under each of an item's keys, each once (a decision may name both keys). */
async function underEach<T extends { id: string }>(keys: readonly string[], read: (key: string) => Promise<T[]>) {
  if (keys.length === 1) return read(keys[0] as string);
  const rows = (await Promise.all(keys.map(read))).flat();
  return [...new Map(rows.map((row) => [row.id, row])).values()];
}

async function resolveWithin(
  source: MirrorSource,
  ref: ItemRef,
  pageContext: ItemContext | undefined,
  options: ResolveOptions,
): Promise<ResolvedContext> {
  // A Gmail thread with its shared key is also what was linked under its URL's key before (`itemKeysOf`).
  const keys = itemKeysOf(ref);
  // Every rule of the tool (a few hundred at most), so they load with the item instead of after it.
  const [items, links, linksTo, decisions, rules] = await Promise.all([
    Promise.all(keys.map((key) => source.itemByKey(key))),
    underEach(keys, (key) => source.linksFrom(key)),
    underEach(keys, (key) => source.relatedLinksTo(key)),
    underEach(keys, (key) => source.decisionsAbout(key)),
    source.rulesFor(ref.tool),
  ]);
  const item = items.find((row) => row !== null) ?? null;
  const context = { ...item?.context, ...pageContext };
  // The teams and goals any answer could name, read together, so the answer itself needs no further lookup.
  const match = bestRule(ref.tool, rules, containerFacts(ref, context));
  const teamIds = new Set(links.flatMap((link) => (link.kind === 'owner' ? [link.teamId] : [])));
  const goalIds = new Set(links.flatMap((link) => (link.kind === 'goal' ? [link.goalId] : [])));
  if (match) teamIds.add(match.rule.teamId);
  if (match?.rule.goalId) goalIds.add(match.rule.goalId);
  const [teams, goals, resolvedDecisions, related] = await Promise.all([
    rowsById([...teamIds], (id) => source.team(id)),
    rowsById([...goalIds], (id) => source.goal(id)),
    resolveDecisions(source, decisions),
    resolveRelated(source, keys, links, linksTo),
  ]);
  const answer = attributeItem(ref, context, links, match ? [match.rule] : [], {
    team: (id) => teams.has(id),
    goal: (id) => goals.has(id),
  });
  const goal = answer.goal ? (goals.get(answer.goal.goalId) as Goal) : null;
  const parents = goal
    ? await followChain(goal, (row) => (row.parentGoalId ? source.goal(row.parentGoalId) : null))
    : [];
  const resolved = {
    item,
    team: answer.teamId ? (teams.get(answer.teamId) ?? null) : null,
    owner: answer.owner,
    goal:
      goal && answer.goal
        ? { goal, via: answer.goal.via, link: answer.goal.via === 'link' ? answer.goal.link : null, parents }
        : null,
    decisions: resolvedDecisions,
    related,
  };
  const stale = staleWarnings({
    ...resolved,
    ref,
    keys,
    pageContext,
    links,
    teams,
    rules,
    dismissed: options.dismissed ?? NOTHING_DISMISSED,
    today: new Date(options.now ?? Date.now()).toISOString().slice(0, 10),
  });
  return { ...resolved, stale };
}

async function rowsById<T extends { id: string }>(ids: string[], read: (id: string) => Promise<T | null>) {
  const rows = await Promise.all(ids.map(read));
  return new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])));
}

async function resolveDecisions(source: MirrorSource, decisions: Decision[]): Promise<ResolvedDecision[]> {
  const sorted = [...decisions].sort(newestDecisionFirst);
  return Promise.all(
    sorted.map(async (decision) => {
      const [supersedes, supersededBy] = await Promise.all([
        followChain(decision, (d) => (d.supersedes ? source.decision(d.supersedes) : null)),
        followChain(decision, (d) => (d.supersededBy ? source.decision(d.supersededBy) : null)),
      ]);
      return { decision, supersedes, supersededBy };
    }),
  );
}

async function resolveRelated(source: MirrorSource, keys: readonly string[], links: Link[], linksTo: Link[]) {
  const byKey = new Map<string, Link[]>();
  const add = (relatedKey: string, link: Link) => {
    if (!keys.includes(relatedKey)) byKey.set(relatedKey, [...(byKey.get(relatedKey) ?? []), link]);
  };
  for (const link of links) if (link.kind === 'related') add(link.relatedItemKey, link);
  for (const link of linksTo) if (link.kind === 'related') add(link.itemKey, link);
  const items = new Map((await source.itemsByKeys([...byKey.keys()])).map((item) => [item.ref.key, item]));
  return [...byKey]
    .map(([relatedKey, relatedLinks]) => ({
      key: relatedKey,
      tool: toolOfKey(relatedKey),
      item: items.get(relatedKey) ?? null,
      links: relatedLinks,
    }))
    .sort((a, b) => (a.tool ?? '').localeCompare(b.tool ?? '') || a.key.localeCompare(b.key));
}

/** Follows `next` from `start` (excluded), stopping at a missing row, a cycle or MAX_CHAIN steps. */
async function followChain<T extends { id: string }>(
  start: T,
  next: (row: T) => Promise<T | null> | null,
): Promise<T[]> {
  const chain: T[] = [];
  const seen = new Set([start.id]);
  let current = await next(start);
  while (current && !seen.has(current.id) && chain.length < MAX_CHAIN) {
    chain.push(current);
    seen.add(current.id);
    current = await next(current);
  }
  return chain;
}

export { arraySource, dexieSource, type MirrorSource } from './source.ts';
export { dismissalKey, type StaleFix, type StaleKind, type StaleWarning } from './stale.ts';
