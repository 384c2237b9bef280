/**
 * What still refers to a team or a goal, in words a person can act on. The server refuses to delete a referenced
 * entity; the hub says why before the user tries, and what to change first.
 */
import type { Decision, Goal, Link, OwnershipRule, Team } from '../../../utils/contract.ts';

export interface Referrers {
  teams: readonly Team[];
  goals: readonly Goal[];
  decisions: readonly Decision[];
  links: readonly Link[];
  rules: readonly OwnershipRule[];
}

const count = (n: number, one: string, many: string) => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);

export function teamReferences(teamId: string, from: Referrers): string[] {
  return [
    ...count(from.teams.filter((team) => team.parentTeamId === teamId).length, 'sub-team', 'sub-teams'),
    ...count(from.goals.filter((goal) => goal.ownerTeamId === teamId).length, 'owned goal', 'owned goals'),
    ...count(
      from.links.filter((link) => link.kind === 'owner' && link.teamId === teamId).length,
      'owned item',
      'owned items',
    ),
    ...count(from.rules.filter((rule) => rule.teamId === teamId).length, 'ownership rule', 'ownership rules'),
    ...count(from.decisions.filter((decision) => decision.teamId === teamId).length, 'decision', 'decisions'),
  ];
}

export function goalReferences(goalId: string, from: Referrers): string[] {
  return [
    ...count(from.goals.filter((goal) => goal.parentGoalId === goalId).length, 'sub-goal', 'sub-goals'),
    ...count(
      from.links.filter((link) => link.kind === 'goal' && link.goalId === goalId).length,
      'linked item',
      'linked items',
    ),
    ...count(from.rules.filter((rule) => rule.goalId === goalId).length, 'ownership rule', 'ownership rules'),
    ...count(from.decisions.filter((decision) => decision.goalId === goalId).length, 'decision', 'decisions'),
  ];
}
