/**
 * Reviews due, from the mirror: the decisions, goals and ownership rules whose review date has come (the contract's
 * `reviewDueOn`), and who owns each review (the members of the entity's team). The hub lists them all, the popup
 * and the notifications those the local user owns.
 */
import type { Table } from 'dexie';
import {
  type Decision,
  type Goal,
  type OwnershipRule,
  type Permission,
  type ReviewState,
  reviewDueOn,
  type Team,
} from './contract.ts';
import type { HallwayDexie } from './db/schema.ts';
import { formatNumber, t } from './i18n.ts';
import { calendarDate } from './time.ts';

export type ReviewedEntity = 'decision' | 'goal' | 'rule';

export interface ReviewEntry {
  entity: ReviewedEntity;
  id: string;
  title: string;
  /** `YYYY-MM-DD`. */
  dueOn: string;
  overdue: boolean;
  review: ReviewState;
  /** The team whose members own the review, if any. */
  teamId: string | null;
  /** The write a "still true" needs. */
  permission: Permission;
}

const PERMISSION: Record<ReviewedEntity, Permission> = {
  decision: 'decision.write',
  goal: 'goal.write',
  rule: 'rule.write',
};

/** `YYYY-MM-DD` in UTC. */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Every scheduled review due on or before `until` (default: `today`), oldest due first. Decisions no longer in
 * force (superseded, reverted, withdrawn) need no review.
 */
export function reviewsDue(
  data: { decisions: readonly Decision[]; goals: readonly Goal[]; rules: readonly OwnershipRule[] },
  today: string,
  until: string = today,
): ReviewEntry[] {
  const entries: ReviewEntry[] = [];
  const add = (entity: ReviewedEntity, row: Decision | Goal | OwnershipRule, title: string, teamId: string | null) => {
    const dueOn = reviewDueOn(row);
    if (!row.review || dueOn === null || dueOn > until) return;
    entries.push({
      entity,
      id: row.id,
      title,
      dueOn,
      overdue: dueOn <= today,
      review: row.review,
      teamId,
      permission: PERMISSION[entity],
    });
  };
  for (const decision of data.decisions) {
    if (decision.status === 'accepted' || decision.status === 'proposed')
      add('decision', decision, decision.title, decision.teamId);
  }
  for (const goal of data.goals) add('goal', goal, goal.title, goal.ownerTeamId);
  for (const rule of data.rules) add('rule', rule, `${rule.tool} ${rule.field} ${rule.pattern}`, rule.teamId);
  return entries.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title));
}

/** The reviews the user owns: those of the teams that list them as a member (by name, as "my teams" does). */
export function reviewsOwnedBy(
  entries: readonly ReviewEntry[],
  teams: readonly Team[],
  userName: string,
): ReviewEntry[] {
  const wanted = userName.trim().toLowerCase();
  const mine = new Set(
    teams.filter((team) => team.members.some((member) => member.name.trim().toLowerCase() === wanted)).map((t) => t.id),
  );
  return entries.filter((entry) => entry.teamId !== null && mine.has(entry.teamId));
}

/**
 * Which schedule applies to a review: a date (`reviewBy`: this one review, on that day; a verification clears it,
 * and an interval set beside it takes over), an interval (every `everyDays` days from the last verification, or
 * from the creation when never verified), or none.
 */
export type ReviewSchedule =
  | { kind: 'none' }
  | { kind: 'date'; on: string; thenEveryDays: number | null }
  | { kind: 'every'; days: number; next: string };

export function reviewSchedule(row: { review?: ReviewState | undefined; createdAt: string }): ReviewSchedule {
  const review = row.review;
  const next = reviewDueOn(row);
  if (!review || next === null) return { kind: 'none' };
  if (review.reviewBy) return { kind: 'date', on: review.reviewBy, thenEveryDays: review.everyDays };
  return { kind: 'every', days: review.everyDays ?? 0, next };
}

/** The schedule in words: "Every 90 days, next on Mar 2, 2026", "Review on Mar 2, 2026", "No review". */
export function scheduleText(schedule: ReviewSchedule): string {
  const every = (days: number) => t('hub.review.everyDays', days, [formatNumber(days)]);
  if (schedule.kind === 'none') return t('hub.review.none');
  if (schedule.kind === 'every') {
    return t('hub.review.everyNext', { every: every(schedule.days), date: calendarDate(schedule.next) });
  }
  const on = t('hub.review.onDate', { date: calendarDate(schedule.on) });
  return schedule.thenEveryDays ? t('hub.review.onDateThen', { on, every: every(schedule.thenEveryDays) }) : on;
}

/** "Verified by Lee on 2026-03-02", or "Never verified". */
export function verifiedText(review: ReviewState | undefined): string {
  return review?.verifiedBy && review.verifiedAt
    ? t('reviews.verified', { name: review.verifiedBy, date: calendarDate(review.verifiedAt) })
    : t('reviews.never');
}

/**
 * The decisions, goals and rules of the mirror that have a review date or interval, read through their review
 * indexes (Dexie version 7): rows without a schedule are not in them, so this reads only what can be due.
 */
export async function scheduledForReview(db: HallwayDexie) {
  const scheduled = async <T extends { id: string }>(table: Table<T, string>) => {
    const [byDate, byInterval] = await Promise.all([
      table.where('review.reviewBy').above('').toArray(),
      table.where('review.everyDays').above(0).toArray(),
    ]);
    return [...new Map([...byDate, ...byInterval].map((row) => [row.id, row])).values()];
  };
  return db.transaction('r', [db.decisions, db.goals, db.rules], async () => {
    const [decisions, goals, rules] = await Promise.all([
      scheduled(db.decisions as unknown as Table<Decision, string>),
      scheduled(db.goals as unknown as Table<Goal, string>),
      scheduled(db.rules as unknown as Table<OwnershipRule, string>),
    ]);
    return { decisions, goals, rules };
  });
}
