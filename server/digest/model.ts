/**
 * The weekly digest of one team, or of several ("my teams"), computed from the database for one week in the teams'
 * time zone: decisions made and superseded, goal status changes, items newly linked, unowned items seen, reviews
 * due, and the figures the snapshot's charts draw. Every list is bounded (DIGEST_LIST_MAX shown, the total
 * counted), so a week of 10,000 decisions makes a digest of the same size as a week of 30.
 */
import {
  type Decision,
  DIGEST_LIST_MAX,
  type Digest,
  type Goal,
  type GoalStatus,
  type Item,
  type OwnershipRule,
  reviewDueOn,
  type Team,
  type Tool,
  zGoalStatus,
  zTool,
} from '../../utils/contract.ts';
import { bestRule, containerFacts } from '../../utils/resolve/rules.ts';
import type { Queryable } from '../db/database.ts';
import {
  decisions as decisionSpec,
  goals as goalSpec,
  items as itemSpec,
  rules as ruleSpec,
  teams as teamSpec,
} from '../domain/entities.ts';
import { localMidnight, type ZonedWeek } from './week.ts';

/** How many candidates of a list computed in code (unowned items, reviews) are read at most. */
const SCAN_MAX = 5000;

export type { Digest };
export { DIGEST_LIST_MAX };

type Bounded<T> = { total: number; shown: T[] };
type DigestDecision = Digest['decisionsMade']['shown'][number];
type DigestItem = Digest['unownedItemsSeen']['shown'][number];

const GOAL_STATUSES: readonly GoalStatus[] = zGoalStatus.options;
const TOOLS: readonly Tool[] = zTool.options;

const bounded = <T>(rows: T[], total = rows.length): Bounded<T> => ({ total, shown: rows.slice(0, DIGEST_LIST_MAX) });
/** The columns a digest's decision is made of, and the entry they make. */
const DECISION_COLUMNS = 'id, title, decided_at, decided_by, status';
type DecisionColumns = { id: string; title: string; decided_at: Date; decided_by: string; status: Decision['status'] };
const toDecisionOfRow = (row: DecisionColumns): DigestDecision => ({
  id: row.id,
  title: row.title,
  decidedAt: row.decided_at.toISOString(),
  decidedBy: row.decided_by,
  status: row.status,
});
const toItem = (item: Item): DigestItem => ({
  key: item.ref.key,
  title: item.title || item.ref.id,
  url: item.ref.url,
  tool: item.ref.tool,
});

