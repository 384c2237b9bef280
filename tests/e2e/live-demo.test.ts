/**
 * The live stream on the in-process demo server most browser tests share (tests/support/sidebar-harness.ts): its
 * `/v1/events` is a real stream, so those tests see pokes as a user would. A decision written straight to the API
 * (as a colleague's browser would) shows in the open sidebar without a sync alarm: the alarm fires every minute,
 * and the wait here is at most 40 s. A work-item tab with no Hallway page open holds the stream too (its content
 * script), and every hub view moves when a pull lands.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, fixture, htmlForHost, waitFor } from '../support/harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  type DemoServer,
  openConnectedDemo,
  readLauncher,
  readPanel,
  sidebarFrame,
  startDemoServer,
} from '../support/sidebar-harness.ts';

const PAY_1 = { url: 'https://acme.atlassian.net/browse/PAY-1', host: 'acme.atlassian.net' };
const PAY_1_KEY = 'jira:acme.atlassian.net/PAY-1';
const PAY_2 = { url: 'https://acme.atlassian.net/browse/PAY-2', host: 'acme.atlassian.net' };
const PAY_2_KEY = 'jira:acme.atlassian.net/PAY-2';
const STEP_MS = 40_000;

/** A write straight to the API, as a colleague's browser would make it. */
const post = (server: DemoServer, path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const decide = (server: DemoServer, title: string, itemKey = PAY_1_KEY) =>
  post(server, '/v1/decisions', { title, decidedAt: new Date().toISOString(), itemKeys: [itemKey] });
const unique = () => crypto.randomUUID().slice(0, 8);

describe('the demo server’s event stream', () => {
  it('answers /v1/events with a stream and pokes it after a write', async () => {
    const server = await startDemoServer();
    const controller = new AbortController();
    try {
      const response = await fetch(`${server.url}/v1/events`, {
        headers: { authorization: `Bearer ${server.token}` },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let received = '';
      const pokedWith = async () => {
        for (;;) {
          const seqs = [...received.matchAll(/"seq":"(\d+)"/g)].map((match) => BigInt(match[1] as string));
          if (seqs.length) return seqs[seqs.length - 1] as bigint;
          const { value, done } = await reader.read();
          if (done) throw new Error(`the stream ended after: ${received}`);
          received += decoder.decode(value, { stream: true });
        }
      };
      const first = await pokedWith();
      received = '';
      expect((await decide(server, 'Poked through the demo server')).status).toBe(201);
      expect(await pokedWith()).toBeGreaterThan(first);
      // The request log still records the stream, with its (empty) body.
      expect(server.requests).toContainEqual({ line: 'GET /v1/events', body: '' });
    } finally {
      controller.abort();
      await server.close();
    }
  });
});

describe('a poke in the browser tests’ harness', () => {
  let server: DemoServer;
  let session: ExtensionSession;
  let extension: Page;
  beforeAll(async () => {
    ({ server, session, extension } = await openConnectedDemo());
    // No Hallway page stays open: each test opens what holds the stream.
    await extension.close();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  // First, while no sidebar was ever opened in this browser: only the tab's content script can hold the stream.
  it('holds the stream from a work-item tab alone: its launcher counts a colleague’s decisions without the sidebar or the alarm', async () => {
    const page = await session.openPage(PAY_2.url, [
      htmlForHost(PAY_2.host, fixture('sidebar/2026-11-01-jira-pay-2.html')),
    ]);
    const decisions = async () => {
      const match = /(\d+) decisions?\b/.exec((await readLauncher(page)).label ?? '');
      return match ? Number(match[1]) : -1;
    };
    const before = await waitFor(decisions, (count) => count >= 0, STEP_MS);
    // No Hallway page is open: no sidebar frame in the tab, no extension page in the browser.
    expect((await readPanel(page)).hidden).toBe(true);
    expect(page.frames().some((frame) => frame.url().startsWith('chrome-extension://'))).toBe(false);
    const extensionPages = (await session.browser.pages()).filter((open) =>
      open.url().startsWith('chrome-extension://'),
    );
    expect(extensionPages).toEqual([]);
    // Two decisions, each counted within 20 s: the minute's alarm can explain at most one of them.
    for (const added of [1, 2]) {
      expect((await decide(server, `Counted in the launcher ${unique()}`, PAY_2_KEY)).status).toBe(201);
      await waitFor(decisions, (count) => count === before + added, STEP_MS / 2);
    }
    await page.close();
  });

  it('shows a colleague’s decision in the open sidebar without waiting for the sync alarm', async () => {
    const page = await session.openPage(PAY_1.url, [
      htmlForHost(PAY_1.host, fixture('sidebar/2026-11-01-jira-pay-1.html')),
    ]);
    if ((await readPanel(page)).hidden) await clickLauncher(page);
    const frame = await sidebarFrame(page, 'Switch SEPA Direct Debit to Stripe');
    const title = `Poked in the harness ${unique()}`;
    expect((await decide(server, title)).status).toBe(201);
    await frame.waitForFunction(
      (wanted) => (document.body.textContent ?? '').includes(wanted),
      { timeout: STEP_MS, polling: 250 },
      title,
    );
    // The stream the poke came down was answered, not refused.
    expect(server.requests.some((request) => request.line === 'GET /v1/events')).toBe(true);
    await page.close();
  });

  it('keeps the sidebar’s place and content when a colleague’s decision lands: no scroll jump, no flicker', async () => {
    // Enough decisions on PAY-1 that the sidebar scrolls in a short window.
    for (let n = 0; n < 4; n += 1) expect((await decide(server, `Earlier decision ${n} ${unique()}`)).status).toBe(201);
    const page = await session.openPage(PAY_1.url, [
      htmlForHost(PAY_1.host, fixture('sidebar/2026-11-01-jira-pay-1.html')),
    ]);
    await page.setViewport({ width: 1280, height: 520 });
    // The sidebar was left open on this site by the test before: it may open by itself.
    const shown = await waitFor(
      async () => ({ panel: !(await readPanel(page)).hidden, launcher: !(await readLauncher(page)).hidden }),
      (state) => state.panel || state.launcher,
    );
    if (!shown.panel) await clickLauncher(page);
    const frame = await sidebarFrame(page, 'Earlier decision 3');
    // Settled: every section in, nothing still loading, so what moves later is the arrival's doing.
    await actionsEnabled(frame);
    await frame.waitForFunction(() => document.querySelector('main')?.getAttribute('aria-busy') === 'false', {
      timeout: STEP_MS,
    });
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // Scrolled to the middle; the element at the middle of the view is the reader's place. From now on, anything
    // that empties the view or swaps what is shown (a loading state, a decision's entry replaced) is recorded.
    const place = await frame.evaluate(() => {
      const main = document.querySelector('main') as HTMLElement;
      main.scrollTop = (main.scrollHeight - main.clientHeight) / 2;
      const box = main.getBoundingClientRect();
      const at = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) as HTMLElement;
      (window as unknown as { placeOf: HTMLElement }).placeOf = at;
      const seen = { busy: 0, removed: 0 };
      (window as unknown as { flicker: typeof seen }).flicker = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.type === 'attributes' && main.getAttribute('aria-busy') === 'true') seen.busy += 1;
          for (const node of record.removedNodes)
            if (node instanceof HTMLElement && (node.matches('li[id]') || node.querySelector('li[id]')))
              seen.removed += 1;
        }
      }).observe(main, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
      return { scrollable: main.scrollHeight > main.clientHeight, top: at.getBoundingClientRect().top };
    });
    expect(place.scrollable).toBe(true);
    const title = `Landing while B reads ${unique()}`;
    expect((await decide(server, title)).status).toBe(201);
    await frame.waitForFunction(
      (wanted) => (document.body.textContent ?? '').includes(wanted),
      { timeout: STEP_MS, polling: 250 },
      title,
    );
    const after = await frame.evaluate(() => {
      const w = window as unknown as { placeOf: HTMLElement; flicker: { busy: number; removed: number } };
      return { connected: w.placeOf.isConnected, top: w.placeOf.getBoundingClientRect().top, flicker: w.flicker };
    });
    expect({ ...after, top: Math.round(after.top) }).toEqual({
      connected: true,
      top: Math.round(place.top),
      flicker: { busy: 0, removed: 0 },
    });
    await page.close();
  });

  it('moves every hub view when a pull lands: the overview’s counts, the teams, the goal tree and the decision log', async () => {
    const openView = async (hash: string, view: string) => {
      const hub = await session.openPage(`chrome-extension://${session.extensionId}/hub.html#${hash}`, []);
      await hub.waitForSelector(`[data-view="${view}"][data-ready]`, { timeout: STEP_MS });
      return hub;
    };
    const shows = (hub: Page, text: string) =>
      hub.waitForFunction(
        (wanted) => (document.body.textContent ?? '').includes(wanted),
        { timeout: STEP_MS, polling: 250 },
        text,
      );

    const home = await openView('/', 'home');
    const teamsCount = async () =>
      Number(
        /Teams(\d+)/.exec(await home.$eval('[data-view="home"] [data-counts]', (el) => el.textContent ?? ''))?.[1],
      );
    const teamsBefore = await teamsCount();
    const team = `Live team ${unique()}`;
    expect((await post(server, '/v1/teams', { name: team, slug: `live-${unique()}` })).status).toBe(201);
    await waitFor(teamsCount, (count) => count === teamsBefore + 1, STEP_MS);
    await home.close();

    const teams = await openView('/teams', 'teams');
    const secondTeam = `Live team ${unique()}`;
    expect((await post(server, '/v1/teams', { name: secondTeam, slug: `live-${unique()}` })).status).toBe(201);
    await shows(teams, secondTeam);
    await teams.close();

    const goals = await openView('/goals', 'goals');
    const goal = `Live goal ${unique()}`;
    expect((await post(server, '/v1/goals', { title: goal })).status).toBe(201);
    await shows(goals, goal);
    await goals.close();

    const log = await openView('/decisions', 'decisions');
    const decision = `Live decision ${unique()}`;
    expect((await decide(server, decision)).status).toBe(201);
    await shows(log, decision);
    await log.close();
  });
});
