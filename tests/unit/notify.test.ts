import { describe, expect, it } from 'vitest';
import { NO_REVIEW } from '../../utils/contract.ts';
import { NOTIFIED_MAX, notifyEvents, unseen } from '../../utils/notify.ts';
import { reviewsDue } from '../../utils/reviews.ts';
import { decision, goal, goalLink, ownerLink, team } from '../support/sync-fixtures.ts';

describe('notifications', () => {
  const payments = team('Payments', { members: [{ name: 'Ana' }] });
  const pay1 = 'jira:acme.atlassian.net/PAY-1';
  const pay2 = 'jira:acme.atlassian.net/PAY-2';
  const old = decision('Retry 3 times', '2026-01-10T09:00:00.000Z', { itemKeys: [pay1, pay2], status: 'superseded' });
  const current = decision('Retry with backoff', '2026-03-10T09:00:00.000Z', { itemKeys: [pay2], supersedes: old.id });
  old.supersededBy = current.id;
  const links = [ownerLink(pay1, payments.id), { ...goalLink(pay2, payments.id), createdBy: 'Lee' }];

  it('tells me of a superseded decision on an item I linked that still follows it, and of my reviews due', () => {
    const reviews = reviewsDue(
      {
        decisions: [],
        goals: [goal('SEPA GA', { ownerTeamId: payments.id, review: { ...NO_REVIEW, reviewBy: '2026-03-01' } })],
        rules: [],
      },
      '2026-04-01',
    );
    const events = notifyEvents({ decisions: [old, current], links, teams: [payments], reviews }, 'Ana');
    expect(events.map((event) => event.key)).toEqual([
      `superseded:${old.id}:${pay1}`,
      expect.stringMatching(/^review:goal:.*:2026-03-01$/),
    ]);
    expect(events[0]).toMatchObject({
      message:
        '“Retry 3 times” was replaced by “Retry with backoff”; acme.atlassian.net/PAY-1 still follows the old one.',
      open: { view: 'decision', id: current.id },
    });
    // The review's day as the browser's language writes it (Intl), not as stored.
    expect(events[1]?.message).toContain('Mar 1, 2026');
    expect(events[1]?.message).not.toContain('2026-03-01');
    // Lee linked PAY-2, which follows the new decision already; Lee owns no review.
    expect(notifyEvents({ decisions: [old, current], links, teams: [payments], reviews }, 'Lee')).toEqual([]);
  });

  it('tells each event once, remembering a bounded number of them', () => {
    const events = notifyEvents({ decisions: [old, current], links, teams: [payments], reviews: [] }, 'ana');
    const first = unseen(events, []);
    expect(first.fresh).toHaveLength(1);
    expect(unseen(events, first.remembered).fresh).toEqual([]);
    const many = Array.from({ length: NOTIFIED_MAX }, (_, n) => `k${n}`);
    expect(unseen(events, many).remembered).toHaveLength(NOTIFIED_MAX);
    expect(unseen(events, many).remembered.at(-1)).toBe(events[0]?.key);
  });
});
