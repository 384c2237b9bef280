import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { NO_REVIEW, reviewDueOn, reviewedState } from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import { hubHash, parseHubRoute } from '../../utils/hub-links.ts';
import {
  reviewSchedule,
  reviewsDue,
  reviewsOwnedBy,
  scheduledForReview,
  scheduleText,
  verifiedText,
} from '../../utils/reviews.ts';
import { decision, goal, rule, team, uuid } from '../support/sync-fixtures.ts';

const every = (days: number, verifiedAt: string | null = null) => ({
  ...NO_REVIEW,
  everyDays: days,
  verifiedAt,
  verifiedBy: verifiedAt ? 'Lee' : null,
});

describe('reviews', () => {
  it('are due by date, or by interval from the last verification (else from creation); verifying moves them on', () => {
    expect(reviewDueOn({ createdAt: '2026-01-05T10:00:00Z' })).toBeNull();
    expect(reviewDueOn({ createdAt: '2026-01-05T10:00:00Z', review: every(30) })).toBe('2026-02-04');
    expect(reviewDueOn({ createdAt: '2026-01-05T10:00:00Z', review: every(30, '2026-03-01T09:00:00Z') })).toBe(
      '2026-03-31',
    );
    const dated = { ...NO_REVIEW, reviewBy: '2026-06-01', everyDays: 90 };
    expect(reviewDueOn({ createdAt: '2026-01-05T10:00:00Z', review: dated })).toBe('2026-06-01');
    // "Still true" records who and when and clears the fixed date; the interval stays.
    const verified = reviewedState(dated, { verified: true }, 'Ana', '2026-05-20T08:00:00.000Z');
    expect(verified).toEqual({
      reviewBy: null,
      everyDays: 90,
      verifiedBy: 'Ana',
      verifiedAt: '2026-05-20T08:00:00.000Z',
    });
    expect(reviewDueOn({ createdAt: '2026-01-05T10:00:00Z', review: verified })).toBe('2026-08-18');
    expect(verifiedText(verified)).toBe('Verified by Ana on May 20, 2026');
    expect(verifiedText(undefined)).toBe('Never verified');
  });

  it('say which schedule applies, a date or an interval, and an interval moves on with each verification', () => {
    const createdAt = '2026-01-05T10:00:00Z';
    expect(reviewSchedule({ createdAt })).toEqual({ kind: 'none' });
    expect(scheduleText(reviewSchedule({ createdAt, review: NO_REVIEW }))).toBe('No review');
    const dated = { createdAt, review: { ...NO_REVIEW, reviewBy: '2026-06-01' } };
    expect(reviewSchedule(dated)).toEqual({ kind: 'date', on: '2026-06-01', thenEveryDays: null });
    expect(scheduleText(reviewSchedule(dated))).toBe('Review on Jun 1, 2026');
    const datedThenEvery = { createdAt, review: { ...NO_REVIEW, reviewBy: '2026-06-01', everyDays: 90 } };
    expect(scheduleText(reviewSchedule(datedThenEvery))).toBe('Review on Jun 1, 2026, then every 90 days');
    const quarterly = { createdAt, review: every(90) };
    expect(reviewSchedule(quarterly)).toEqual({ kind: 'every', days: 90, next: '2026-04-05' });
    expect(scheduleText(reviewSchedule(quarterly))).toBe('every 90 days, next on Apr 5, 2026');
    expect(scheduleText(reviewSchedule({ createdAt, review: every(1) }))).toBe('every day, next on Jan 6, 2026');

    // Verified on May 20: the next review is 90 days after it, not after the creation.
    const verified = reviewedState(quarterly.review, { verified: true }, 'Ana', '2026-05-20T08:00:00.000Z');
    expect(reviewSchedule({ createdAt, review: verified })).toEqual({ kind: 'every', days: 90, next: '2026-08-18' });
    // The date, once verified, gives way to the interval set beside it.
    const afterDate = reviewedState(datedThenEvery.review, { verified: true }, 'Ana', '2026-06-01T08:00:00.000Z');
    expect(reviewSchedule({ createdAt, review: afterDate })).toEqual({ kind: 'every', days: 90, next: '2026-08-30' });
    // Choosing one clears the other, as the hub writes it.
    const toDate = reviewedState(verified, { verified: false, reviewBy: '2026-07-01', everyDays: null }, 'Ana', '');
    expect(reviewSchedule({ createdAt, review: toDate })).toEqual({
      kind: 'date',
      on: '2026-07-01',
      thenEveryDays: null,
    });
  });

  it('lists what is due, oldest first, leaves out decisions no longer in force, and finds the ones the user owns', () => {
    const payments = team('Payments', { members: [{ name: 'Ana' }] });
    const growth = team('Growth', { members: [{ name: 'Lee' }] });
    const data = {
      decisions: [
        decision('Use Stripe', '2026-01-01T00:00:00Z', { teamId: payments.id, review: every(30) }),
        decision('Use Adyen', '2026-01-01T00:00:00Z', { status: 'superseded', review: every(30) }),
      ],
      goals: [
        goal('Grow', { ownerTeamId: growth.id, review: { ...NO_REVIEW, reviewBy: '2026-01-20' } }),
        goal('No review'),
      ],
      rules: [rule('jira', 'jiraProject', 'PAY', payments.id, { review: { ...NO_REVIEW, reviewBy: '2026-09-01' } })],
    };
    const due = reviewsDue(data, '2026-03-01');
    expect(due.map((entry) => [entry.title, entry.dueOn])).toEqual([
      ['Grow', '2026-01-20'],
      ['Use Stripe', '2026-01-31'],
    ]);
    expect(reviewsOwnedBy(due, [payments, growth], ' ana ').map((entry) => entry.title)).toEqual(['Use Stripe']);
  });

  it('reads only scheduled rows from the mirror, through the review indexes', async () => {
    const db = openDb(`reviews-${uuid()}`, { indexedDB, IDBKeyRange });
    const scheduled = goal('Scheduled', { review: every(30) });
    const dated = goal('Dated', { review: { ...NO_REVIEW, reviewBy: '2026-01-01' } });
    const verifiedOnly = goal('Verified once', {
      review: { ...NO_REVIEW, verifiedBy: 'Ana', verifiedAt: '2026-01-01T00:00:00Z' },
    });
    await db.goals.bulkPut([scheduled, dated, verifiedOnly, goal('Plain')]);
    await db.decisions.bulkPut([
      decision('Use Stripe', '2026-01-01T00:00:00Z', { review: every(7) }),
      decision('Plain', '2026-01-01T00:00:00Z'),
    ]);
    const found = await scheduledForReview(db);
    expect(found.goals.map((g) => g.title).sort()).toEqual(['Dated', 'Scheduled']);
    expect(found.decisions.map((d) => d.title)).toEqual(['Use Stripe']);
    expect(found.rules).toEqual([]);
  });

  it('links the hub to its Reviews and to a digest of some teams and a week', () => {
    expect(parseHubRoute(hubHash({ view: 'reviews' }))).toEqual({ view: 'reviews' });
    const route = { view: 'digest', teams: 'mine', week: '2026-03-23' } as const;
    expect(hubHash(route)).toBe('#/digest?teams=mine&week=2026-03-23');
    expect(parseHubRoute(hubHash(route))).toEqual(route);
    expect(parseHubRoute('#/digest')).toEqual({ view: 'digest' });
  });
});
