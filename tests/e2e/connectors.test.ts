/**
 * The hub's Connectors view in Chromium with the production build, against the demo server and a Jira Cloud
 * stand-in on 127.0.0.1 (the one the server's connector tests use, its answers checked against Jira's published
 * schemas): an admin connects Jira, the import runs as a job, the containers are browsable, the suggested rules are
 * accepted in bulk with the coverage before and after shown, and an issue of an imported project, on a page built
 * like Jira's markup, is then owned by the accepted rule in the sidebar.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDIN_EMAIL, STANDIN_TOKEN, type Standin, startStandin } from '../../server/testing/tool-standin.ts';
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

/** Acme's Jira as its project list shows it: leads by display name (Cloud hides most emails), one project nobody leads. */
const person = (n: number, displayName: string, emailAddress?: string) => ({
  accountId: `5b10ac8d82e05b22cc7d${String(n).padStart(4, '0')}`,
  displayName,
  ...(emailAddress ? { emailAddress } : {}),
});
const JIRA = [
  {
    id: '10001',
    key: 'OPS',
    name: 'Operations',
    lead: person(1, 'Kenji Watanabe'),
    components: [{ id: '20001', name: 'Alerting', lead: person(2, 'Amara Okafor') }],
  },
  { id: '10002', key: 'PGW', name: 'Payments Gateway', lead: person(3, 'Priya Natarajan', 'priya@acme.test') },
  { id: '10003', key: 'GEX', name: 'Growth Experiments', lead: person(4, 'Noah Levi') },
  { id: '10004', key: 'HELP', name: 'Customer Support Desk', lead: person(5, 'Grace Kim') },
  { id: '10005', key: 'LEG', name: 'Legacy Reports' },
];

let server: DemoServer;
let session: ExtensionSession;
let jira: Standin;
beforeAll(async () => {
  jira = await startStandin({ jira: JIRA });
  ({ server, session } = await openConnectedDemo(undefined, { connectors: true }));
});
afterAll(async () => {
  await session?.close();
  await server?.close();
  await jira?.close();
});

/** The control labelled `label` inside `scope` (labels point at their control by id). */
async function control(page: Page, scope: string, label: string) {
  const id = await page.$eval(
    scope,
    (root, wanted) =>
      [...root.querySelectorAll('label')].find((element) => element.textContent?.trim() === wanted)?.htmlFor ?? null,
    label,
  );
  if (!id) throw new Error(`no control labelled ${label} in ${scope}`);
  const element = await page.$(`[id="${id}"]`);
  if (!element) throw new Error(`no element #${id}`);
  return element;
}

/** Each row's cells, as text ('Operations' and its key 'OPS' in one cell read 'OperationsOPS'). */
const rowsOf = (page: Page, selector: string) =>
  page.$$eval(selector, (rows) =>
    rows.map((row) =>
      [...(row as HTMLTableRowElement).cells].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
    ),
  );

