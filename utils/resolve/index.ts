/**
 * Context resolution: what Hallway shows for the item in front of the user, answered from the local mirror only
 * (nothing about the page leaves the browser).
 */
import type { Decision, Goal, Item, ItemContext, ItemRef, Link, Team, Tool } from '../contract.ts';
import { bestRule, containerFacts, type RuleMatch } from './rules.ts';
import type { MirrorSource } from './source.ts';

export type OwnerSource = { kind: 'link'; link: Link } | { kind: 'rule'; match: RuleMatch } | { kind: 'none' };

export interface ResolvedGoal {
  goal: Goal;
  via: 'link' | 'rule';
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
}

export interface ResolvedContext {
  item: Item | null;
  team: Team | null;
  owner: OwnerSource;
  goal: ResolvedGoal | null;
  /** Newest first. */
  decisions: ResolvedDecision[];
  related: RelatedItem[];
}

/** Chains are bounded: the data comes from a server, and a cycle must not hang the sidebar. */
const MAX_CHAIN = 64;

/** Newest link first, so the latest explicit choice wins when an item was linked twice. */
const newestFirst = <T extends { updatedAt: string; id: string }>(a: T, b: T) =>
  b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id);

/**
 * `pageContext` is what the page shows now; it wins over the context cached when the item was captured.
 * Lookups that do not depend on each other run together: each one waits for IndexedDB, so the time to an answer
 * is the longest chain of dependent lookups (item -> goal -> its parents), not their sum.
 */
export function resolveContext(
  source: MirrorSource,
  ref: ItemRef,
  pageContext?: ItemContext,
): Promise<ResolvedContext> {
  return source.snapshot(() => resolveWithin(source, ref, pageContext));
}

async function resolveWithin(source: MirrorSource, ref: ItemRef, pageContext?: ItemContext): Promise<ResolvedContext> {
  // Every rule of the tool (a few hundred at most), so they load with the item instead of after it.
  const [item, links, linksTo, decisions, rules] = await Promise.all([
    source.itemByKey(ref.key),
    source.linksFrom(ref.key),
    source.relatedLinksTo(ref.key),
    source.decisionsAbout(ref.key),
    source.rulesFor(ref.tool),
  ]);
  const ruleMatch = bestRule(ref.tool, rules, containerFacts(ref, { ...item?.context, ...pageContext }));
  const [{ team, owner }, goal, resolvedDecisions, related] = await Promise.all([
    resolveOwner(source, links, ruleMatch),
    resolveGoal(source, links, ruleMatch),
    resolveDecisions(source, decisions),
    resolveRelated(source, ref.key, links, linksTo),
  ]);
  return { item, team, owner, goal, decisions: resolvedDecisions, related };
}

/** The first candidate, in order, whose row exists; the rows are read together. */
async function firstFound<C, R>(candidates: readonly C[], read: (candidate: C) => Promise<R | null>) {
  const rows = await Promise.all(candidates.map(read));
  const at = rows.findIndex((row) => row !== null);
  return at < 0 ? null : { candidate: candidates[at] as C, row: rows[at] as R };
}

async function resolveOwner(source: MirrorSource, links: Link[], ruleMatch: RuleMatch | null) {
  const ownerLinks = links.filter((candidate) => candidate.kind === 'owner').sort(newestFirst);
  const [byLink, byRule] = await Promise.all([
    firstFound(ownerLinks, (link) => source.team(link.teamId)),
    ruleMatch ? source.team(ruleMatch.rule.teamId) : null,
  ]);
  if (byLink) return { team: byLink.row, owner: { kind: 'link', link: byLink.candidate } as const };
  if (byRule && ruleMatch) return { team: byRule, owner: { kind: 'rule', match: ruleMatch } as const };
  return { team: null, owner: { kind: 'none' } as const };
}

async function resolveGoal(source: MirrorSource, links: Link[], ruleMatch: RuleMatch | null) {
  const goalLinks = links.filter((candidate) => candidate.kind === 'goal').sort(newestFirst);
  const ruleGoalId = ruleMatch?.rule.goalId;
  const [byLink, byRule] = await Promise.all([
    firstFound(goalLinks, (link) => source.goal(link.goalId)),
    ruleGoalId ? source.goal(ruleGoalId) : null,
  ]);
  const found: { goal: Goal; via: 'link' | 'rule' } | null = byLink
    ? { goal: byLink.row, via: 'link' }
    : byRule
      ? { goal: byRule, via: 'rule' }
      : null;
  if (!found) return null;
  const parents = await followChain(found.goal, (goal) => (goal.parentGoalId ? source.goal(goal.parentGoalId) : null));
  return { ...found, parents };
}

async function resolveDecisions(source: MirrorSource, decisions: Decision[]): Promise<ResolvedDecision[]> {
  const sorted = [...decisions].sort(
    (a, b) => b.decidedAt.localeCompare(a.decidedAt) || b.createdAt.localeCompare(a.createdAt),
  );
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

async function resolveRelated(source: MirrorSource, key: string, links: Link[], linksTo: Link[]) {
  const keys = new Set<string>();
  for (const link of links) if (link.kind === 'related') keys.add(link.relatedItemKey);
  for (const link of linksTo) if (link.kind === 'related') keys.add(link.itemKey);
  keys.delete(key);
  const items = new Map((await source.itemsByKeys([...keys])).map((item) => [item.ref.key, item]));
  return [...keys]
    .map((relatedKey) => ({ key: relatedKey, tool: toolOfKey(relatedKey), item: items.get(relatedKey) ?? null }))
    .sort((a, b) => (a.tool ?? '').localeCompare(b.tool ?? '') || a.key.localeCompare(b.key));
}

const TOOLS: readonly Tool[] = ['notion', 'asana', 'jira', 'gmail'];
function toolOfKey(key: string): Tool | null {
  const prefix = key.slice(0, key.indexOf(':'));
  return TOOLS.find((tool) => tool === prefix) ?? null;
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
