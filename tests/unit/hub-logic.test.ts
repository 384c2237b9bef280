import { describe, expect, it } from 'vitest';
import { overviewCounts } from '../../components/hub/logic/counts.ts';
import { filterDecisions, NO_FILTERS, supersessionChain } from '../../components/hub/logic/decision-filter.ts';
import { allowedParents, goalRows, wouldCycle } from '../../components/hub/logic/goal-tree.ts';
import { moveRule, patternOf, testRules, typedContext } from '../../components/hub/logic/rules.ts';
import { DEMO, DEMO_RULES } from '../../server/seed/demo.ts';
import { type OwnershipRule, zItemContext } from '../../utils/contract.ts';
import { detectItem, extractContext } from '../../utils/detect/index.ts';
import { bestRule, containerFacts, matchesFact, rankRules } from '../../utils/resolve/rules.ts';
import { acmeWorkspace, decision, goal, jiraRef, rule } from '../support/sync-fixtures.ts';
import { fixtureDocument } from './fixture-document.ts';

describe('goal tree', () => {
  const acme = acmeWorkspace();
  const goals = acme.data.goals;
  const { companyGoal, checkoutGoal, retriesGoal, uptimeGoal } = acme.goals;

  it('nests goals under their parents, alphabetically, and collapses subtrees', () => {
    expect(goalRows(goals).map((row) => [row.goal.title, row.depth, row.hasChildren])).toEqual([
      ['99.95% API uptime', 0, false],
      ['Grow revenue 30% in 2026', 0, true],
      ['Checkout conversion to 4%', 1, true],
      ['Recover failed card payments', 2, false],
    ]);
    expect(goalRows(goals, new Set([checkoutGoal.id])).map((row) => row.goal.id)).toEqual([
      uptimeGoal.id,
      companyGoal.id,
      checkoutGoal.id,
    ]);
  });

  it('shows goals whose parent is missing or in a cycle instead of losing them', () => {
    const orphan = goal('Orphan', { parentGoalId: '00000000-0000-4000-8000-0000000000ff' });
    const a = goal('Cycle A');
    const b = goal('Cycle B', { parentGoalId: a.id });
    a.parentGoalId = b.id;
    const titles = goalRows([orphan, a, b]).map((row) => row.goal.title);
    expect(titles.toSorted()).toEqual(['Cycle A', 'Cycle B', 'Orphan']);
  });

  it('refuses a parent that is the goal itself or below it', () => {
    expect(wouldCycle(goals, companyGoal.id, retriesGoal.id)).toBe(true);
    expect(wouldCycle(goals, checkoutGoal.id, checkoutGoal.id)).toBe(true);
    expect(wouldCycle(goals, retriesGoal.id, uptimeGoal.id)).toBe(false);
    expect(wouldCycle(goals, retriesGoal.id, null)).toBe(false);
    expect(allowedParents(goals, checkoutGoal.id).map((row) => row.id)).toEqual([uptimeGoal.id, companyGoal.id]);
    expect(allowedParents(goals, null)).toHaveLength(4);
  });
});

describe('decision log filters', () => {
  const acme = acmeWorkspace();
  const { first, second, third, unrelated } = acme.decisions;
  const all = acme.data.decisions;

  it('lists newest first and combines team, status, tool and date filters', () => {
    expect(filterDecisions(all, NO_FILTERS).map((row) => row.id)).toEqual([
      third.id,
      unrelated.id,
      second.id,
      first.id,
    ]);
    expect(
      filterDecisions(all, { ...NO_FILTERS, teamId: acme.teams.payments.id, status: 'superseded' }).map((r) => r.id),
    ).toEqual([second.id, first.id]);
    expect(filterDecisions(all, { ...NO_FILTERS, tool: 'gmail' }).map((row) => row.id)).toEqual([second.id]);
    expect(filterDecisions(all, { ...NO_FILTERS, tool: 'notion' }).map((row) => row.id)).toEqual([first.id]);
    expect(filterDecisions(all, { ...NO_FILTERS, from: '2026-02-01', to: '2026-02-15' }).map((row) => row.id)).toEqual([
      unrelated.id,
      second.id,
    ]);
  });

  it('searches every word in title, rationale, quote and author, ignoring case and accents', () => {
    const withQuote = decision('Pick a café vendor', '2026-03-02T00:00:00.000Z', {
      quote: 'We go with Adyen for the EU',
      rationale: 'Lower fees',
    });
    const rows = [...all, withQuote];
    expect(filterDecisions(rows, { ...NO_FILTERS, text: 'CAFE adyen' }).map((row) => row.id)).toEqual([withQuote.id]);
    expect(filterDecisions(rows, { ...NO_FILTERS, text: 'retry BACKOFF' }).map((row) => row.id)).toEqual([third.id]);
    expect(filterDecisions(rows, { ...NO_FILTERS, text: 'PAY-1 ana' })).toHaveLength(3);
    expect(filterDecisions(rows, { ...NO_FILTERS, text: 'nothing like this' })).toEqual([]);
  });

  it('walks the supersession chain both ways from any decision in it', () => {
    const byId = new Map(all.map((row) => [row.id, row]));
    const ids = [first.id, second.id, third.id];
    expect(supersessionChain(byId, second).map((row) => row.id)).toEqual(ids);
    expect(supersessionChain(byId, first).map((row) => row.id)).toEqual(ids);
    expect(supersessionChain(byId, unrelated).map((row) => row.id)).toEqual([unrelated.id]);
  });
});

