/**
 * Who owns each item, which goal it serves and which decisions name it, for the whole mirror at once: the hub and
 * the snapshot need it for every item. Each item gets the sidebar's answer (`attributeItem`).
 */
import type { Decision, Goal, Link, OwnershipRule } from '../contract.ts';
import { attributeItem, newestDecisionFirst } from '../resolve/index.ts';
import type { MirrorArrays } from '../resolve/source.ts';

export interface ItemAttribution {
  /** Null: unowned (no owner link, no matching rule). */
  teamId: string | null;
  ownerVia: 'link' | 'rule' | null;
  /** The owner link, when `ownerVia` is 'link'. */
  ownerLink: Link | null;
  /** The goal it serves: its goal link's, else the winning rule's; null when neither. */
  goalId: string | null;
  goalVia: 'link' | 'rule' | null;
  /** The goal link, when `goalVia` is 'link'. */
  goalLink: Link | null;
  /** The decisions naming the item, newest first. */
  decisionIds: string[];
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

export type AttributionInput = Pick<MirrorArrays, 'items' | 'links' | 'rules' | 'teams' | 'goals' | 'decisions'>;

/**
 * `attributeItem` (the one resolution the sidebar and the launcher use too) for every item of the mirror at once:
 * links, rules and decisions are grouped once instead of being scanned per item.
 */
export function attributeItems(data: AttributionInput): Attribution {
  const linksByItem = new Map<string, Link[]>();
  for (const link of data.links) if (link.kind !== 'related') pushTo(linksByItem, link.itemKey, link);
  const rulesByTool = new Map<string, OwnershipRule[]>();
  for (const rule of data.rules) pushTo(rulesByTool, rule.tool, rule);
  const decisionsByItem = new Map<string, Decision[]>();
  for (const decision of data.decisions) for (const key of decision.itemKeys) pushTo(decisionsByItem, key, decision);
  const teamIds = new Set(data.teams.map((team) => team.id));
  const goalIds = new Set(data.goals.map((goal) => goal.id));
  const has = { team: (id: string) => teamIds.has(id), goal: (id: string) => goalIds.has(id) };

  const byItemKey = new Map<string, ItemAttribution>();
  const itemKeysByTeam = new Map<string, string[]>();
  const itemKeysByGoal = new Map<string, string[]>();
  for (const item of data.items) {
    const key = item.ref.key;
    const answer = attributeItem(
      item.ref,
      item.context,
      linksByItem.get(key) ?? [],
      rulesByTool.get(item.ref.tool) ?? [],
      has,
    );
    const goalId = answer.goal?.goalId ?? null;
    byItemKey.set(key, {
      teamId: answer.teamId,
      ownerVia: answer.owner.kind === 'none' ? null : answer.owner.kind,
      ownerLink: answer.owner.kind === 'link' ? answer.owner.link : null,
      goalId,
      goalVia: answer.goal?.via ?? null,
      goalLink: answer.goal?.via === 'link' ? answer.goal.link : null,
      decisionIds: (decisionsByItem.get(key) ?? []).sort(newestDecisionFirst).map((decision) => decision.id),
    });
    if (answer.teamId) pushTo(itemKeysByTeam, answer.teamId, key);
    if (goalId) pushTo(itemKeysByGoal, goalId, key);
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
