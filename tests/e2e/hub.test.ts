/**
 * The hub in Chromium against the real server with the demo workspace: every view renders from the synced mirror,
 * every edit goes through the outbox and reaches the server, roles change what is offered, and the server's refusal
 * is shown. Screenshots of each view land in docs/screenshots/hub-*.png.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserToken } from '../../server/domain/tokens.ts';
import { DEMO } from '../../server/seed/demo.ts';
import type { Me } from '../../utils/contract.ts';
import { type ExtensionSession, waitFor } from '../support/harness.ts';
import {
  fetchMe,
  goTo,
  hubUrl,
  type OutboxRowView,
  openHub,
  outboxDrained,
  readTable,
  screenshot,
  setIdentity,
  textOf,
  viewReady,
} from '../support/hub-harness.ts';
import { type DemoServer, openConnectedDemo } from '../support/sidebar-harness.ts';

let server: DemoServer;
let session: ExtensionSession;
let admin: Me;
let page: Page;

beforeAll(async () => {
  const opened = await openConnectedDemo();
  ({ server, session } = opened);
  const connected = opened.extension;
  admin = await fetchMe(server.url, server.token);
  await connected.close();
  page = await openHub(session, '#/', 'home');
  await setIdentity(page, server.token, admin, 'home');
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

const serverRows = async <T extends object>(sql: string, params: unknown[] = []) => server.db.query<T>(sql, params);

/** Clicks the button whose text is exactly `text` (Puppeteer's text selector matches substrings). */
async function clickButton(text: string, within = 'body'): Promise<void> {
  const buttons = await page.$$(`${within} button`);
  for (const button of buttons) {
    if ((await button.evaluate((element) => element.textContent?.trim())) === text) {
      await button.click();
      return;
    }
  }
  throw new Error(`No button "${text}" in ${within}`);
}

/** Chooses an option the way a person does: reaching for the select first (long lists fill in on focus). */
async function pick(selector: string, value: string): Promise<void> {
  await page.focus(selector);
  await page.select(selector, value);
}

async function hasButton(text: string): Promise<boolean> {
  return page.$$eval('button', (buttons, wanted) => buttons.some((b) => b.textContent?.trim() === wanted), text);
}