describe('ownership rules', () => {
  const acme = acmeWorkspace();
  const ranked = rankRules(acme.rules);

  it('lists rules in the order the resolution decides by: the first rule listed that matches is the one that owns', () => {
    const rules = [
      rule('jira', 'jiraProject', '*', 'team-any'),
      rule('jira', 'jiraProject', 'P*', 'team-p'),
      rule('jira', 'jiraProject', 'PAY', 'team-pay'),
      rule('jira', 'jiraProject', 'PAY*', 'team-pay-star'),
      rule('jira', 'jiraProject', 'PLAT', 'team-plat', { priority: 1 }),
    ];
    const listed = rankRules([...rules].reverse());
    for (const project of ['PAY', 'PAYMENTS', 'PLAT', 'PX', 'OPS']) {
      const facts = containerFacts(jiraRef(`${project}-1`), { jiraProject: project });
      const first = listed.find((candidate) => facts.some((fact) => matchesFact(candidate.pattern, fact)));
      expect(bestRule('jira', rules, facts)?.rule, project).toBe(first);
    }
  });

  it('ranks rules in the order they win', () => {
    // Among the priority-0 rules, fewer wildcards then longer patterns win.
    expect(ranked.map((row) => [row.pattern, row.priority])).toEqual([
      ['PAY', 10],
      ['stripe.com', 5],
      ['vendors', 0],
      ['payments*', 0],
      ['launch *', 0],
      ['PLAT*', 0],
      ['Engineering', -1],
      ['*', -100],
    ]);
  });

  it('moves a rule past its neighbour with one priority edit', () => {
    const stripe = ranked[1];
    expect(moveRule(ranked, stripe?.id as string, 'up')).toEqual({
      kind: 'rule.update',
      id: stripe?.id,
      data: { priority: 11 },
    });
    expect(moveRule(ranked, ranked[0]?.id as string, 'up')).toBeNull();
    expect(moveRule(ranked, ranked.at(-1)?.id as string, 'down')).toBeNull();
  });

  it('answers "who would own this page?", with the unsaved draft taking part', () => {
    const url = 'https://acme.atlassian.net/browse/PLAT-12';
    const saved = testRules(url, {}, acme.rules, null);
    expect(saved.kind === 'owned' && saved.match.rule.teamId).toBe(acme.teams.platform.id);
    const draft = rule('jira', 'jiraProject', 'PLAT', acme.teams.support.id, { priority: 50 });
    const withDraft = testRules(url, {}, acme.rules, draft);
    expect(withDraft).toMatchObject({ kind: 'owned', byDraft: true });
    expect(testRules('https://example.com/', {}, acme.rules, null)).toEqual({ kind: 'not-an-item' });
    const notion = 'https://www.notion.so/acme/Spec-0123456789abcdef0123456789abcdef';
    expect(testRules(notion, {}, acme.rules, null).kind).toBe('no-facts');
    expect(testRules(notion, { notionParents: ['Marketing'] }, acme.rules, null).kind).toBe('unowned');
    const owned = testRules(notion, { notionParents: ['Payments Wiki'] }, acme.rules, null);
    expect(owned.kind === 'owned' && owned.match.rule.teamId).toBe(acme.teams.payments.id);
  });
});

