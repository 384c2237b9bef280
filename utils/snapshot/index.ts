/**
 * The weekly work snapshot of a team or a goal: coverage, not activity tracking (anchors.md, idea 8). Pure over the
 * mirror's arrays, so the hub, the export and the tests compute exactly the same thing.
 */
import type { Decision, Goal, GoalStatus, Item, Team } from '../contract.ts';
import type { MirrorArrays } from '../resolve/source.ts';
import { GOAL_STATUSES, type SnapshotScope, TOOLS, type Week, type WorkSnapshot } from './model.ts';
import { type Attribution, attributeItems, compareText, goalSubtree, isOpenGoal } from './ownership.ts';

const DAY = 24 * 3600_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The ISO week (Monday to Sunday, UTC) that contains `at`. */
export function weekOf(at: Date | string): Week {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const day = new Date(ms).getUTCDay();
  const monday = Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth(), new Date(ms).getUTCDate());
  const start = monday - ((day + 6) % 7) * DAY;
  return { start: isoDate(start), end: isoDate(start + 7 * DAY) };
}

const inWeek = (iso: string, week: Week) => {
  const date = iso.slice(0, 10);
  return date >= week.start && date < week.end;
};

/**
 * `attribution` can be passed in when the caller already computed it for the same arrays (the hub keeps one per
 * mirror state), since it is the expensive part over 100,000 items.
 */
export function computeSnapshot(
  data: MirrorArrays,
  scope: SnapshotScope,
  week: Week,
  attribution: Attribution = attributeItems(data),
): WorkSnapshot {
  const scopeGoals = goalsInScope(data.goals, scope);
  const scopeGoalIds = new Set(scopeGoals.map((goal) => goal.id));
  const itemKeys = new Set<string>();
  if (scope.kind === 'team') for (const key of attribution.itemKeysByTeam.get(scope.teamId) ?? []) itemKeys.add(key);
  for (const goalId of scopeGoalIds) for (const key of attribution.itemKeysByGoal.get(goalId) ?? []) itemKeys.add(key);
  const items = data.items.filter((item) => itemKeys.has(item.ref.key));

  const itemsByTool = Object.fromEntries(
    TOOLS.map((tool) => [tool, { items: [] as Item[], newThisWeek: 0 }]),
  ) as WorkSnapshot['itemsByTool'];
  for (const item of items) {
    const bucket = itemsByTool[item.ref.tool];
    bucket.items.push(item);
    if (inWeek(item.createdAt, week)) bucket.newThisWeek += 1;
  }

  const goalsByStatus = Object.fromEntries(GOAL_STATUSES.map((status) => [status, [] as Goal[]])) as Record<
    GoalStatus,
    Goal[]
  >;
  for (const goal of scopeGoals) goalsByStatus[goal.status].push(goal);

  const openGoalIds = new Set(scopeGoals.filter(isOpenGoal).map((goal) => goal.id));
  const openItemKeys = new Set(
    items
      .filter((item) => {
        const goalId = attribution.byItemKey.get(item.ref.key)?.goalId ?? null;
        // Work with no goal counts as open: nothing says it is finished.
        return goalId === null || openGoalIds.has(goalId) || !scopeGoalIds.has(goalId);
      })
      .map((item) => item.ref.key),
  );

  return {
    scopeLabel: scopeLabelOf(data, scope),
    week,
    itemsByTool,
    decisionsMade: data.decisions
      .filter(
        (decision) => inWeek(decision.decidedAt, week) && decisionInScope(decision, scope, scopeGoalIds, itemKeys),
      )
      .sort((a, b) => compareText(a.decidedAt, b.decidedAt)),
    goalsByStatus,
    goalsWithoutWork: scopeGoals.filter(
      (goal) => isOpenGoal(goal) && (attribution.itemKeysByGoal.get(goal.id)?.length ?? 0) === 0,
    ),
    unownedItemsSeen: data.items.filter((item) => {
      const attributed = attribution.byItemKey.get(item.ref.key);
      return (
        attributed?.teamId === null &&
        attributed.goalId !== null &&
        scopeGoalIds.has(attributed.goalId) &&
        (inWeek(item.createdAt, week) || inWeek(item.updatedAt, week))
      );
    }),
    supersededStillLinked: data.decisions
      .filter((decision) => decision.status === 'superseded')
      .map((decision) => ({ decision, itemKeys: decision.itemKeys.filter((key) => openItemKeys.has(key)) }))
      .filter((entry) => entry.itemKeys.length > 0),
  };
}

function goalsInScope(goals: readonly Goal[], scope: SnapshotScope): Goal[] {
  if (scope.kind === 'goal') {
    const subtree = goalSubtree(goals, scope.goalId);
    return goals.filter((goal) => subtree.has(goal.id));
  }
  return goals.filter((goal) => goal.ownerTeamId === scope.teamId);
}

function decisionInScope(
  decision: Decision,
  scope: SnapshotScope,
  scopeGoalIds: ReadonlySet<string>,
  itemKeys: ReadonlySet<string>,
): boolean {
  if (scope.kind === 'team' && decision.teamId === scope.teamId) return true;
  if (decision.goalId && scopeGoalIds.has(decision.goalId)) return true;
  return decision.itemKeys.some((key) => itemKeys.has(key));
}

function scopeLabelOf(data: { teams: readonly Team[]; goals: readonly Goal[] }, scope: SnapshotScope): string {
  if (scope.kind === 'team') return data.teams.find((team) => team.id === scope.teamId)?.name ?? 'Unknown team';
  return data.goals.find((goal) => goal.id === scope.goalId)?.title ?? 'Unknown goal';
}

export { snapshotToCsv, snapshotToMarkdown } from './export.ts';
export * from './model.ts';
export { type Attribution, attributeItems, goalSubtree, isOpenGoal } from './ownership.ts';
