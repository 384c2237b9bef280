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

/** `pageContext` is what the page shows now; it wins over the context cached when the item was captured. */
export async function resolveContext(
  source: MirrorSource,
  ref: ItemRef,
  pageContext?: ItemContext,
): Promise<ResolvedContext> {
  const [item, links, linksTo, decisions] = await Promise.all([
    source.itemByKey(ref.key),
    source.linksFrom(ref.key),
    source.relatedLinksTo(ref.key),
    source.decisionsAbout(ref.key),
  ]);
  const facts = containerFacts(ref, { ...item?.context, ...pageContext });
  const rules = await source.rulesFor(ref.tool, [...new Set(facts.map((fact) => fact.field))]);
  const ruleMatch = bestRule(ref.tool, rules, facts);

  const { team, owner } = await resolveOwner(source, links, ruleMatch);
  return {
    item,
    team,
    owner,
    goal: await resolveGoal(source, links, ruleMatch),
    decisions: await resolveDecisions(source, decisions),
    related: await resolveRelated(source, ref.key, links, linksTo),
  };
}

async function resolveOwner(source: MirrorSource, links: Link[], ruleMatch: RuleMatch | null) {
  for (const link of links.filter((candidate) => candidate.kind === 'owner').sort(newestFirst)) {
    const team = await source.team(link.teamId);
    if (team) return { team, owner: { kind: 'link', link } as const };
  }
  const team = ruleMatch ? await source.team(ruleMatch.rule.teamId) : null;
  if (team && ruleMatch) return { team, owner: { kind: 'rule', match: ruleMatch } as const };
  return { team: null, owner: { kind: 'none' } as const };
}

async function resolveGoal(source: MirrorSource, links: Link[], ruleMatch: RuleMatch | null) {
  let found: { goal: Goal; via: 'link' | 'rule' } | null = null;
  for (const link of links.filter((candidate) => candidate.kind === 'goal').sort(newestFirst)) {
    const goal = await source.goal(link.goalId);
    if (goal) {
      found = { goal, via: 'link' };
      break;
    }
  }
  if (!found && ruleMatch?.rule.goalId) {
    const goal = await source.goal(ruleMatch.rule.goalId);
    if (goal) found = { goal, via: 'rule' };
  }
  if (!found) return null;
  const parents = await followChain(found.goal, (goal) => (goal.parentGoalId ? source.goal(goal.parentGoalId) : null));
  return { ...found, parents };
}

async function resolveDecisions(source: MirrorSource, decisions: Decision[]): Promise<ResolvedDecision[]> {
  const sorted = [...decisions].sort(
    (a, b) => b.decidedAt.localeCompare(a.decidedAt) || b.createdAt.localeCompare(a.createdAt),
  );
  return Promise.all(
    sorted.map(async (decision) => ({
      decision,
      supersedes: await followChain(decision, (d) => (d.supersedes ? source.decision(d.supersedes) : null)),
      supersededBy: await followChain(decision, (d) => (d.supersededBy ? source.decision(d.supersededBy) : null)),
    })),
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
