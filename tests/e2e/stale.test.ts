/**
 * Stale warnings in Chromium (production build) against the real server with the demo workspace: the server makes
 * PAY-1's context stale five ways (a decision superseded by one that does not name it, another reverted, its goal
 * done, its owning team renamed, a review overdue); the launcher says so and the sidebar shows each warning with
 * its fix. With the server gone (offline), each fix is one click and the warning leaves at once; back online, the
 * fixes reach the server. Then: a closed goal warns only while the page shows the item open (a Jira issue in
 * progress, not one done), and an Asana task moved out of the project its rule matched is flagged; both fixed
 * offline.
 */
import { randomUUID } from 'node:crypto';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/seed/demo.ts';
import { type ExtensionSession, fixture, htmlForHost, launchWithExtension, waitFor } from '../support/harness.ts';
import { readTable } from '../support/hub-harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  connectExtension,
  countRows,
  type DemoServer,
  outboxMutations,
  readLauncher,
  readPanel,
  sidebarFrame,
  startDemoServer,
  syncNow,
} from '../support/sidebar-harness.ts';

const PAY_1 = { url: 'https://acme.atlassian.net/browse/PAY-1', html: 'sidebar/2026-11-01-jira-pay-1.html' };

let server: DemoServer;
let session: ExtensionSession;
let extension: Page;

