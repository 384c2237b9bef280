/**
 * The weekly work snapshot of a team or a goal: coverage (what is owned, decided and linked), not activity
 * tracking. Pure over the mirror's arrays, so the hub, the export and the tests compute exactly the same thing.
 */
import type { Decision, Goal, GoalStatus, Item, Team } from '../contract.ts';
import { t } from '../i18n.ts';
import type { MirrorArrays } from '../resolve/source.ts';
import { dismissalKey } from '../resolve/stale.ts';
import { TOOLS } from '../tools.ts';
import { GOAL_STATUSES, type SnapshotScope, type SupersededLink, type Week, type WorkSnapshot } from './model.ts';
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

export interface SnapshotOptions {
  /** `dismissalKey(decisionId, itemKey)` of the "superseded but still linked" pairs the user dismissed. */
  dismissed?: ReadonlySet<string>;
}

export { dismissalKey };

/** The teams listing a member of that name (trimmed, case-insensitive): the user's own teams. */
export function teamsOfUser(teams: readonly Team[], userName: string): Team[] {
  const wanted = userName.trim().toLowerCase();
  if (!wanted) return [];
  return teams.filter((team) => team.members.some((member) => member.name.trim().toLowerCase() === wanted));
}

/**
 * `attribution` can be passed in when the caller already computed it for the same arrays (the hub keeps one per
 * mirror state), since it is the expensive part over 100,000 items.
 */
export function computeSnapshot(
  data: MirrorArrays,
  scope: SnapshotScope,
  week: Week,
  attribution: Attribution = attributeItems(data),
  options: SnapshotOptions = {},
): WorkSnapshot {
  const whole = scope.kind === 'workspace';
  const scopeTeamIds = new Set(
    scope.kind === 'team'
      ? [scope.teamId]
      : scope.kind === 'teams'
        ? scope.teamIds
        : whole
          ? data.teams.map((t) => t.id)
          : [],
  );
  const scopeGoals = goalsInScope(data.goals, scope, scopeTeamIds);
  const scopeGoalIds = new Set(scopeGoals.map((goal) => goal.id));
  const itemKeys = new Set<string>();
  if (whole) for (const item of data.items) itemKeys.add(item.ref.key);
  for (const teamId of scopeTeamIds) for (const key of attribution.itemKeysByTeam.get(teamId) ?? []) itemKeys.add(key);
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
  const openItems = items.filter((item) => {
    const goalId = attribution.byItemKey.get(item.ref.key)?.goalId ?? null;
    // Work with no goal counts as open: nothing says it is finished.
    return goalId === null || openGoalIds.has(goalId) || !scopeGoalIds.has(goalId);
  });

  return {
    scopeLabel: scopeLabelOf(data, scope),
    week,
    itemsByTool,
    decisionsMade: data.decisions
      .filter(
        (decision) =>
          inWeek(decision.decidedAt, week) &&
          (whole || decisionInScope(decision, scopeTeamIds, scopeGoalIds, itemKeys)),
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
        (whole || (attributed.goalId !== null && scopeGoalIds.has(attributed.goalId))) &&
        (inWeek(item.createdAt, week) || inWeek(item.updatedAt, week))
      );
    }),
    supersededStillLinked: supersededLinks(data.decisions, openItems, options.dismissed ?? new Set()),
  };
}

/**
 * For each open item and each superseded decision naming it: listed when none of the decisions that replaced it
 * (up the `supersededBy` chain) names the item too. Chains are bounded, so a cycle in the data cannot hang.
 */
function supersededLinks(
  decisions: readonly Decision[],
  items: readonly Item[],
  dismissed: ReadonlySet<string>,
): SupersededLink[] {
  const byId = new Map(decisions.map((decision) => [decision.id, decision]));
  const itemsByKey = new Map(items.map((item) => [item.ref.key, item]));
  const found: SupersededLink[] = [];
  const superseded = decisions
    .filter((decision) => decision.status === 'superseded' && decision.supersededBy)
    .sort((a, b) => compareText(a.decidedAt, b.decidedAt) || compareText(a.id, b.id));
  for (const decision of superseded) {
    const successors: Decision[] = [];
    for (
      let next = byId.get(decision.supersededBy as string);
      next && successors.length < 64 && next.id !== decision.id && !successors.includes(next);
      next = next.supersededBy ? byId.get(next.supersededBy) : undefined
    ) {
      successors.push(next);
    }
    const current = successors.at(-1);
    if (!current) continue;
    for (const key of decision.itemKeys) {
      const item = itemsByKey.get(key);
      if (!item || dismissed.has(dismissalKey(decision.id, key))) continue;
      if (successors.some((successor) => successor.itemKeys.includes(key))) continue;
      found.push({ decision, item, current });
    }
  }
  return found;
}

function goalsInScope(goals: readonly Goal[], scope: SnapshotScope, teamIds: ReadonlySet<string>): Goal[] {
  if (scope.kind === 'workspace') return [...goals];
  if (scope.kind === 'goal') {
    const subtree = goalSubtree(goals, scope.goalId);
    return goals.filter((goal) => subtree.has(goal.id));
  }
  return goals.filter((goal) => goal.ownerTeamId !== null && teamIds.has(goal.ownerTeamId));
}

function decisionInScope(
  decision: Decision,
  teamIds: ReadonlySet<string>,
  scopeGoalIds: ReadonlySet<string>,
  itemKeys: ReadonlySet<string>,
): boolean {
  if (decision.teamId && teamIds.has(decision.teamId)) return true;
  if (decision.goalId && scopeGoalIds.has(decision.goalId)) return true;
  return decision.itemKeys.some((key) => itemKeys.has(key));
}

function scopeLabelOf(data: { teams: readonly Team[]; goals: readonly Goal[] }, scope: SnapshotScope): string {
  const teamName = (id: string) => data.teams.find((team) => team.id === id)?.name ?? t('hub.unknownTeam');
  switch (scope.kind) {
    case 'workspace':
      return t('hub.snapshot.workspace');
    case 'team':
      return teamName(scope.teamId);
    case 'teams':
      return scope.teamIds.map(teamName).join(', ');
    case 'goal':
      return data.goals.find((goal) => goal.id === scope.goalId)?.title ?? t('hub.unknownGoal');
  }
}

export { snapshotToCsv, snapshotToMarkdown } from './export.ts';
export * from './model.ts';
export { type Attribution, attributeItems, goalSubtree, isOpenGoal } from './ownership.ts';
