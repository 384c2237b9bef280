import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_ITEMS, DEMO_RULES } from '../../server/seed/demo.ts';
import type { OwnershipRule, RuleField, Tool } from '../../utils/contract.ts';
import { detectItem, extractContext } from '../../utils/detect/index.ts';
import { bestRule, containerFacts } from '../../utils/resolve/rules.ts';
import { fixtureDocument } from './fixture-document.ts';

const at = '2026-01-01T00:00:00.000Z';
const rules: OwnershipRule[] = DEMO_RULES.map((rule) => ({ ...rule, version: 1, createdAt: at, updatedAt: at }));
const ruleOf = (field: RuleField) => DEMO_RULES.find((rule) => rule.field === field)?.id;

/** For each demo rule, the demo item it owns and that item's page, built like the tool's markup. */
const cases: { field: RuleField; tool: Tool; itemKey: string; url: string; fixture: string }[] = [
  {
    field: 'jiraProject',
    tool: 'jira',
    itemKey: DEMO.items.pay2,
    url: 'https://acme.atlassian.net/browse/PAY-2',
    fixture: 'sidebar/2026-11-01-jira-pay-2.html',
  },
  {
    field: 'asanaProject',
    tool: 'asana',
    itemKey: DEMO.items.asanaLaunch,
    // A V0 URL names no project for sure: the project pills do, by their links.
    url: 'https://app.asana.com/0/1209876543210001/1209876543210042',
    fixture: 'sidebar/2026-11-01-asana-eu-launch.html',
  },
  {
    field: 'notionAncestor',
    tool: 'notion',
    itemKey: DEMO.items.notionSpec,
    url: 'https://www.notion.so/acme/SEPA-design-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
    fixture: 'sidebar/2026-11-01-notion-sepa-design.html',
  },
  {
    field: 'gmailLabel',
    tool: 'gmail',
    itemKey: DEMO.items.gmailSupport,
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKdTsBnMpRwLqHvGzXjNcPkWs',
    fixture: 'sidebar/2026-11-01-gmail-support-refund.html',
  },
  {
    field: 'gmailSenderDomain',
    tool: 'gmail',
    itemKey: DEMO.items.gmailThread,
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
    fixture: 'sidebar/2026-11-01-gmail-sepa-pricing.html',
  },
];

describe('every demo rule owns its demo item', () => {
  it('has a case for each demo rule', () => {
    expect(cases.map((c) => ruleOf(c.field)).sort()).toEqual(DEMO_RULES.map((rule) => rule.id).sort());
  });

  it.each(cases)('$field: the facts its page yields', ({ field, tool, itemKey, url, fixture }) => {
    const ref = detectItem(url);
    expect(ref?.key).toBe(itemKey);
    if (!ref) return;
    const page = extractContext(tool, fixtureDocument(fixture));
    expect(bestRule(tool, rules, containerFacts(ref, page.context))?.rule.id).toBe(ruleOf(field));
  });

  it.each(cases)('$field: the facts the demo item was stored with', ({ field, tool, itemKey }) => {
    const item = DEMO_ITEMS.find((candidate) => candidate.ref.key === itemKey);
    if (!item) throw new Error(`no demo item ${itemKey}`);
    expect(bestRule(tool, rules, containerFacts(item.ref, item.context ?? {}))?.rule.id).toBe(ruleOf(field));
  });

  it('asana: a V1 URL alone names the project, so a pane not rendered yet is owned already', () => {
    const ref = detectItem('https://app.asana.com/1/1209876543200000/project/1209876543210001/task/1209876543210042');
    expect(ref?.project).toBe(DEMO.asanaGrowthProject);
    if (!ref) return;
    expect(bestRule('asana', rules, containerFacts(ref, {}))?.rule.id).toBe(ruleOf('asanaProject'));
  });
});
