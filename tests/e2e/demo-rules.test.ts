/**
 * Every ownership rule of the demo workspace owns its demo item on a page built like the tool's markup: the
 * container facts the content script reads from the page (ids and names) meet the rules as the server stores them.
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RULES } from '../../server/seed/demo.ts';
import { type ExtensionSession, fixture, htmlForHost, waitFor } from '../support/harness.ts';
import { openHub, textOf } from '../support/hub-harness.ts';
import {
  clickLauncher,
  type DemoServer,
  openConnectedDemo,
  readLauncher,
  readPanel,
  sidebarFrame,
} from '../support/sidebar-harness.ts';

let session: ExtensionSession;
let server: DemoServer;
beforeAll(async () => {
  ({ server, session } = await openConnectedDemo());
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/**
 * Each demo rule, the page of the demo item it owns, what the launcher shows there (owner, then goal) and the
 * container the rule matched, as the sidebar names it.
 */
/** Each rule field as the rule form and the sidebar say it (English). */
const FIELD_WORDS: Record<string, string> = {
  jiraProject: 'Jira project',
  asanaProject: 'Asana project',
  notionAncestor: 'Notion ancestor page',
  gmailLabel: 'Gmail label',
  gmailSenderDomain: 'Gmail sender domain',
};

const cases = [
  {
    field: 'jiraProject',
    url: 'https://acme.atlassian.net/browse/PAY-2',
    html: 'sidebar/2026-11-01-jira-pay-2.html',
    launcher: 'Owned by Payments, goal Launch payments in the EU',
    title: 'Retry failed SEPA debits',
    matched: 'Payments',
  },
  {
    field: 'asanaProject',
    // A V0 URL: only the project pills (links to their gids) say which projects the task is in.
    url: 'https://app.asana.com/0/1209876543210001/1209876543210042',
    html: 'sidebar/2026-11-01-asana-eu-launch.html',
    launcher: 'Owned by Growth, goal Grow revenue 20% in 2026',
    title: 'EU launch campaign',
    matched: 'Website Relaunch',
  },
  {
    field: 'notionAncestor',
    url: 'https://www.notion.so/acme/SEPA-design-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
    html: 'sidebar/2026-11-01-notion-sepa-design.html',
    launcher: 'Owned by Platform, goal Launch payments in the EU',
    title: 'SEPA Direct Debit: design',
    matched: 'Engineering Handbook',
  },
  {
    field: 'gmailLabel',
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKdTsBnMpRwLqHvGzXjNcPkWs',
    html: 'sidebar/2026-11-01-gmail-support-refund.html',
    launcher: 'Owned by Customer Support, goal First response to customers within 2 hours',
    title: 'Refund for a double SEPA debit',
    matched: 'Support',
  },
  {
    field: 'gmailSenderDomain',
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
    html: 'sidebar/2026-11-01-gmail-sepa-pricing.html',
    launcher: 'Owned by Payments, no goal',
    title: 'Re: SEPA provider pricing',
    matched: 'adyen.test',
  },
] as const;

const frameText = (frame: Frame) => frame.evaluate(() => document.body.textContent ?? '');

describe('the demo ownership rules on pages of the four tools', () => {
  it('has a page for every demo rule', () => {
    expect(cases.map((c) => c.field).sort()).toEqual(DEMO_RULES.map((rule) => rule.field).sort());
  });

  for (const spec of cases) {
    it(`${spec.field}: the launcher and the sidebar show the rule's team as the owner`, async () => {
      const page: Page = await session.openPage(spec.url, [htmlForHost(new URL(spec.url).host, fixture(spec.html))]);
      await page.setViewport({ width: 1280, height: 800 });
      const launcher = await waitFor(
        () => readLauncher(page),
        (state) => state.text.includes(spec.launcher),
        20_000,
      );
      expect(launcher.text).toContain(spec.launcher);

      // Open is remembered per tool: the second Gmail page opens with its sidebar open already.
      if ((await readPanel(page)).hidden) await clickLauncher(page);
      const frame = await sidebarFrame(page, spec.title);
      await frame.waitForFunction(() => (document.body.textContent ?? '').includes('By rule'), { timeout: 15_000 });
      const text = await frameText(frame);
      // The owner comes from the rule, not from a link: the sidebar names the container it matched.
      expect(text).toMatch(new RegExp(`By rule: [^.]*${spec.matched}`));
      expect(text).not.toContain('Linked by');
      // In the rule form's words, never the contract's field names (issue 11 point 8: "By rule: jiraProject is PAY").
      expect(text).toContain(`By rule: ${FIELD_WORDS[spec.field]} is `);
      expect(text).not.toMatch(/jiraProject|asanaProject|notionAncestor|gmailLabel|gmailSenderDomain/);
      // The owning team's name opens that team in the hub.
      const team = spec.launcher.replace(/^Owned by ([^,]+),.*$/, '$1');
      const href = await frame.evaluate(
        (name) => [...document.querySelectorAll('a')].find((link) => link.textContent === name)?.href ?? null,
        team,
      );
      expect(href).toMatch(/\/hub\.html#\/teams\/[0-9a-f-]{36}$/);
      await page.close();
    });
  }
});

describe('the hub rule tester on the facts those pages show', () => {
  /** What a person pastes: the page's URL, and what the page shows that its URL does not carry. */
  const tests = [
    { url: 'https://acme.atlassian.net/browse/PAY-2', typed: {}, owner: 'Payments' },
    {
      // A V1 URL carries the project's gid, which the Asana rule names.
      url: 'https://app.asana.com/1/1209876543200000/project/1209876543210001/task/1209876543210042',
      typed: {},
      owner: 'Growth',
    },
    {
      url: 'https://www.notion.so/acme/SEPA-design-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
      typed: {
        'Notion ancestor pages': 'https://www.notion.so/acme/Engineering-Handbook-9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f',
      },
      owner: 'Platform',
    },
    {
      url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKdTsBnMpRwLqHvGzXjNcPkWs',
      typed: { 'Gmail labels': 'Inbox, Support' },
      owner: 'Customer Support',
    },
    {
      url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
      typed: { 'Gmail participants': 'sales@adyen.test, priya@acme.test' },
      owner: 'Payments',
    },
  ];

  for (const { url, typed, owner } of tests) {
    it(`${new URL(url).host}: owned by ${owner}`, async () => {
      const hub = await openHub(session, '#/rules', 'rules');
      await hub.type('input[aria-label="Page URL to test"]', url);
      for (const [label, value] of Object.entries(typed)) await hub.type(`input[aria-label="${label}"]`, value);
      expect(await textOf(hub, '[aria-label="Rule test result"]')).toContain(`Owned by ${owner}`);
      await hub.close();
    });
  }

  it("says in words that a link does not say where its item lives (it read 'A Asana URL')", async () => {
    const hub = await openHub(session, '#/rules', 'rules');
    // An older Asana task link: no project in it.
    await hub.type('input[aria-label="Page URL to test"]', 'https://app.asana.com/0/0/1209876543210042');
    await hub.waitForFunction(() =>
      document.querySelector('[aria-label="Rule test result"]')?.textContent?.includes('does not say'),
    );
    expect(await textOf(hub, '[aria-label="Rule test result"]')).toBe(
      'This Asana link does not say where the item lives: fill in the fields above.',
    );
    await hub.close();
  });
});
