/**
 * Owner, goal and related links in Chromium against the demo server: changing an item's goal replaces the link (one
 * goal on the server, in the sidebar and in the hub), and each kind of link can be removed from the sidebar and
 * the hub, reaching the server. The snapshot opens on the user's teams and lists what still follows a superseded
 * decision, with a relink and a dismiss.
 */
import { randomUUID } from 'node:crypto';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserToken } from '../../server/domain/tokens.ts';
import { DEMO } from '../../server/seed/demo.ts';
import { type ExtensionSession, fixture, htmlForHost, waitFor } from '../support/harness.ts';
import { fetchMe, goTo, openHub, outboxDrained, setIdentity, textOf, viewReady } from '../support/hub-harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  type DemoServer,
  openConnectedDemo,
  readPanel,
  sidebarFrame,
  syncNow,
} from '../support/sidebar-harness.ts';

let server: DemoServer;
let session: ExtensionSession;
let extension: Page;

beforeAll(async () => {
  ({ server, session, extension } = await openConnectedDemo());
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

const post = (path: string, token: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const linksOf = (itemKey: string) =>
  server.db.query<{ kind: string; team_id: string | null; goal_id: string | null; related_item_key: string | null }>(
    'SELECT kind, team_id, goal_id, related_item_key FROM links WHERE item_key = $1 OR related_item_key = $1 ORDER BY kind',
    [itemKey],
  );

/** Syncs until the server's links of `itemKey` satisfy `done`. */
const serverLinks = (itemKey: string, done: (links: Awaited<ReturnType<typeof linksOf>>) => boolean) =>
  waitFor(
    async () => {
      await syncNow(extension);
      return linksOf(itemKey);
    },
    done,
    30_000,
  );

/** The text of the sidebar section titled `title`. */
const sectionText = (frame: Frame, title: string) =>
  frame.evaluate(
    (wanted) =>
      [...document.querySelectorAll('section')].find(
        (section) => section.querySelector('h2')?.textContent?.trim() === wanted,
      )?.textContent ?? '',
    title,
  );
const waitForText = (frame: Frame, text: string, present = true) =>
  frame.waitForFunction(
    (wanted, shown) => (document.body.textContent ?? '').includes(wanted) === shown,
    { timeout: 15_000 },
    text,
    present,
  );

/** The button of the sidebar section titled `section` whose text or label is `name`. */
async function clickInSection(frame: Frame, section: string, name: string) {
  const button = await frame.waitForSelector(
    `xpath/.//section[.//h2[normalize-space()="${section}"]]//button[normalize-space()="${name}" or @aria-label="${name}"]`,
  );
  await button?.click();
}

describe('links in the sidebar', () => {
  it("changes PAY-1's goal, which replaces the old link, then removes its goal, owner and related links", async () => {
    const page = await session.openPage('https://acme.atlassian.net/browse/PAY-1', [
      htmlForHost('acme.atlassian.net', fixture('sidebar/2026-11-01-jira-pay-1.html')),
    ]);
    await page.setViewport({ width: 1280, height: 800 });
    if ((await readPanel(page)).hidden) await clickLauncher(page);
    const frame = await sidebarFrame(page, 'SEPA Direct Debit generally available');
    await actionsEnabled(frame);

    await clickInSection(frame, 'Goal', 'Change');
    await frame.type('input[role="combobox"]', 'API availability');
    await page.keyboard.press('Enter');
    // Settled: the new goal shown and the old one gone. Both names are in the section while the picker is open: an
    // Enter before the search's answer picks the best match once it is in, and that render lists the new goal's
    // option under the old goal (what earlier runs under load read as "the old goal shown again"). The background
    // no longer answers a resolution cached before a mirror change (sidebar-watch.test.ts), and the write's answer
    // carries the new goal, so the section never goes back to the old one.
    await waitFor(
      () => sectionText(frame, 'Goal'),
      (text) => text.includes('99.95% API availability') && !text.includes('SEPA Direct Debit generally available'),
    );
    const replaced = await serverLinks(DEMO.items.pay1, (links) =>
      links.some((link) => link.goal_id === DEMO.goals.availability),
    );
    expect(replaced.filter((link) => link.kind === 'goal')).toEqual([
      { kind: 'goal', team_id: null, goal_id: DEMO.goals.availability, related_item_key: null },
    ]);

    // Without its goal link, PAY-1 serves the goal of the PAY rule.
    await clickInSection(frame, 'Goal', 'Remove the goal 99.95% API availability');
    await waitForText(frame, 'From an ownership rule');
    expect(await sectionText(frame, 'Goal')).toContain('Launch payments in the EU');

    // Without its owner link, the PAY rule owns it.
    await clickInSection(frame, 'Owner', 'Remove Payments as owner');
    await waitForText(frame, 'By rule');

    await clickInSection(frame, 'Related items', 'Remove related item Re: SEPA provider pricing');
    await waitForText(frame, 'No related items in other tools.');

    const removed = await serverLinks(DEMO.items.pay1, (links) => links.length === 0);
    expect(removed).toEqual([]);
    await page.close();
  });
});

describe('links in the hub', () => {
  it("removes an item's owner link from the team page and its goal link from the goal page", async () => {
    const admin = await fetchMe(server.url, server.token);
    const page = await openHub(session, '#/', 'home');
    await setIdentity(page, server.token, admin, 'home');

    // The demo's Asana task is Growth's by its project's rule; an owner link makes it Growth's explicitly.
    const owned = await post('/v1/links', server.token, {
      kind: 'owner',
      itemKey: DEMO.items.asanaLaunch,
      teamId: DEMO.teams.growth,
    });
    expect(owned.status).toBe(201);
    await syncNow(extension);
    await goTo(page, `#/teams/${DEMO.teams.growth}`, 'team');
    const removeOwner = await page.waitForSelector('button[aria-label="Remove owner: EU launch campaign"]');
    await removeOwner?.click();
    // Growth still owns it, now by the Asana project rule, which cannot be removed here.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('li')].some(
        (line) => line.textContent?.includes('EU launch campaign') && line.textContent.includes('by rule'),
      ),
    );
    await outboxDrained(page);
    expect((await linksOf(DEMO.items.asanaLaunch)).filter((link) => link.kind === 'owner')).toEqual([]);

    await goTo(page, `#/goals/${DEMO.goals.euPayments}`, 'goal');
    const unlink = await page.waitForSelector('button[aria-label="Unlink from goal: SEPA Direct Debit: design"]');
    // Each tool's badge shows its whole name beside a long title, in a narrow window too (it read "Notio").
    await page.setViewport({ width: 360, height: 800 });
    const badges = await page.$$eval('[data-view="goal"] li span.rounded-full', (spans) =>
      spans.map((span) => ({ text: span.textContent, whole: span.scrollWidth <= span.clientWidth })),
    );
    expect(badges).toContainEqual({ text: 'Notion', whole: true });
    expect(badges.filter((badge) => !badge.whole)).toEqual([]);
    await page.setViewport({ width: 1280, height: 800 });
    await unlink?.click();
    await page.waitForFunction(() => !(document.body.textContent ?? '').includes('SEPA Direct Debit: design'));
    await outboxDrained(page);
    expect((await linksOf(DEMO.items.notionSpec)).filter((link) => link.kind === 'goal')).toEqual([]);
    await viewReady(page, 'goal');
    await page.close();
  });

  it("shows an item's owner, goal and decisions as the sidebar does, and removes a related item", async () => {
    const created = await post('/v1/links', server.token, {
      kind: 'related',
      itemKey: DEMO.items.gmailThread,
      relatedItemKey: DEMO.items.pay2,
    });
    expect(created.status).toBe(201);
    await syncNow(extension);
    const page = await openHub(session, `#/items/${encodeURIComponent(DEMO.items.pay2)}`, 'item');
    await page.waitForFunction(() => (document.body.textContent ?? '').includes('Re: SEPA provider pricing'));
    const text = await textOf(page, '[data-view="item"]');
    expect(text).toContain('Retry failed SEPA debits');
    expect(text).toContain('Paymentsby rule');
    expect(text).toContain('Launch payments in the EUby rule');
    expect(text).toContain('Switch SEPA Direct Debit to Stripe');
    const remove = await page.waitForSelector('button[aria-label="Remove related item Re: SEPA provider pricing"]');
    await remove?.click();
    await page.waitForFunction(() => (document.body.textContent ?? '').includes('No related items.'));
    await outboxDrained(page);
    expect((await linksOf(DEMO.items.pay2)).filter((link) => link.kind === 'related')).toEqual([]);
    await page.close();
  });
});

describe('the snapshot', () => {
  it("opens on the user's teams, relinks an item to the decision in force and dismisses another", async () => {
    const [workspace] = await server.db.query<{ id: string }>('SELECT id FROM workspaces');
    const priya = await createUserToken(server.db, {
      workspaceId: workspace?.id as string,
      name: 'Priya Natarajan',
      role: 'member',
      now: new Date(),
    });
    // Priya changes her mind again, for PAY-1 only: PAY-2 and the pricing thread still follow the Stripe decision.
    const both = randomUUID();
    const pushed = await post('/v1/mutations', priya.token, {
      mutations: [
        {
          mutationId: randomUUID(),
          type: 'decision.create',
          id: both,
          data: {
            title: 'Run SEPA on both Stripe and Adyen',
            decidedAt: new Date().toISOString(),
            decidedBy: 'Priya Natarajan',
            itemKeys: [DEMO.items.pay1],
            supersedes: DEMO.decisions.stripe,
          },
        },
      ],
    });
    expect(pushed.status).toBe(200);

    const page = await openHub(session, '#/', 'home');
    await setIdentity(page, priya.token, await fetchMe(server.url, priya.token), 'home');
    await syncNow(extension);
    await goTo(page, '#/snapshot', 'snapshot');
    const scope = await page.$eval('select[aria-label="Snapshot of"]', (select) => {
      const element = select as HTMLSelectElement;
      return element.selectedOptions[0]?.textContent ?? '';
    });
    expect(scope).toBe('My teams (Payments)');
    const list = 'ul[aria-label="Superseded but still linked"]';
    await waitFor(
      () => textOf(page, list),
      (text) => text.includes('Retry failed SEPA debits'),
    );
    expect(await textOf(page, list)).toContain('superseded by Run SEPA on both Stripe and Adyen');

    const relink = await page.waitForSelector(
      'button[aria-label="Relink Retry failed SEPA debits to Run SEPA on both Stripe and Adyen"]',
    );
    await relink?.click();
    await page.waitForFunction(
      (selector) => !document.querySelector(selector)?.textContent?.includes('Retry failed SEPA debits'),
      {},
      list,
    );
    await outboxDrained(page);
    const [decision] = await server.db.query<{ item_keys: string[] }>('SELECT item_keys FROM decisions WHERE id = $1', [
      both,
    ]);
    expect(decision?.item_keys.sort()).toEqual([DEMO.items.pay1, DEMO.items.pay2].sort());

    // The pricing thread has no owner: it shows in the whole workspace's snapshot.
    await page.focus('select[aria-label="Snapshot of"]');
    await page.select('select[aria-label="Snapshot of"]', 'workspace');
    await waitFor(
      () => textOf(page, list),
      (text) => text.includes('Re: SEPA provider pricing'),
    );
    const dismiss = await page.waitForSelector('button[aria-label="Dismiss Re: SEPA provider pricing"]');
    await dismiss?.click();
    await page.waitForFunction(
      (selector) => !document.querySelector(selector)?.textContent?.includes('Re: SEPA provider pricing'),
      {},
      list,
    );
    await page.reload();
    await viewReady(page, 'snapshot');
    await page.focus('select[aria-label="Snapshot of"]');
    await page.select('select[aria-label="Snapshot of"]', 'workspace');
    await waitFor(
      () => textOf(page, '[data-view="snapshot"]'),
      (text) => text.includes('None: every item follows the decision in force.'),
    );
    await page.close();
  });
});
