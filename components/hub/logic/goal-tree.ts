/** The goal tree as rows for a (virtualised) list, and the re-parenting rule that keeps it a tree. */
import type { Goal } from '../../../utils/contract.ts';

export interface GoalRow {
  goal: Goal;
  depth: number;
  hasChildren: boolean;
}

const byTitle = (a: Goal, b: Goal) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id);

/**
 * Depth-first rows, children under their parent, alphabetical; `collapsed` hides a goal's subtree. A goal whose
 * parent is missing (not synced, or deleted) is shown as a root rather than lost; a parent cycle in bad data is
 * broken where it is first met.
 */
export function goalRows(goals: readonly Goal[], collapsed: ReadonlySet<string> = new Set()): GoalRow[] {
  const ids = new Set(goals.map((goal) => goal.id));
  const children = new Map<string | null, Goal[]>();
  for (const goal of goals) {
    const parent = goal.parentGoalId && ids.has(goal.parentGoalId) ? goal.parentGoalId : null;
    const list = children.get(parent);
    if (list) list.push(goal);
    else children.set(parent, [goal]);
  }
  for (const list of children.values()) list.sort(byTitle);
  const rows: GoalRow[] = [];
  const placed = new Set<string>();
  const visit = (goal: Goal, depth: number) => {
    if (placed.has(goal.id)) return;
    placed.add(goal.id);
    const kids = children.get(goal.id) ?? [];
    rows.push({ goal, depth, hasChildren: kids.length > 0 });
    if (!collapsed.has(goal.id)) for (const kid of kids) visit(kid, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  // Goals only reachable through a cycle have no root: show them at the top level.
  for (const goal of [...goals].sort(byTitle)) {
    if (!placed.has(goal.id) && !hiddenByCollapse(goal, goals, collapsed)) visit(goal, 0);
  }
  return rows;
}

function hiddenByCollapse(goal: Goal, goals: readonly Goal[], collapsed: ReadonlySet<string>): boolean {
  return ancestorsOf(goals, goal.id).some((ancestor) => collapsed.has(ancestor.id));
}

/** The parents of a goal, nearest first, stopping at a cycle. */
export function ancestorsOf(goals: readonly Goal[], goalId: string): Goal[] {
  const byId = new Map(goals.map((goal) => [goal.id, goal]));
  const chain: Goal[] = [];
  const seen = new Set([goalId]);
  let parentId = byId.get(goalId)?.parentGoalId ?? null;
  while (parentId && !seen.has(parentId)) {
    const parent = byId.get(parentId);
    if (!parent) break;
    chain.push(parent);
    seen.add(parentId);
    parentId = parent.parentGoalId;
  }
  return chain;
}

/** Moving `goalId` under `parentId` would make a cycle when the new parent is the goal itself or one of its descendants. */
export function wouldCycle(goals: readonly Goal[], goalId: string, parentId: string | null): boolean {
  if (parentId === null) return false;
  if (parentId === goalId) return true;
  return ancestorsOf(goals, parentId).some((ancestor) => ancestor.id === goalId);
}

/** The goals `goalId` may be moved under (null goalId: a new goal, any goal may be its parent). */
export function allowedParents(goals: readonly Goal[], goalId: string | null): Goal[] {
  return goals.filter((goal) => goalId === null || !wouldCycle(goals, goalId, goal.id)).sort(byTitle);
}
