import { describe, expect, it } from 'vitest';
import { goalReferences, teamReferences } from '../../components/hub/logic/references.ts';
import type { Link, OwnershipRule } from '../../utils/contract.ts';
import { decision, goal, team } from '../support/sync-fixtures.ts';

describe('what still uses a team or a goal', () => {
  const payments = team('Payments');
  const checkout = team('Checkout', { parentTeamId: payments.id });
  const revenue = goal('Grow revenue', { ownerTeamId: payments.id });
  const sepa = goal('SEPA', { parentGoalId: revenue.id });
  const ownerLink = { kind: 'owner', teamId: payments.id, itemKey: 'jira:a/PAY-1' } as Link;
  const goalLink = { kind: 'goal', goalId: sepa.id, itemKey: 'jira:a/PAY-1' } as Link;
  const rule = { teamId: payments.id, goalId: revenue.id } as OwnershipRule;
  const logged = decision('Use Adyen', '2026-01-01T00:00:00Z', { teamId: payments.id, goalId: sepa.id });
  const all = {
    teams: [payments, checkout],
    goals: [revenue, sepa],
    links: [ownerLink, goalLink],
    rules: [rule],
    decisions: [logged],
  };

  it('names every kind of reference, counted, in words', () => {
    expect(teamReferences(payments.id, all)).toEqual([
      '1 sub-team',
      '1 owned goal',
      '1 owned item',
      '1 ownership rule',
      '1 decision',
    ]);
    expect(goalReferences(revenue.id, all)).toEqual(['1 sub-goal', '1 ownership rule']);
    expect(goalReferences(sepa.id, all)).toEqual(['1 linked item', '1 decision']);
  });

  it('finds nothing for an unused team or goal', () => {
    expect(teamReferences(checkout.id, all)).toEqual([]);
    expect(goalReferences(goal('Unused').id, all)).toEqual([]);
  });
});