beforeAll(async () => {
  server = await startDemoServer();
  session = await launchWithExtension();
  extension = await connectExtension(session, server);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function push(mutations: object[]) {
  const response = await fetch(`${server.url}/v1/mutations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations: mutations.map((m) => ({ mutationId: randomUUID(), ...m })) }),
  });
  expect(response.status).toBe(200);
  const { results } = (await response.json()) as { results: { status: string }[] };
  expect(results.map((result) => result.status)).toEqual(mutations.map(() => 'applied'));
}

const versionOf = async (table: string, id: string) =>
  (await server.db.query<{ version: number }>(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0]?.version;

const decisionInput = (title: string, itemKeys: string[], supersedes: string | null = null) => ({
  title,
  decidedAt: '2026-11-20T10:00:00Z',
  itemKeys,
  supersedes,
});

async function openSidebar(
  at: { url: string; html: string; text: string } = { ...PAY_1, text: 'Payments' },
): Promise<{ page: Page; frame: Frame }> {
  const page = await session.openPage(at.url, [htmlForHost(new URL(at.url).host, fixture(at.html))]);
  await page.setViewport({ width: 1280, height: 800 });
  const shown = await waitFor(
    async () => ({ panel: !(await readPanel(page)).hidden, launcher: !(await readLauncher(page)).hidden }),
    (state) => state.panel || state.launcher,
  );
  if (!shown.panel) await clickLauncher(page);
  const frame = await sidebarFrame(page, at.text);
  await actionsEnabled(frame);
  return { page, frame };
}

const staleKinds = (frame: Frame) =>
  frame.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-stale]')].map((el) => el.dataset.stale).sort(),
  );

describe('stale warnings', () => {
  it('each one appears on the sidebar and in the launcher, and its fix works offline', async () => {
    const replaced = randomUUID();
    const replacing = randomUUID();
    const reverted = randomUUID();
    await push([
      {
        type: 'decision.create',
        id: replaced,
        data: decisionInput('Settle SEPA debits after 3 days', [DEMO.items.pay1]),
      },
      {
        type: 'decision.create',
        id: replacing,
        data: decisionInput('Settle SEPA debits after 5 days', [DEMO.items.pay2], replaced),
      },
      { type: 'decision.create', id: reverted, data: decisionInput('Drop the mandate e-mail', [DEMO.items.pay1]) },
      { type: 'decision.transition', id: reverted, data: { transition: 'revert' } },
      { type: 'decision.review', id: DEMO.decisions.stripe, data: { verified: false, reviewBy: '2026-01-01' } },
    ]);
    await push([
      {
        type: 'goal.update',
        id: DEMO.goals.sepaGa,
        baseVersion: await versionOf('goals', DEMO.goals.sepaGa),
        data: { status: 'done', progress: 100 },
      },
      {
        type: 'team.update',
        id: DEMO.teams.payments,
        baseVersion: await versionOf('teams', DEMO.teams.payments),
        data: { name: 'Payments & Billing' },
      },
    ]);
    await syncNow(extension);
    await waitFor(
      () => countRows(extension, 'decisions'),
      (count) => count >= 7,
      30_000,
    );

    const { page, frame } = await openSidebar();
    await frame.waitForFunction(() => document.querySelectorAll('[data-stale]').length === 5, { timeout: 30_000 });
    expect(await staleKinds(frame)).toEqual([
      'decision-reverted',
      'decision-superseded',
      'goal-closed',
      'review-overdue',
      'team-renamed',
    ]);
    const superseded = await frame.$eval('[data-stale="decision-superseded"]', (el) => el.textContent ?? '');
    expect(superseded).toContain('Current: Settle SEPA debits after 5 days');
    const launcher = await waitFor(
      () => readLauncher(page),
      (state) => (state.label ?? '').includes('5 stale warnings'),
    );
    expect(launcher.label).toContain('5 stale warnings');

    // Offline: the server is gone; every fix is a local write (or a dismissal) and shows at once.
    await server.stop();
    const outboxBefore = (await outboxMutations(extension)).length;
    for (const kind of ['decision-superseded', 'goal-closed', 'team-renamed', 'review-overdue', 'decision-reverted']) {
      await actionsEnabled(frame);
      await (await frame.waitForSelector(`[data-stale-fix="${kind}"]`))?.click();
      await frame.waitForFunction((k) => !document.querySelector(`[data-stale="${k}"]`), { timeout: 15_000 }, kind);
    }
    expect(await staleKinds(frame)).toEqual([]);
    await waitFor(
      () => readLauncher(page),
      (state) => !(state.label ?? '').includes('stale'),
    );
    const queued = (await outboxMutations(extension)).slice(outboxBefore).map((m) => m.type);
    expect(queued).toEqual(['decision.linkItems', 'link.create', 'link.delete', 'link.create', 'decision.review']);
    // The goal moved to its parent, still shown offline.
    expect(await frame.evaluate(() => document.body.textContent ?? '')).toContain('Launch payments in the EU');

    // Back online: the fixes reach the server.
    await server.start();
    await syncNow(extension);
    await waitFor(
      () => outboxMutations(extension),
      (rows) => rows.length === 0,
      30_000,
    );
    const [decision] = await server.db.query<{ item_keys: string[] }>('SELECT item_keys FROM decisions WHERE id = $1', [
      replacing,
    ]);
    expect(decision?.item_keys).toContain(DEMO.items.pay1);
    const [goalLink] = await server.db.query<{ goal_id: string }>(
      "SELECT goal_id FROM links WHERE item_key = $1 AND kind = 'goal'",
      [DEMO.items.pay1],
    );
    expect(goalLink?.goal_id).toBe(DEMO.goals.euPayments);
    const [stripe] = await server.db.query<{ review: { verifiedBy: string | null } }>(
      'SELECT review FROM decisions WHERE id = $1',
      [DEMO.decisions.stripe],
    );
    expect(stripe?.review.verifiedBy).toBeTruthy();
    // Nothing stale comes back with the server's answer.
    await syncNow(extension);
    expect(await staleKinds(frame)).toEqual([]);
  });

  it("warns of a closed goal only while the page shows the item open, and of a rule's container that moved", async () => {
    // PAY-1's goal (moved to "Launch payments in the EU" by the first test) is done now.
    await push([
      {
        type: 'goal.update',
        id: DEMO.goals.euPayments,
        baseVersion: await versionOf('goals', DEMO.goals.euPayments),
        data: { status: 'done', progress: 100 },
      },
    ]);
    await syncNow(extension);
    await waitFor(
      async () =>
        (await readTable<{ id: string; status: string }>(extension, 'goals')).find(
          (goal) => goal.id === DEMO.goals.euPayments,
        )?.status,
      (status) => status === 'done',
      30_000,
    );

    // The issue is done in Jira: a done item on a done goal is as it should be.
    const done = await openSidebar({
      url: PAY_1.url,
      html: 'sidebar/2026-12-01-jira-pay-1-done.html',
      text: 'Payments',
    });
    await done.frame.waitForFunction(() => (document.body.textContent ?? '').includes('Launch payments in the EU'));
    expect(await staleKinds(done.frame)).toEqual([]);
    expect((await readLauncher(done.page)).label ?? '').not.toContain('stale');
    await done.page.close();

    // In progress: the warning, in Jira's word, in the sidebar and in the launcher with its title.
    const open = await openSidebar({
      url: PAY_1.url,
      html: 'sidebar/2026-12-01-jira-pay-1-in-progress.html',
      text: 'Payments',
    });
    await open.frame.waitForSelector('[data-stale="goal-closed"]', { timeout: 30_000 });
    expect(await staleKinds(open.frame)).toEqual(['goal-closed']);
    const why = await open.frame.$eval('[data-stale="goal-closed"]', (el) => el.textContent ?? '');
    expect(why).toContain('This item is still open (Jira: In Progress).');
    const launcher = await waitFor(
      () => readLauncher(open.page),
      (state) => (state.label ?? '').includes('1 stale warning'),
    );
    expect(launcher.label).toContain('Its goal “Launch payments in the EU” is done');

    // Offline, the fix is one click and the warning leaves at once.
    await server.stop();
    const outboxBefore = (await outboxMutations(extension)).length;
    await actionsEnabled(open.frame);
    await (await open.frame.waitForSelector('[data-stale-fix="goal-closed"]'))?.click();
    await open.frame.waitForFunction(() => !document.querySelector('[data-stale="goal-closed"]'), { timeout: 15_000 });
    expect(await staleKinds(open.frame)).toEqual([]);
    await waitFor(
      () => readLauncher(open.page),
      (state) => !(state.label ?? '').includes('stale'),
    );

    // Still offline: the Asana task left the project whose rule gives it to Growth; the page and Hallway's copy
    // disagree, and the fix makes Hallway's copy the page's.
    const moved = await openSidebar({
      url: 'https://app.asana.com/1/1209876543200000/project/1211341031891299/task/1209876543210042',
      html: 'sidebar/2026-12-01-asana-eu-launch-moved.html',
      text: 'EU launch campaign',
    });
    await moved.frame.waitForSelector('[data-stale="container-moved"]', { timeout: 30_000 });
    const movedWhy = await moved.frame.$eval('[data-stale="container-moved"]', (el) => el.textContent ?? '');
    expect(movedWhy).toContain('Website Relaunch');
    expect(movedWhy).toContain('Marketing Q3');
    const movedLauncher = await waitFor(
      () => readLauncher(moved.page),
      (state) => (state.label ?? '').includes('stale warning'),
    );
    expect(movedLauncher.label).toContain('moved');
    await actionsEnabled(moved.frame);
    await (await moved.frame.waitForSelector('[data-stale-fix="container-moved"]'))?.click();
    await moved.frame.waitForFunction(() => !document.querySelector('[data-stale="container-moved"]'), {
      timeout: 15_000,
    });
    expect(await staleKinds(moved.frame)).toEqual([]);
    await waitFor(
      () => readLauncher(moved.page),
      (state) => !(state.label ?? '').includes('stale'),
    );
    const queued = (await outboxMutations(extension)).slice(outboxBefore).map((m) => m.type);
    expect(queued).toEqual(['link.create', 'item.upsert']);

    // Back online: the goal link moved to the open parent goal, the task's copy follows the page.
    await server.start();
    await syncNow(extension);
    await waitFor(
      () => outboxMutations(extension),
      (rows) => rows.length === 0,
      30_000,
    );
    const [goalLink] = await server.db.query<{ goal_id: string }>(
      "SELECT goal_id FROM links WHERE item_key = $1 AND kind = 'goal'",
      [DEMO.items.pay1],
    );
    expect(goalLink?.goal_id).toBe(DEMO.goals.revenue);
    const [task] = await server.db.query<{ context: { asanaProjects: { name?: string }[] } }>(
      'SELECT context FROM items WHERE key = $1',
      [DEMO.items.asanaLaunch],
    );
    expect(task?.context.asanaProjects.map((project) => project.name)).toEqual(['Marketing Q3']);
  });
  it("follows the issue's status as it changes on the page, without a navigation", async () => {
    // PAY-1's goal (its open parent since the last test) is done now.
    await push([
      {
        type: 'goal.update',
        id: DEMO.goals.revenue,
        baseVersion: await versionOf('goals', DEMO.goals.revenue),
        data: { status: 'done', progress: 100 },
      },
    ]);
    await syncNow(extension);
    await waitFor(
      async () =>
        (await readTable<{ id: string; status: string }>(extension, 'goals')).find(
          (goal) => goal.id === DEMO.goals.revenue,
        )?.status,
      (status) => status === 'done',
      30_000,
    );
    const { page, frame } = await openSidebar({
      url: PAY_1.url,
      html: 'sidebar/2026-12-01-jira-pay-1-in-progress.html',
      text: 'Payments',
    });
    await frame.waitForSelector('[data-stale="goal-closed"]', { timeout: 30_000 });
    const requestsBefore = server.requests.length;

    // The issue moves to Done in Jira's own status field (its markup as the done fixture has it): no navigation.
    const status = '[data-testid="issue.views.issue-base.foundation.status.status-field-wrapper"]';
    const setStatus = (path: string) =>
      page.evaluate(
        (html, selector) => {
          const next = new DOMParser().parseFromString(html, 'text/html').querySelector(selector);
          const shown = document.querySelector(selector);
          if (!next || !shown) throw new Error(`no ${selector}`);
          shown.innerHTML = next.innerHTML;
        },
        fixture(path),
        status,
      );
    await setStatus('sidebar/2026-12-01-jira-pay-1-done.html');
    await frame.waitForFunction(() => !document.querySelector('[data-stale="goal-closed"]'), { timeout: 15_000 });
    await waitFor(
      () => readLauncher(page),
      (state) => !(state.label ?? '').includes('stale'),
    );

    // Reopened: the warning is back, with the status the page shows.
    await setStatus('sidebar/2026-12-01-jira-pay-1-in-progress.html');
    await frame.waitForSelector('[data-stale="goal-closed"]', { timeout: 15_000 });
    expect(await frame.$eval('[data-stale="goal-closed"]', (el) => el.textContent ?? '')).toContain(
      '(Jira: In Progress)',
    );
    // Nothing about the page left the browser: the server heard of none of it.
    expect(server.requests.slice(requestsBefore).filter((request) => request.body.includes('In Progress'))).toEqual([]);
    await page.close();
  });

  it("an owning team deleted while this browser was offline: the offline link is refused with why, never a link to a team that is gone; a rule's renamed team is confirmed offline", async () => {
    const team = randomUUID();
    await push([{ type: 'team.create', id: team, data: { name: 'Chargebacks', slug: 'chargebacks' } }]);
    await syncNow(extension);
    await waitFor(
      async () => (await readTable<{ id: string }>(extension, 'teams')).some((row) => row.id === team),
      (known) => known,
      30_000,
    );
    // PAY-2 is the PAY rule's, whose team was renamed after the rule was made (the first test).
    const { page, frame } = await openSidebar({
      url: 'https://acme.atlassian.net/browse/PAY-2',
      html: 'sidebar/2026-11-01-jira-pay-2.html',
      text: 'Payments & Billing',
    });
    await frame.waitForSelector('[data-stale="team-renamed"]', { timeout: 30_000 });
    expect(await frame.$eval('[data-stale="team-renamed"]', (el) => el.textContent ?? '')).toContain(
      'The rule giving it to “Payments” was made on',
    );

    // Offline: the rule is confirmed, and PAY-2 is given to Chargebacks.
    await server.stop();
    const outboxBefore = (await outboxMutations(extension)).length;
    await actionsEnabled(frame);
    await (await frame.waitForSelector('[data-stale-fix="team-renamed"]'))?.click();
    await frame.waitForFunction(() => !document.querySelector('[data-stale="team-renamed"]'), { timeout: 15_000 });
    const change = await frame.waitForSelector(
      'xpath/.//section[.//h2[normalize-space()="Owner"]]//button[normalize-space()="Change"]',
    );
    await change?.click();
    await frame.type('input[role="combobox"]', 'Chargebacks');
    await frame.waitForSelector('[role="option"][aria-selected="true"] ::-p-text(Chargebacks)');
    await page.keyboard.press('Enter');
    // The section's owner, without a refusal drawn in it (which names the refused team).
    const ownerText = () =>
      frame.evaluate(() => {
        const section = [...document.querySelectorAll('section')].find(
          (each) => each.querySelector('h2')?.textContent?.trim() === 'Owner',
        );
        const owner = section?.cloneNode(true) as HTMLElement | undefined;
        for (const alert of owner?.querySelectorAll('[role="alert"]') ?? []) alert.remove();
        return owner?.textContent ?? '';
      });
    await waitFor(ownerText, (text) => text.includes('Chargebacks'));
    // The link comes with the item's capture (Hallway's copy of PAY-2, the first write about it from this browser).
    expect((await outboxMutations(extension)).slice(outboxBefore).map((m) => m.type)).toEqual([
      'rule.review',
      'item.upsert',
      'link.create',
    ]);

    // Meanwhile an admin, online, deletes Chargebacks: nothing names it on the server.
    const deleted = await server.request(`/v1/teams/${team}?baseVersion=${await versionOf('teams', team)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(deleted.status).toBe(204);

    // Back online: the outbox goes first, so the link is refused (the team is gone) and shown where it was made,
    // with the server's reason; the pull then removes the team. No owner link to a deleted team is ever held.
    await server.start();
    await syncNow(extension);
    await frame.waitForFunction(
      () => (document.querySelector('[role="alert"]')?.textContent ?? '').includes('does not exist'),
      { timeout: 30_000 },
    );
    const refused = await frame.$eval('[role="alert"]', (el) => el.textContent ?? '');
    expect(refused).toContain('team it names does not exist any more (it may have been deleted)');
    // Named as it was when linked, though the pull has removed the team from the mirror by now.
    expect(refused).toContain('Not saved. Owner: Chargebacks');
    await waitFor(ownerText, (text) => text.includes('Payments & Billing') && !text.includes('Chargebacks'));
    expect(await frame.$('[data-stale="team-deleted"]')).toBeNull();
    expect(await frame.$('[data-stale="team-renamed"]')).toBeNull();
    expect((await readTable<{ id: string }>(extension, 'teams')).some((row) => row.id === team)).toBe(false);
    const owners = await server.db.query("SELECT 1 FROM links WHERE item_key = $1 AND kind = 'owner'", [
      DEMO.items.pay2,
    ]);
    expect(owners).toEqual([]);
    // Each write went once: the rule's review applied, the link refused.
    const sent = server.requests.filter((request) => request.line === 'POST /v1/mutations');
    expect(sent.filter((request) => request.body.includes(team) && request.body.includes('link.create'))).toHaveLength(
      1,
    );
    const [rule] = await server.db.query<{ review: { verifiedBy: string | null } | null }>(
      "SELECT review FROM ownership_rules WHERE pattern = 'PAY'",
    );
    expect(rule?.review?.verifiedBy).toBeTruthy();
    await page.close();
  });
});