describe('the hub over the demo workspace', () => {
  it('overview: counts of the synced mirror, and g-then-letter switches views', async () => {
    expect(await textOf(page, '[data-view="home"] [data-counts]')).toContain('Teams5');
    await screenshot(page, 'overview');
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await viewReady(page, 'decisions');
    expect(new URL(page.url()).hash).toBe('#/decisions');
  });

  it('teams directory: members, owned goals, rules and linked work; j/k and Enter open a team', async () => {
    await goTo(page, '#/teams', 'teams');
    const names = await page.$$eval('[data-view="teams"] ul[aria-label="Teams"] li', (rows) =>
      rows.map((row) => row.querySelector('a')?.textContent),
    );
    expect(names).toEqual(['Customer Support', 'Engineering', 'Growth', 'Payments', 'Platform']);
    await screenshot(page, 'teams');
    for (const key of ['j', 'j', 'j', 'j', 'j', 'k'] as const) await page.keyboard.press(key);
    await page.keyboard.press('Enter');
    await viewReady(page, 'team');
    expect(new URL(page.url()).hash).toBe(`#/teams/${DEMO.teams.payments}`);
    const team = await textOf(page, '[data-view="team"]');
    expect(team).toContain('Priya Natarajan');
    expect(team).toContain('Launch payments in the EU');
    expect(team).toContain('Jira project PAY');
    // PAY-1 and PAY-2 by owner link (the thread's sender sales@adyen.test does not match the `*.adyen.test` rule).
    expect(await textOf(page, 'section[aria-label="Jira items"]')).toContain('Retry failed SEPA debits');
    await screenshot(page, 'team');
  });

  it('goal tree: nested goals; create, re-parent (never under its own sub-goal), close; all reach the server', async () => {
    await goTo(page, '#/goals', 'goals');
    const rows = await page.$$eval('ul[aria-label="Goal tree"] li', (items) =>
      items.map((item) => ({
        title: item.querySelector('a')?.textContent,
        indent: Number.parseInt(
          (item.querySelector('span[style]') as HTMLElement | null)?.style.paddingLeft ?? '0',
          10,
        ),
      })),
    );
    expect(rows).toContainEqual({ title: 'SEPA Direct Debit generally available', indent: 36 });
    expect(rows).toContainEqual({ title: 'Launch payments in the EU', indent: 18 });
    await screenshot(page, 'goals');

    await clickButton('New goal');
    await page.type('form[aria-label="New goal"] input[required]', 'Cut SEPA fees by 30%');
    await page.select('::-p-aria(Owner team)', DEMO.teams.payments);
    await page.select('::-p-aria(Parent goal)', DEMO.goals.revenue);
    await clickButton('Create goal', 'form[aria-label="New goal"]');
    await viewReady(page, 'goal');
    const created = new URL(page.url()).hash.split('/')[2] as string;
    expect(await textOf(page, '[data-view="goal"] header')).toContain('Grow revenue 20% in 2026');

    // Re-parent the EU goal: its own sub-goal is not offered, the new goal is.
    await goTo(page, `#/goals/${DEMO.goals.euPayments}`, 'goal');
    // Its breadcrumb holds its parent goals only; the owning team is said apart, and opens the team.
    expect(await textOf(page, '[data-view="goal"] header nav[aria-label="Parent goals"]')).toBe(
      'Grow revenue 20% in 2026',
    );
    expect(
      await page.$eval('[data-view="goal"] header', (header) =>
        [...header.querySelectorAll('a')].map((link) => [link.textContent, link.getAttribute('href')]),
      ),
    ).toEqual([
      ['Grow revenue 20% in 2026', `#/goals/${DEMO.goals.revenue}`],
      ['Payments', `#/teams/${DEMO.teams.payments}`],
    ]);
    await clickButton('Edit');
    const parents = await page.$$eval('form[aria-label="Edit goal"] ::-p-aria(Parent goal) option', (options) =>
      options.map((option) => (option as HTMLOptionElement).value),
    );
    expect(parents).not.toContain(DEMO.goals.sepaGa);
    expect(parents).not.toContain(DEMO.goals.euPayments);
    expect(parents).toContain(created);
    await page.select('::-p-aria(Parent goal)', created);
    await clickButton('Save goal', 'form[aria-label="Edit goal"]');
    await page.waitForSelector('form[aria-label="Edit goal"]', { hidden: true });
    expect(await textOf(page, '[data-view="goal"] header')).toContain('Cut SEPA fees by 30%');
    await screenshot(page, 'goal');
    // Closed straight after the edit: the second edit is based on the version the first will make, so no conflict.
    // The server is away meanwhile, so the close is seen pending before any sync pass can send it.
    await server.stop();
    await clickButton('Close as done');
    await waitFor(
      () => textOf(page, '[data-view="goal"] dl'),
      (text) => text.includes('Done') && text.includes('100%'),
    );
    expect(await textOf(page, '[data-view="goal"]')).toContain('Status set to Done (not synced yet)');

    await server.start();
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync.now', data: {} }));
    await outboxDrained(page);
    const [moved] = await serverRows<{ parent_goal_id: string; status: string }>(
      'SELECT parent_goal_id, status FROM goals WHERE id = $1',
      [DEMO.goals.euPayments],
    );
    expect(moved).toEqual({ parent_goal_id: created, status: 'done' });
    // Once pulled back, the close is in the server's history of the goal instead of the pending edits.
    await waitFor(
      () => textOf(page, 'ol[aria-label="Status history"] li:first-child'),
      (text) => text.includes('Done') && text.includes('100%') && !text.includes('not synced yet'),
    );
  });

  it('decision log: filters, full-text search with /, supersession chain with sources; supersede reaches the server', async () => {
    await goTo(page, '#/decisions', 'decisions');
    const titles = () =>
      page.$$eval('ul[aria-label="Decisions"] li a', (links) => links.map((link) => link.textContent));
    expect(await titles()).toEqual([
      'Switch SEPA Direct Debit to Stripe',
      'Staff support 7:00-19:00 CET on weekdays',
      'Use Adyen for SEPA Direct Debit',
      'Standardise on PostgreSQL 15',
    ]);
    await screenshot(page, 'decisions');
    await page.keyboard.press('/');
    await page.keyboard.type('onboarding fee');
    await waitFor(titles, (rows) => rows.length === 1);
    expect(await titles()).toEqual(['Switch SEPA Direct Debit to Stripe']);
    await page.click('input[aria-label="Search decisions"]', { count: 3 });
    await page.keyboard.press('Backspace');
    await page.select('select[aria-label="Status"]', 'superseded');
    await waitFor(titles, (rows) => rows.length === 1);
    expect(await titles()).toEqual(['Use Adyen for SEPA Direct Debit']);
    await page.select('select[aria-label="Status"]', '');
    await page.select('select[aria-label="Team"]', DEMO.teams.payments);
    await page.select('select[aria-label="Tool"]', 'gmail');
    await waitFor(titles, (rows) => rows.length === 2);
    await page.select('select[aria-label="Team"]', '');
    await page.select('select[aria-label="Tool"]', '');
    await page.type('input[aria-label="From date"]', '02012026');
    await page.type('input[aria-label="To date"]', '02282026');
    await waitFor(titles, (rows) => rows.length === 2);
    expect(await titles()).toEqual(['Staff support 7:00-19:00 CET on weekdays', 'Use Adyen for SEPA Direct Debit']);

    await goTo(page, `#/decisions/${DEMO.decisions.adyen}`, 'decision');
    expect(await textOf(page, '[data-view="decision"]')).toContain('Superseded. The current decision is Switch SEPA');
    expect(await textOf(page, 'ol[aria-label="Supersession chain"]')).toMatch(/Use Adyen.*Switch SEPA/);
    await goTo(page, `#/decisions/${DEMO.decisions.stripe}`, 'decision');
    await screenshot(page, 'decision');
    await clickButton('Supersede…');
    await page.type('form[aria-label="Supersede decision"] input', 'Run SEPA on both Stripe and Adyen');
    await clickButton('Log and supersede');
    await waitFor(
      async () => page.url(),
      (url) => !url.endsWith(DEMO.decisions.stripe),
    );
    await viewReady(page, 'decision');
    expect(await textOf(page, 'ol[aria-label="Supersession chain"]')).toMatch(
      /Use Adyen.*Switch SEPA.*Run SEPA on both/,
    );
    await outboxDrained(page);
    const [stripe] = await serverRows<{ status: string }>('SELECT status FROM decisions WHERE id = $1', [
      DEMO.decisions.stripe,
    ]);
    expect(stripe?.status).toBe('superseded');
  });

  it('ownership rules: test a URL, test a draft before saving, create, edit and reorder', async () => {
    await goTo(page, '#/rules', 'rules');
    await page.type('input[aria-label="Page URL to test"]', 'https://acme.atlassian.net/browse/PAY-77');
    expect(await textOf(page, '[aria-label="Rule test result"]')).toContain('Owned by Payments');
    await screenshot(page, 'rules');

    await clickButton('New rule');
    const form = 'form[aria-label="New rule"]';
    await page.select(`${form} ::-p-aria(Tool)`, 'notion');
    await page.type(`${form} ::-p-aria(Pattern)`, 'Growth wiki*');
    await page.select(`${form} ::-p-aria(Owner team)`, DEMO.teams.growth);
    await page.type(
      `${form} input[aria-label="Page URL to test"]`,
      'https://www.notion.so/acme/Plan-0123456789abcdef0123456789abcdef',
    );
    await page.type(`${form} input[aria-label="Notion ancestor pages"]`, 'Growth wiki 2026');
    expect(await textOf(page, `${form} [aria-label="Rule test result"]`)).toContain('Owned by Growth, via this rule');
    await clickButton('Create rule', form);
    await page.waitForSelector(form, { hidden: true });
    // The order as the server has it (the new rule's tie with `*.adyen.test` is broken by the server's creation
    // time once the write comes back): a click aimed at a row while that row still moves lands on another one.
    await outboxDrained(page);
    const rankOf = async (pattern: string) =>
      page.$$eval(
        'tbody tr',
        (rows, wanted) => rows.findIndex((row) => row.querySelector('code')?.textContent === wanted),
        pattern,
      );
    const before = await rankOf('Growth wiki*');
    // Tied with `*.adyen.test` (priority 0, one wildcard, same length) and created later, so ranked below it;
    // moving up gives it priority 1, above every rule of priority 0.
    await page.click('button[aria-label="Move Growth wiki* up"]');
    await waitFor(
      () => rankOf('Growth wiki*'),
      (rank) => rank < before,
    );
    await outboxDrained(page);
    const [saved] = await serverRows<{ team_id: string; priority: number }>(
      "SELECT team_id, priority FROM ownership_rules WHERE pattern = 'Growth wiki*'",
    );
    expect(saved).toMatchObject({ team_id: DEMO.teams.growth, priority: 1 });

    const row = await page.$$('tbody tr');
    await row[await rankOf('Growth wiki*')]?.$$eval('button', (buttons) =>
      buttons.find((button) => button.textContent === 'Edit')?.click(),
    );
    const editForm = 'form[aria-label="Edit rule"]';
    await page.click(`${editForm} ::-p-aria(Pattern)`, { count: 3 });
    await page.keyboard.type('Growth*');
    await clickButton('Save rule', editForm);
    await page.waitForSelector(editForm, { hidden: true });
    await outboxDrained(page);
    const edited = await serverRows("SELECT id FROM ownership_rules WHERE pattern = 'Growth*'");
    expect(edited).toHaveLength(1);
  });

  it('work snapshot: charts and tables per team and per goal, exported as Markdown and CSV', async () => {
    const downloads = mkdtempSync(join(tmpdir(), 'hallway-hub-downloads-'));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await goTo(page, '#/snapshot', 'snapshot');
    await pick('select[aria-label="Snapshot of"]', `team:${DEMO.teams.payments}`);
    await page.$eval('input[aria-label="Week"]', (input) => {
      (input as HTMLInputElement).focus();
    });
    await page.type('input[aria-label="Week"]', '03112026');
    await waitFor(
      () => textOf(page, '[data-view="snapshot"]'),
      (text) => text.includes('Mar 9, 2026 to Mar 16, 2026'),
    );
    const labels = await page.$$eval('svg[role="img"]', (charts) =>
      charts.map((chart) => chart.getAttribute('aria-label')),
    );
    // The pricing thread is Payments' through the `*.adyen.test` sender-domain rule.
    expect(labels[0]).toBe('Linked items by tool: Jira 2, Asana 0, Notion 1, Gmail 1');
    expect(await textOf(page, '[data-view="snapshot"]')).toContain('Switch SEPA Direct Debit to Stripe');
    await screenshot(page, 'snapshot');
    await clickButton('Export Markdown');
    await clickButton('Export CSV');
    const files = await waitFor(
      async () => readdirSync(downloads).filter((name) => !name.endsWith('.crdownload')),
      (names) => names.length === 2,
    );
    const markdown = readFileSync(join(downloads, files.find((name) => name.endsWith('.md')) as string), 'utf8');
    expect(markdown).toContain('# Work snapshot: Payments');
    expect(markdown).toContain(`(${hubUrl(session, `#/decisions/${DEMO.decisions.stripe}`)})`);
    const csv = readFileSync(join(downloads, files.find((name) => name.endsWith('.csv')) as string), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('section,name,detail,date,url');
    await pick('select[aria-label="Snapshot of"]', `goal:${DEMO.goals.revenue}`);
    await waitFor(
      () => textOf(page, '[data-view="snapshot"] header'),
      (text) => text.includes('Work snapshot'),
    );
    await cdp.detach();
  });

  it('search: finds teams, goals, decisions and items from the header, deep links to each', async () => {
    await page.click('input[aria-label="Search teams, goals, decisions and items"]');
    await page.keyboard.type('sepa');
    await page.keyboard.press('Enter');
    await viewReady(page, 'search');
    const text = await textOf(page, '[data-view="search"]');
    expect(text).toContain('SEPA Direct Debit generally available');
    expect(text).toContain('Use Adyen for SEPA Direct Debit');
    expect(text).toContain('Retry failed SEPA debits');

    // The omnibox's engine: typos are forgiven, people are found, a key is that item and not fuzzy noise.
    const searchFor = async (query: string) => {
      await goTo(page, `#/search?q=${encodeURIComponent(query)}`, 'search');
      return textOf(page, '[data-view="search"]');
    };
    expect(await searchFor('swich sepa stripe')).toContain('Switch SEPA Direct Debit to Stripe');
    const people = await searchFor('priya');
    expect(people).toContain('Priya Natarajan');
    expect(people).toContain('priya@acme.test');
    expect(people).toContain('Payments');
    const key = await searchFor('PAY-2');
    expect(key).toContain('Retry failed SEPA debits');
    expect(key).not.toContain('SEPA checkout: collect the mandate');
    expect(await searchFor('https://acme.atlassian.net/browse/PAY-404')).toContain(
      'This Jira item is not in Hallway yet',
    );
  });

  it('export and import: dry run of a changed file, applied through the outbox to the server', async () => {
    const downloads = mkdtempSync(join(tmpdir(), 'hallway-hub-export-'));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await goTo(page, '#/settings', 'settings');
    // The file input is the keyboard's and screen readers' (a pixel, out of sight); its label looks like a button.
    const fileInput = await page.$eval('input[aria-label="Workspace file to import"]', (input) => {
      const label = input.closest('label') as HTMLElement;
      const box = input.getBoundingClientRect();
      const labelBox = label.getBoundingClientRect();
      const style = getComputedStyle(label);
      return {
        input: [box.width, box.height],
        label: label.textContent,
        labelTall: labelBox.height >= 28,
        bordered: style.borderTopStyle === 'solid' && style.borderRadius !== '0px',
      };
    });
    expect(fileInput).toEqual({ input: [1, 1], label: 'Import a file…', labelTall: true, bordered: true });
    await clickButton('Export JSON');
    const [exported] = await waitFor(
      async () => readdirSync(downloads).filter((name) => name.endsWith('.json')),
      (names) => names.length === 1,
    );
    const file = JSON.parse(readFileSync(join(downloads, exported as string), 'utf8'));
    expect(file.format).toBe('hallway.workspace');
    file.teams.push({
      ...file.teams[0],
      id: crypto.randomUUID(),
      name: 'Legal',
      slug: 'legal',
      members: [{ name: 'Lina Berg' }],
    });
    file.goals = file.goals.map((goal: { id: string; progress: number }) =>
      goal.id === DEMO.goals.availability ? { ...goal, progress: 90 } : goal,
    );
    const edited = join(downloads, 'edited.json');
    writeFileSync(edited, JSON.stringify(file));
    const input = await page.$('input[aria-label="Workspace file to import"]');
    await input?.uploadFile(edited);
    await page.waitForSelector('section[aria-label="Import dry run"]');
    const dryRun = await textOf(page, 'section[aria-label="Import dry run"]');
    expect(dryRun).toContain('teams105');
    expect(dryRun).toContain('update goal 99.95% API availability (progress)');
    expect(await readTable(page, 'outbox')).toEqual([]);
    await screenshot(page, 'settings');
    await clickButton('Apply 2 changes');
    await page.waitForSelector('::-p-text(Applied 2 of 2)');
    await outboxDrained(page);
    const legal = await serverRows('SELECT name FROM teams WHERE slug = $1', ['legal']);
    expect(legal).toHaveLength(1);

    const broken = join(downloads, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...file, goals: [{ ...file.goals[0], status: 'paused' }] }));
    await (await page.$('input[aria-label="Workspace file to import"]'))?.uploadFile(broken);
    await page.waitForSelector('[aria-label="Import errors"]');
    expect(await textOf(page, '[aria-label="Import errors"]')).toContain('goals[0].status');
    await cdp.detach();
  });

  it('shows the server refusal of a write the local role allowed, and discards it', async () => {
    const lowered = await createUserToken(server.db, {
      workspaceId: admin.workspace.id,
      name: 'Ada Admin',
      role: 'admin',
      now: new Date(),
    });
    await goTo(page, '#/rules', 'rules');
    await setIdentity(page, lowered.token, await fetchMe(server.url, lowered.token), 'rules');
    // The role is lowered on the server while the extension is offline: it still believes it is an admin, and the
    // UI offers rule edits. Every sync pass asks who the user is, so the server is away until the edit is made.
    await server.stop();
    await serverRows("UPDATE users SET role = 'member' WHERE name = 'Ada Admin'");
    const ranked = await page.$$eval('tbody tr code', (codes) => codes.map((code) => code.textContent));
    await page.click(`button[aria-label="Move ${ranked[1]} up"]`);
    // Past the server's token cache, which may still hold the admin role.
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    await server.start();
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync.now', data: {} }));
    await page.waitForSelector('ul[aria-label="Refused changes"]', { timeout: 30_000 });
    const refusal = await textOf(page, 'ul[aria-label="Refused changes"]');
    expect(refusal).toContain('Refused by the server: rule change');
    // Said in the user's language from the server's code and params (utils/errors.ts), not in the server's words.
    const [row] = await readTable<OutboxRowView>(page, 'outbox');
    expect(row?.error?.code).toBe('forbidden');
    expect(refusal).toContain('A member may not do this: it needs the admin role');
    await screenshot(page, 'refused');
    await clickButton('Discard');
    await page.waitForSelector('ul[aria-label="Refused changes"]', { hidden: true });
    expect(await readTable(page, 'outbox')).toEqual([]);
  });

  it('viewers get a read-only hub: nothing that writes is offered', async () => {
    // Real tokens of each role: every sync pass asks the server who the user is.
    const tokenOf = async (name: string, role: 'viewer' | 'member') =>
      (await createUserToken(server.db, { workspaceId: admin.workspace.id, name, role, now: new Date() })).token;
    const viewer = await tokenOf('Vic Viewer', 'viewer');
    const member = await tokenOf('Mia Member', 'member');
    await setIdentity(page, viewer, await fetchMe(server.url, viewer), 'rules');
    expect(await textOf(page, '[data-view="rules"]')).toContain('Only admins change ownership rules');
    expect(await page.$('button[aria-label^="Move"]')).toBeNull();
    await goTo(page, '#/goals', 'goals');
    expect(await hasButton('New goal')).toBe(false);
    await goTo(page, `#/goals/${DEMO.goals.sepaGa}`, 'goal');
    expect(await hasButton('Edit')).toBe(false);
    expect(await hasButton('Close as done')).toBe(false);
    await goTo(page, '#/teams', 'teams');
    expect(await hasButton('New team')).toBe(false);
    await goTo(page, '#/settings', 'settings');
    expect(await textOf(page, '[data-view="settings"]')).toContain('Only admins export or import');
    await goTo(page, '#/goals', 'goals');
    await setIdentity(page, member, await fetchMe(server.url, member), 'goals');
    expect(await hasButton('New goal')).toBe(true);
    await goTo(page, '#/teams', 'teams');
    expect(await hasButton('New team')).toBe(false);
  });

  it('admins create and edit teams', async () => {
    await goTo(page, '#/teams', 'teams');
    await setIdentity(page, server.token, admin, 'teams');
    await clickButton('New team');
    const form = 'form[aria-label="New team"]';
    await page.type(`${form} ::-p-aria(Name)`, 'Data Platform');
    await page.select(`${form} ::-p-aria(Parent team)`, DEMO.teams.engineering);
    await page.type(`${form} textarea`, 'Ines Duarte <ines@acme.test>');
    await clickButton('Create team', form);
    await viewReady(page, 'team');
    expect(await textOf(page, '[data-view="team"]')).toContain('Ines Duarte');
    await clickButton('Edit team');
    await page.type('form[aria-label="Edit team"] ::-p-aria(Description)', 'Pipelines and the warehouse');
    await clickButton('Save team', 'form[aria-label="Edit team"]');
    await page.waitForSelector('::-p-text(Pipelines and the warehouse)');
    await outboxDrained(page);
    const [team] = await serverRows<{ slug: string; description: string }>(
      'SELECT slug, description FROM teams WHERE name = $1',
      ['Data Platform'],
    );
    expect(team).toEqual({ slug: 'data-platform', description: 'Pipelines and the warehouse' });

    // Deleting: a team still in use says by what instead of offering a delete the server would refuse.
    const deleteButton = async () =>
      page.$eval('[data-view="team"] header', (header) => {
        const button = [...header.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Delete'));
        return button ? { disabled: button.disabled, note: header.textContent ?? '' } : null;
      });
    await goTo(page, `#/teams/${DEMO.teams.payments}`, 'team');
    const inUse = await deleteButton();
    expect(inUse?.disabled).toBe(true);
    expect(inUse?.note).toMatch(/Used by .*owned goal.*change those first/);
    await page.evaluate(() => history.back());
    await viewReady(page, 'team');
    expect(await deleteButton()).toEqual({ disabled: false, note: expect.any(String) });
    await clickButton('Delete team');
    await clickButton('Delete', 'fieldset[aria-label="Delete team"]');
    await viewReady(page, 'teams');
    expect(await textOf(page, '[data-view="teams"]')).not.toContain('Data Platform');
    await outboxDrained(page);
    expect(await serverRows('SELECT id FROM teams WHERE name = $1', ['Data Platform'])).toEqual([]);
  });

  it('deletes an unused goal; a goal in use says what uses it', async () => {
    // The create's push is answered while these clicks land: the hub's "waiting to sync" line used to be a bar over
    // the view that went with it, the view moved up under a click computed a moment before, and "Delete" was missed
    // (the goals list never came). The line is in the search row now; nothing above the view comes and goes with a push.
    await page.close();
    page = await openHub(session, '#/goals', 'goals');
    await clickButton('New goal');
    await page.type('form[aria-label="New goal"] input[required]', 'Try a pricing experiment');
    await clickButton('Create goal', 'form[aria-label="New goal"]');
    await viewReady(page, 'goal');
    await clickButton('Delete goal');
    await clickButton('Delete', 'fieldset[aria-label="Delete goal"]');
    await viewReady(page, 'goals');
    await outboxDrained(page);
    expect(await serverRows('SELECT id FROM goals WHERE title = $1', ['Try a pricing experiment'])).toEqual([]);
    await goTo(page, `#/goals/${DEMO.goals.revenue}`, 'goal');
    expect(await textOf(page, '[data-view="goal"] header')).toMatch(/Used by .*sub-goal/);
  });

  it('keeps a team the server refused for its slug, with its text, until it is edited and sent again', async () => {
    await goTo(page, '#/teams', 'teams');
    // Another admin takes the slug first; this browser has not pulled it, so nothing here knows yet.
    const taken = await fetch(`${server.url}/v1/mutations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        mutations: [
          {
            mutationId: crypto.randomUUID(),
            type: 'team.create',
            id: crypto.randomUUID(),
            data: { name: 'Field Ops (elsewhere)', slug: 'field-ops' },
          },
        ],
      }),
    });
    expect(((await taken.json()) as { results: { status: string }[] }).results[0]?.status).toBe('applied');
    await clickButton('New team');
    const form = 'form[aria-label="New team"]';
    await page.type(`${form} ::-p-aria(Name)`, 'Field Ops');
    await clickButton('Create team', form);
    const refusals = 'ul[aria-label="Refused changes"]';
    await page.waitForSelector(`${refusals} [data-write-text="slug"]`, { timeout: 30_000 });
    const refusal = await textOf(page, refusals);
    expect(refusal).toContain('Refused by the server: new team');
    expect(await textOf(page, `${refusals} [data-write-text="name"]`)).toBe('Field Ops');
    expect(await textOf(page, `${refusals} [data-write-text="slug"]`)).toBe('field-ops');

    await clickButton('Edit', refusals);
    const edit = 'form[aria-label="Edit the refused write"]';
    const slug = await page.waitForSelector(`${edit} ::-p-aria(Slug)`);
    await slug?.click({ count: 3 });
    await slug?.type('field-operations');
    await clickButton('Send again', edit);
    await outboxDrained(page);
    expect(await serverRows('SELECT name FROM teams WHERE slug = $1', ['field-operations'])).toEqual([
      { name: 'Field Ops' },
    ]);
    await page.waitForSelector(refusals, { hidden: true });
  });

  it('renames the workspace and oneself on the server, shown at once; members may rename only themselves', async () => {
    await goTo(page, '#/settings', 'settings');
    const rename = async (form: string, name: string) => {
      const input = `form[aria-label="${form}"] input`;
      await page.click(input, { count: 3 });
      await page.type(input, name);
      await clickButton('Rename', `form[aria-label="${form}"]`);
    };
    await rename('Workspace name', 'Acme Payments');
    await waitFor(
      () => textOf(page, '[data-view="settings"] header'),
      (text) => text.includes('Acme Payments · signed in as Demo admin'),
    );
    await rename('Your name', 'Ana Admin');
    await waitFor(
      () => textOf(page, '[data-view="settings"] header'),
      (text) => text.includes('Acme Payments · signed in as Ana Admin'),
    );
    expect(await serverRows('SELECT name FROM workspaces WHERE id = $1', [admin.workspace.id])).toEqual([
      { name: 'Acme Payments' },
    ]);
    expect(await serverRows('SELECT name FROM users WHERE id = $1', [admin.user.id])).toEqual([{ name: 'Ana Admin' }]);
    await rename('Your name', admin.user.name);
    await waitFor(
      () => textOf(page, '[data-view="settings"] header'),
      (text) => text.includes(`signed in as ${admin.user.name}`),
    );

    const member = (
      await createUserToken(server.db, {
        workspaceId: admin.workspace.id,
        name: 'Max Member',
        role: 'member',
        now: new Date(),
      })
    ).token;
    await setIdentity(page, member, await fetchMe(server.url, member), 'settings');
    expect(await page.$('form[aria-label="Workspace name"]')).toBeNull();
    expect(await page.$('form[aria-label="Your name"]')).not.toBeNull();
    await setIdentity(page, server.token, admin, 'settings');
  });

  it('renders in dark mode, chosen in the one theme setting every Hallway page shares', async () => {
    await goTo(page, '#/goals', 'goals');
    await page.click('button[aria-pressed][aria-pressed="false"]::-p-text(dark)');
    await waitFor(
      () => page.evaluate(() => document.documentElement.classList.contains('dark')),
      (dark) => dark,
    );
    const stored = await page.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
    expect(stored).toMatchObject({ theme: 'dark' });
    await screenshot(page, 'goals-dark');
    await goTo(page, '#/snapshot', 'snapshot');
    await pick('select[aria-label="Snapshot of"]', `team:${DEMO.teams.payments}`);
    await screenshot(page, 'snapshot-dark');
    await page.click('button::-p-text(light)');
  });
});
