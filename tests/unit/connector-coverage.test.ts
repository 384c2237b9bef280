/**
 * Coverage of containers and items with the one resolution: a Jira project by its key, an Asana project by its gid,
 * a Notion page through any ancestor; suggestions count as the rules they would become; an explicit link covers an
 * item no rule names.
 */
import { describe, expect, it } from 'vitest';
import type { ContainerRecord, Item, Link, OwnershipRule, RuleSuggestion } from '../../utils/contract.ts';
import {
  containerCoverage,
  itemCoverage,
  ownedContainers,
  resolveContainers,
  rulesOfSuggestions,
} from '../../utils/resolve/coverage.ts';

const now = '2026-12-01T12:00:00.000Z';
const rule = (over: Partial<OwnershipRule>): OwnershipRule => ({
  id: crypto.randomUUID(),
  version: 1,
  createdAt: now,
  updatedAt: now,
  tool: 'jira',
  field: 'jiraProject',
  pattern: 'PAY',
  teamId: 'team-payments',
  goalId: null,
  priority: 0,
  ...over,
});
const container = (over: Partial<ContainerRecord>) =>
  ({
    tool: 'jira',
    kind: 'project',
    externalId: '1',
    key: 'PAY',
    name: 'Payments',
    parentExternalId: null,
    ...over,
  }) as Pick<ContainerRecord, 'tool' | 'kind' | 'externalId' | 'key' | 'name' | 'parentExternalId'>;
const top = 'a'.repeat(32);
const child = 'b'.repeat(32);
const containers = [
  container({}),
  container({ externalId: '2', key: 'GRO', name: 'Growth' }),
  container({ kind: 'component', externalId: '9', key: null, name: 'Backend', parentExternalId: '1' }),
  container({ tool: 'asana', externalId: '1201', key: null, name: 'Launch' }),
  container({ tool: 'notion', kind: 'page', externalId: top, key: null, name: 'Payments Home' }),
  container({ tool: 'notion', kind: 'page', externalId: child, key: null, name: 'Runbooks', parentExternalId: top }),
];

describe('connector coverage', () => {
  it('counts only containers a rule can name, and a Notion page through its ancestor', () => {
    const rules = [rule({}), rule({ tool: 'notion', field: 'notionAncestor', pattern: top, teamId: 'team-payments' })];
    const resolved = resolveContainers(containers, rules);
    expect([...resolved.keys()]).not.toContain('jira:9'); // a component is structure only
    expect(resolved.get('jira:1')).toBe('team-payments');
    expect(resolved.get('jira:2')).toBeNull();
    expect(resolved.get(`notion:${child}`)).toBe('team-payments');
    expect(containerCoverage(containers, rules)).toEqual({ covered: 3, total: 5, share: 0.6 });
  });

  it('names the containers a rule owns as the one resolution does: keys, names, wildcards, dashed Notion ids', () => {
    const dashed = `${top.slice(0, 8)}-${top.slice(8, 12)}-${top.slice(12, 16)}-${top.slice(16, 20)}-${top.slice(20)}`;
    const cases: Partial<OwnershipRule>[][] = [
      [{ pattern: 'pay' }],
      [{ pattern: 'G*' }],
      [{ pattern: 'growth' }],
      [{ pattern: 'PAYX' }, { tool: 'asana', field: 'asanaProject', pattern: ' 1201 ' }],
      [{ tool: 'asana', field: 'asanaProject', pattern: '120*' }],
      [{ tool: 'asana', field: 'asanaProject', pattern: 'launch' }],
      [{ tool: 'notion', field: 'notionAncestor', pattern: dashed.toUpperCase() }],
      [{ tool: 'notion', field: 'notionAncestor', pattern: 'runbooks' }],
      [{ tool: 'notion', field: 'notionAncestor', pattern: '*Home' }],
      [{ tool: 'asana', field: 'asanaProject', pattern: 'PAY' }],
    ];
    for (const over of cases) {
      const rules = over.map(rule);
      const resolved = [...resolveContainers(containers, rules)].filter(([, team]) => team).map(([key]) => key);
      expect([...ownedContainers(containers, rules)].sort(), JSON.stringify(over)).toEqual(resolved.sort());
    }
    expect([
      ...ownedContainers(containers, [rule({ tool: 'notion', field: 'notionAncestor', pattern: dashed })]),
    ]).toEqual([`notion:${top}`, `notion:${child}`]);
  });

  it('adds proposed suggestions as rules for the after figure, and leaves decided ones out', () => {
    const suggestion = (over: Partial<RuleSuggestion>): RuleSuggestion => ({
      id: crypto.randomUUID(),
      containerId: crypto.randomUUID(),
      container: { tool: 'asana', kind: 'project', name: 'Launch', key: null, externalId: '1201' },
      teamId: 'team-growth',
      score: 0.8,
      why: [{ code: 'asana_team', value: 'Growth' }],
      reason: null,
      status: 'proposed',
      ruleId: null,
      field: 'asanaProject',
      pattern: '1201',
      flag: null,
      ...over,
    });
    const after = [
      rule({}),
      ...rulesOfSuggestions(
        [suggestion({}), suggestion({ status: 'rejected', pattern: 'GRO', field: 'jiraProject' })],
        now,
      ),
    ];
    expect(containerCoverage(containers, after)).toEqual({ covered: 2, total: 5, share: 0.4 });
  });

  it('counts items resolving by a link or a rule, and not by a rule naming a team that is gone', () => {
    const item = (key: string, project: string): Pick<Item, 'ref' | 'context'> => ({
      ref: {
        tool: 'jira',
        kind: 'issue',
        id: key,
        project,
        key: `jira:acme.atlassian.net/${key}`,
        url: `https://acme.atlassian.net/browse/${key}`,
      },
      context: {},
    });
    const items = [item('PAY-1', 'PAY'), item('GRO-1', 'GRO'), item('OPS-1', 'OPS')];
    const link: Link = {
      id: crypto.randomUUID(),
      version: 1,
      createdAt: now,
      updatedAt: now,
      kind: 'owner',
      itemKey: 'jira:acme.atlassian.net/GRO-1',
      teamId: 'team-growth',
      createdBy: 'Ana',
    };
    const rules = [rule({}), rule({ pattern: 'OPS', teamId: 'team-gone' })];
    expect(itemCoverage(items, [link], rules, new Set(['team-payments', 'team-growth']))).toMatchObject({
      covered: 2,
      total: 3,
    });
  });
});