describe('the Connectors view', () => {
  it('connects Jira, imports it, browses its containers, accepts the suggestions in bulk, and the sidebar follows the rule', async () => {
    const hub = await openHub(session, '#/connectors', 'connectors');
    const form = 'form[aria-label="Connect a tool"]';
    await (await control(hub, form, 'Name')).type('Acme Jira');
    await (await control(hub, form, 'Site URL')).type(jira.url);
    await (await control(hub, form, 'Email')).type(STANDIN_EMAIL);
    await (await control(hub, form, 'API token')).type(STANDIN_TOKEN);
    await hub.click(`${form} button[type="submit"]`);
    const row = await hub.waitForSelector('[data-connector][data-run-status="never"]', { timeout: 15_000 });
    expect(await row?.evaluate((element) => element.textContent)).toContain(`Acme Jira Jira Cloud · ${STANDIN_EMAIL}`);
    // The token went to the server, sealed there; the form forgot it.
    expect(await (await control(hub, form, 'API token')).evaluate((input) => (input as HTMLInputElement).value)).toBe(
      '',
    );

    await hub.click('[data-connector] button');
    await hub.waitForSelector('[data-connector][data-run-status="succeeded"]', { timeout: 60_000 });
    expect(await textOf(hub, '[data-connector]')).toContain('Last import succeeded: 1 page, 6 containers');
    expect(jira.requests.some((r) => r.startsWith('GET /rest/api/3/project/search'))).toBe(true);
    expect(jira.invalidAnswers).toEqual([]);

    // Browsable: every project and component, and the filter finds one by name.
    const containers = '[data-containers] tbody tr';
    await hub.waitForFunction((selector) => document.querySelectorAll(selector).length === 6, {}, containers);
    await (await control(hub, 'body', 'Name or key')).type('Operations');
    await hub.waitForFunction((selector) => document.querySelectorAll(selector).length === 1, {}, containers);
    expect(await rowsOf(hub, containers)).toEqual([
      ['OperationsOPS', 'Jira project', 'lead Kenji Watanabe · 1 component lead'],
    ]);

    // Suggested: four of the five projects (Legacy Reports has nothing to go by), each with its reason; coverage
    // before (the demo's rules name none of them) and with the suggestions.
    await hub.waitForFunction(() => document.querySelectorAll('[data-suggestion]').length === 4, { timeout: 15_000 });
    // Cells: the check box, the container, the team picker (its options), the score, the reason.
    const suggested = new Map((await rowsOf(hub, '[data-suggestion]')).map((cells) => [cells[1], cells[4]]));
    expect([...suggested.keys()].sort()).toEqual([
      'Customer Support DeskJira project HELP',
      'Growth ExperimentsJira project GEX',
      'OperationsJira project OPS',
      'Payments GatewayJira project PGW',
    ]);
    expect(suggested.get('OperationsJira project OPS')).toBe(
      'its lead Kenji Watanabe is a member and one of its component leads is a member',
    );
    await hub.waitForFunction(() => document.querySelector('[data-coverage]')?.textContent?.includes('(4 of 5)'), {
      timeout: 15_000,
    });
    expect(await textOf(hub, '[data-coverage]')).toMatch(
      /^Containers with an owner: 0% now, 80% with these suggestions \(4 of 5\)\./,
    );

    await (await hub.waitForSelector('::-p-text(Select all)'))?.click();
    await (await hub.waitForSelector('::-p-text(Accept 4)'))?.click();
    await hub.waitForFunction(() => document.querySelectorAll('[data-suggestion]').length === 0, { timeout: 15_000 });
    // The accepted rules reach the mirror through the sync: the coverage "now" is then the one proposed.
    await hub.waitForFunction(
      () => document.querySelector('[data-coverage]')?.textContent?.includes('Containers with an owner: 80% now'),
      { timeout: 30_000 },
    );
    await hub.close();

    // An issue of the Operations project, on a page built like Jira's: owned by Platform through the accepted rule.
    const url = 'https://acme.atlassian.net/browse/OPS-31';
    const page = await session.openPage(url, [
      htmlForHost('acme.atlassian.net', fixture('jira/2026-12-01-cloud-weekly-report-ops.html')),
    ]);
    await page.setViewport({ width: 1280, height: 800 });
    const launcher = await waitFor(
      () => readLauncher(page),
      (state) => state.text.includes('Owned by Platform'),
      20_000,
    );
    expect(launcher.text).toContain('Owned by Platform');
    if ((await readPanel(page)).hidden) await clickLauncher(page);
    const frame = await sidebarFrame(page, 'Weekly report');
    await frame.waitForFunction(() => (document.body.textContent ?? '').includes('By rule'), { timeout: 15_000 });
    expect(await frame.evaluate(() => document.body.textContent ?? '')).toMatch(/By rule: [^.]*Operations/);
    await page.close();
  });
});
