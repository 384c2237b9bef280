/**
 * Who owns each item and which goals it serves, for the whole mirror at once: the hub and the snapshot need it for
 * every item, so rules are grouped by tool and field once instead of being scanned per item.
 */
import type { Goal, Item, Link, OwnershipRule } from '../contract.ts';
import { bestRule, containerFacts } from '../resolve/rules.ts';

export interface ItemAttribution {
  /** Null: unowned (no owner link, no matching rule). */
  teamId: string | null;
  ownerVia: 'link' | 'rule' | null;
  /** Goals from goal links, else the goal of the winning rule. */
  goalIds: string[];
}

export interface Attribution {
  byItemKey: Map<string, ItemAttribution>;
  itemKeysByTeam: Map<string, string[]>;
  itemKeysByGoal: Map<string, string[]>;
}

/** Appends in place: copying the array per item would be quadratic over 100,000 items. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Plain code-unit comparison: ISO timestamps and ids order correctly, and localeCompare is slow over 100,000 rows. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const newestFirst = (a: Link, b: Link) => compareText(b.updatedAt, a.updatedAt) || compareText(a.id, b.id);

/** Same answer as `resolveContext` for every item: an explicit link wins over a rule, the newest link first. */
export function attributeItems(
  items: readonly Item[],
  links: readonly Link[],
  rules: readonly OwnershipRule[],
): Attribution {
  const ownerLinks = new Map<string, Link & { kind: 'owner' }>();
  const goalLinks = new Map<string, string[]>();
  for (const link of [...links].sort(newestFirst)) {
    if (link.kind === 'owner' && !ownerLinks.has(link.itemKey)) ownerLinks.set(link.itemKey, link);
    if (link.kind === 'goal') pushTo(goalLinks, link.itemKey, link.goalId);
  }
  const rulesByTool = new Map<string, OwnershipRule[]>();
  for (const rule of rules) pushTo(rulesByTool, rule.tool, rule);

  const byItemKey = new Map<string, ItemAttribution>();
  const itemKeysByTeam = new Map<string, string[]>();
  const itemKeysByGoal = new Map<string, string[]>();
  for (const item of items) {
    const key = item.ref.key;
    const toolRules = rulesByTool.get(item.ref.tool) ?? [];
    const match = toolRules.length ? bestRule(item.ref.tool, toolRules, containerFacts(item.ref, item.context)) : null;
    const ownerLink = ownerLinks.get(key);
    const teamId = ownerLink?.teamId ?? match?.rule.teamId ?? null;
    const linkedGoals = goalLinks.get(key) ?? [];
    const goalIds = linkedGoals.length ? [...new Set(linkedGoals)] : match?.rule.goalId ? [match.rule.goalId] : [];
    byItemKey.set(key, { teamId, ownerVia: ownerLink ? 'link' : match ? 'rule' : null, goalIds });
    if (teamId) pushTo(itemKeysByTeam, teamId, key);
    for (const goalId of goalIds) pushTo(itemKeysByGoal, goalId, key);
  }
  return { byItemKey, itemKeysByTeam, itemKeysByGoal };
}

/** `goalId` and every goal below it; a parent cycle in the data cannot loop forever. */
export function goalSubtree(goals: readonly Goal[], goalId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const goal of goals) {
    if (goal.parentGoalId) pushTo(children, goal.parentGoalId, goal.id);
  }
  const found = new Set<string>();
  const queue = [goalId];
  while (queue.length) {
    const next = queue.pop() as string;
    if (found.has(next)) continue;
    found.add(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

export const isOpenGoal = (goal: Goal) => goal.status !== 'done' && goal.status !== 'cancelled';