describe('the rule tester on the facts a page yields', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const demoRules: OwnershipRule[] = DEMO_RULES.map((r) => ({ ...r, version: 1, createdAt: at, updatedAt: at }));
  const ownerOf = (result: ReturnType<typeof testRules>) => (result.kind === 'owned' ? result.match.rule.teamId : null);

  it('reads typed names, links and ids as the containers a page yields, in the same shape', () => {
    const typed = typedContext({
      asanaProject: 'Website Relaunch, https://app.asana.com/1/1209876543200000/project/1211341031891299/list',
      notionAncestor: `Platform, https://www.notion.so/acme/Engineering-Handbook-${DEMO.notionEngineeringHandbook}`,
      gmailLabel: 'Support',
      gmailSenderDomain: 'adyen.test, ana@acme.test',
    });
    expect(typed).toEqual({
      asanaProjects: [{ name: 'Website Relaunch' }, { id: '1211341031891299' }],
      notionParents: [{ name: 'Platform' }, { id: DEMO.notionEngineeringHandbook }],
      gmailLabels: ['Support'],
      gmailParticipants: ['someone@adyen.test', 'ana@acme.test'],
    });
    expect(zItemContext.parse(typed)).toEqual(typed);
    // The page of the demo's Asana task yields the same facts for the same projects.
    const page = extractContext('asana', fixtureDocument('sidebar/2026-11-01-asana-eu-launch.html')).context;
    const byLink = typedContext({ asanaProject: `https://app.asana.com/0/${DEMO.asanaGrowthProject}/list` });
    expect(page.asanaProjects).toContainEqual(expect.objectContaining(byLink.asanaProjects?.[0]));
  });

  it('owns each demo item as the demo rules would on its page: by URL, by a typed id or link, by a typed name', () => {
    const v1 = 'https://app.asana.com/1/1209876543200000/project/1209876543210001/task/1209876543210042';
    expect(ownerOf(testRules(v1, {}, demoRules, null))).toBe(DEMO.teams.growth);
    const v0 = 'https://app.asana.com/0/0/1209876543210042';
    expect(testRules(v0, {}, demoRules, null).kind).toBe('no-facts');
    expect(ownerOf(testRules(v0, typedContext({ asanaProject: DEMO.asanaGrowthProject }), demoRules, null))).toBe(
      DEMO.teams.growth,
    );
    const spec = 'https://www.notion.so/acme/SEPA-design-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718';
    const handbook = `https://www.notion.so/acme/Engineering-Handbook-${DEMO.notionEngineeringHandbook}`;
    expect(ownerOf(testRules(spec, typedContext({ notionAncestor: handbook }), demoRules, null))).toBe(
      DEMO.teams.platform,
    );
    expect(ownerOf(testRules(spec, typedContext({ notionAncestor: 'Engineering Handbook' }), demoRules, null))).toBe(
      null,
    );
    const thread = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs';
    expect(ownerOf(testRules(thread, typedContext({ gmailSenderDomain: 'adyen.test' }), demoRules, null))).toBe(
      DEMO.teams.payments,
    );
    expect(ownerOf(testRules(thread, typedContext({ gmailLabel: 'support' }), demoRules, null))).toBe(
      DEMO.teams.support,
    );
    expect(ownerOf(testRules('https://acme.atlassian.net/browse/PAY-2', {}, demoRules, null))).toBe(
      DEMO.teams.payments,
    );
  });

  it('saves a pasted link to an Asana project or a Notion page as the id it names, other patterns as typed', () => {
    expect(patternOf('asanaProject', 'https://app.asana.com/0/1209876543210001/list')).toBe('1209876543210001');
    expect(patternOf('asanaProject', ' Website* ')).toBe('Website*');
    expect(patternOf('notionAncestor', `https://www.notion.so/acme/Handbook-${DEMO.notionEngineeringHandbook}`)).toBe(
      DEMO.notionEngineeringHandbook,
    );
    expect(patternOf('gmailSenderDomain', '*.adyen.test')).toBe('*.adyen.test');
    // A detected item is one thing; a page the URL does not name stays as typed, to be corrected by its author.
    expect(detectItem('https://example.com/x')).toBeNull();
    expect(patternOf('notionAncestor', 'https://example.com/x')).toBe('https://example.com/x');
  });
});

describe('overview counts', () => {
  const acme = acmeWorkspace();
  const { teams, goals, decisions, rules, items } = acme.data;
  const tables = { teams, goals, decisions, rules, items };
  const fromBackground = { teams: 9, goals: 9, decisions: 9, rules: 9, items: 9 };

  it("are the tables' own lengths once every table is in, whatever the background said", () => {
    const expected = {
      teams: teams.length,
      goals: goals.length,
      decisions: decisions.length,
      rules: rules.length,
      items: items.length,
    };
    expect(expected.teams).toBeGreaterThan(0);
    expect(overviewCounts(tables, fromBackground)).toEqual(expected);
    expect(overviewCounts(tables, null)).toEqual(expected);
    expect(overviewCounts(tables, undefined)).toEqual(expected);
    // A row added later counts at once: the tables follow every change.
    expect(
      overviewCounts(
        { ...tables, rules: [...rules, rule('jira', 'jiraProject', 'ADD', acme.teams.payments.id)] },
        fromBackground,
      )?.rules,
    ).toBe(rules.length + 1);
  });

  it("are the background's while any table is still loading, and unknown when the background could not say", () => {
    expect(overviewCounts({ ...tables, items: undefined }, fromBackground)).toEqual(fromBackground);
    expect(overviewCounts({ ...tables, teams: undefined }, fromBackground)).toEqual(fromBackground);
    expect(overviewCounts({ ...tables, items: undefined }, null)).toBeUndefined();
    expect(overviewCounts({ ...tables, items: undefined }, undefined)).toBeUndefined();
  });
});