export async function computeDigest(
  db: Queryable,
  workspaceId: string,
  teamIds: readonly string[],
  week: ZonedWeek,
): Promise<Digest> {
  const ws = workspaceId;
  const teams = (
    await db.query<Parameters<typeof teamSpec.fromRow>[0]>(
      'SELECT * FROM teams WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY name, id',
      [ws, teamIds],
    )
  ).map(teamSpec.fromRow);
  const ids = teams.map((team) => team.id);
  const goals = (
    await db.query<Parameters<typeof goalSpec.fromRow>[0]>(
      'SELECT * FROM goals WHERE workspace_id = $1 AND owner_team_id = ANY($2::uuid[]) ORDER BY created_at, id',
      [ws, ids],
    )
  ).map(goalSpec.fromRow);
  const goalIds = goals.map((goal) => goal.id);
  const inScope = 'workspace_id = $1 AND (team_id = ANY($2::uuid[]) OR goal_id = ANY($3::uuid[]))';
  const scopeParams = [ws, ids, goalIds, week.from, week.to];

  const linkScope = `l.workspace_id = $1 AND ((l.kind = 'owner' AND l.team_id = ANY($2::uuid[]))
      OR (l.kind = 'goal' AND l.goal_id = ANY($3::uuid[]))) AND l.created_at >= $4 AND l.created_at < $5`;
  // The week's local days as instants (a day of a change of offset is 23 or 25 hours long): the chart's counts are
  // taken against them in one pass, with no time-zone conversion per decision, and their sum is the week's total.
  const dayStarts = Array.from({ length: 8 }, (_, n) => {
    const date = new Date(Date.parse(`${week.start}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    return { date, from: new Date(localMidnight(date, week.timeZone)).toISOString() };
  });
  const dayCounts = dayStarts
    .slice(0, 7)
    .map((_, n) => `count(*) FILTER (WHERE decided_at >= $${6 + n} AND decided_at < $${7 + n})::int AS d${n}`)
    .join(', ');
  // Independent reads go out together: on PostgreSQL each takes a connection of the pool.
  const [[dayRow], madeRows, supersedingRows, linkedRows, byTool, unownedItemsSeen, reviewsDue] = await Promise.all([
    db.query<Record<string, number>>(
      `SELECT ${dayCounts} FROM decisions WHERE ${inScope} AND decided_at >= $4 AND decided_at < $5`,
      [...scopeParams, ...dayStarts.map((day) => day.from)],
    ),
    // Only what a digest shows of a decision: a top 25 of the week then sorts narrow rows, not whole decisions.
    db.query<DecisionColumns>(
      `SELECT ${DECISION_COLUMNS} FROM decisions WHERE ${inScope} AND decided_at >= $4 AND decided_at < $5
        ORDER BY decided_at, id LIMIT ${DIGEST_LIST_MAX}`,
      scopeParams,
    ),
    // The total rides along on every row (counted before the limit); no row, none to count.
    db.query<DecisionColumns & { supersedes: string; total: number }>(
      `SELECT ${DECISION_COLUMNS}, supersedes, count(*) OVER ()::int AS total FROM decisions
        WHERE ${inScope} AND supersedes IS NOT NULL AND created_at >= $4 AND created_at < $5
        ORDER BY created_at, id LIMIT ${DIGEST_LIST_MAX}`,
      scopeParams,
    ),
    db.query<
      Parameters<typeof itemSpec.fromRow>[0] & {
        link_kind: 'owner' | 'goal';
        link_at: Date;
        link_by: string;
        total: number;
      }
    >(
      `SELECT i.*, l.kind AS link_kind, l.created_at AS link_at, l.created_by AS link_by, count(*) OVER ()::int AS total
         FROM links l JOIN items i ON i.workspace_id = l.workspace_id AND i.key = l.item_key
        WHERE ${linkScope} ORDER BY l.created_at, l.item_key, l.id LIMIT ${DIGEST_LIST_MAX}`,
      scopeParams,
    ),
    db.query<{ tool: Tool; count: string }>(
      `SELECT i.tool, count(DISTINCT i.key)::text AS count FROM links l
         JOIN items i ON i.workspace_id = l.workspace_id AND i.key = l.item_key
        WHERE l.workspace_id = $1 AND ((l.kind = 'owner' AND l.team_id = ANY($2::uuid[])) OR (l.kind = 'goal' AND l.goal_id = ANY($3::uuid[])))
        GROUP BY i.tool`,
      [ws, ids, goalIds],
    ),
    unownedSeen(db, ws, goalIds, week),
    dueReviews(db, ws, ids, goals, week),
  ]);
  const decisionsByDay = dayStarts.slice(0, 7).map((day, n) => ({ date: day.date, count: dayRow?.[`d${n}`] ?? 0 }));
  const madeTotal = decisionsByDay.reduce((sum, day) => sum + day.count, 0);

  // Two plain lookups: a self-join here made PGlite's planner scan pairs of the week's decisions.
  const replacedTitles = new Map(
    (
      await db.query<{ id: string; title: string }>(
        'SELECT id, title FROM decisions WHERE workspace_id = $1 AND id = ANY($2::uuid[])',
        [ws, supersedingRows.map((row) => row.supersedes)],
      )
    ).map((row) => [row.id, row.title]),
  );
  const superseding = supersedingRows.map((row) => ({
    replaced: { id: row.supersedes, title: replacedTitles.get(row.supersedes) ?? '' },
    by: toDecisionOfRow(row),
  }));

  const goalStatusChanges = goals
    .flatMap((goal) =>
      goal.statusHistory.flatMap((change, index) => {
        // The first entry is the goal's creation, not a change of status.
        const before = index > 0 ? (goal.statusHistory[index - 1]?.status ?? null) : null;
        const inWeek = change.at >= week.from && change.at < week.to;
        return index > 0 && inWeek && before !== change.status
          ? [{ goalId: goal.id, title: goal.title, from: before, to: change.status, at: change.at, by: change.by }]
          : [];
      }),
    )
    .sort((a, b) => a.at.localeCompare(b.at));

  const itemsNewlyLinked = linkedRows.map((row) => ({
    ...toItem(itemSpec.fromRow(row)),
    kind: row.link_kind,
    at: row.link_at.toISOString(),
    by: row.link_by,
  }));
  const linkedByTool = Object.fromEntries(TOOLS.map((tool) => [tool, 0])) as Record<Tool, number>;
  for (const row of byTool) linkedByTool[row.tool] = Number(row.count);

  const goalsByStatus = Object.fromEntries(GOAL_STATUSES.map((status) => [status, 0])) as Record<GoalStatus, number>;
  for (const goal of goals) goalsByStatus[goal.status] += 1;

  return {
    teams: teams.map((team) => ({ id: team.id, name: team.name })),
    label: teams.map((team) => team.name).join(', ') || 'No team',
    week,
    decisionsMade: bounded(madeRows.map(toDecisionOfRow), madeTotal),
    decisionsSuperseded: bounded(superseding, supersedingRows[0]?.total ?? 0),
    goalStatusChanges: bounded(goalStatusChanges),
    itemsNewlyLinked: bounded(itemsNewlyLinked, linkedRows[0]?.total ?? 0),
    unownedItemsSeen,
    reviewsDue,
    charts: { decisionsByDay, goalsByStatus, linkedByTool },
  };
}

/**
 * Items seen during the week (captured or refreshed) that serve the teams' goals but have no owning team: no owner
 * link, and no ownership rule that gives them one (the same ranking the extension resolves with).
 */
async function unownedSeen(
  db: Queryable,
  ws: string,
  goalIds: string[],
  week: ZonedWeek,
): Promise<Bounded<DigestItem>> {
  if (goalIds.length === 0) return bounded([]);
  const candidates = (
    await db.query<Parameters<typeof itemSpec.fromRow>[0]>(
      `SELECT i.* FROM items i
        WHERE i.workspace_id = $1 AND i.updated_at >= $3 AND i.updated_at < $4
          AND EXISTS (SELECT 1 FROM links g WHERE g.workspace_id = i.workspace_id AND g.item_key = i.key
                        AND g.kind = 'goal' AND g.goal_id = ANY($2::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM links o WHERE o.workspace_id = i.workspace_id AND o.item_key = i.key AND o.kind = 'owner')
        ORDER BY i.updated_at, i.id LIMIT ${SCAN_MAX}`,
      [ws, goalIds, week.from, week.to],
    )
  ).map(itemSpec.fromRow);
  if (candidates.length === 0) return bounded([]);
  const rules = (
    await db.query<Parameters<typeof ruleSpec.fromRow>[0]>('SELECT * FROM ownership_rules WHERE workspace_id = $1', [
      ws,
    ])
  ).map(ruleSpec.fromRow);
  const unowned = candidates.filter((item) => !bestRule(item.ref.tool, rules, containerFacts(item.ref, item.context)));
  return bounded(unowned.map(toItem));
}

/** Reviews of the teams' decisions, goals and rules due by the end of the week (overdue ones included). */
async function dueReviews(
  db: Queryable,
  ws: string,
  teamIds: string[],
  goals: readonly Goal[],
  week: ZonedWeek,
): Promise<Digest['reviewsDue']> {
  const decisions = (
    await db.query<Parameters<typeof decisionSpec.fromRow>[0]>(
      `SELECT * FROM decisions WHERE workspace_id = $1 AND review IS NOT NULL AND status IN ('proposed', 'accepted')
         AND (team_id = ANY($2::uuid[]) OR goal_id = ANY($3::uuid[])) LIMIT ${SCAN_MAX}`,
      [ws, teamIds, goals.map((goal) => goal.id)],
    )
  ).map(decisionSpec.fromRow);
  const rules: OwnershipRule[] = (
    await db.query<Parameters<typeof ruleSpec.fromRow>[0]>(
      `SELECT * FROM ownership_rules WHERE workspace_id = $1 AND review IS NOT NULL AND team_id = ANY($2::uuid[]) LIMIT ${SCAN_MAX}`,
      [ws, teamIds],
    )
  ).map(ruleSpec.fromRow);
  const due: Digest['reviewsDue']['shown'] = [];
  const consider = (entity: 'decision' | 'goal' | 'rule', row: Decision | Goal | OwnershipRule, title: string) => {
    const dueOn = reviewDueOn(row);
    if (dueOn !== null && dueOn < week.end)
      due.push({ entity, id: row.id, title, dueOn, verifiedBy: row.review?.verifiedBy ?? null });
  };
  for (const decision of decisions) consider('decision', decision, decision.title);
  for (const goal of goals) consider('goal', goal, goal.title);
  for (const rule of rules) consider('rule', rule, `${rule.tool} ${rule.field} ${rule.pattern}`);
  due.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title));
  return bounded(due);
}

/** The teams that list the user as a member (by name, trimmed and case-insensitive): "my teams". */
export async function teamsOfUser(db: Queryable, workspaceId: string, userName: string): Promise<Team[]> {
  const wanted = userName.trim().toLowerCase();
  const rows = (
    await db.query<Parameters<typeof teamSpec.fromRow>[0]>(
      'SELECT * FROM teams WHERE workspace_id = $1 ORDER BY name, id',
      [workspaceId],
    )
  ).map(teamSpec.fromRow);
  return rows.filter((team) => team.members.some((member) => member.name.trim().toLowerCase() === wanted));
}
