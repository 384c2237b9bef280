/**
 * axe-core (through @axe-core/puppeteer) on every extension page against the demo workspace, light and dark: the
 * sidebar on a Jira issue, the popup, the options page, the capture window and every hub view. No serious or
 * critical violation may remain. (The launcher lives in a closed shadow root of the host page, which axe cannot
 * enter; its name and role are asserted by the sidebar tests.)
 */
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, fixture, htmlForHost, launchWithExtension, waitFor } from '../support/harness.ts';
import { hubUrl, readTable, viewReady } from '../support/hub-harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  connectExtension,
  type DemoServer,
  readLauncher,
  readPanel,
  sidebarFrame,
  startDemoServer,
} from '../support/sidebar-harness.ts';

let session: ExtensionSession;
let server: DemoServer;
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

async function setTheme(theme: 'light' | 'dark') {
  await extension.evaluate(async (next) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), theme: next } });
  }, theme);
}

/** The serious and critical violations on the page or frame, as `rule: target` lines. */
async function violations(target: Page | Frame, theme: 'light' | 'dark'): Promise<string[]> {
  await target.waitForFunction(
    (dark) => document.documentElement.classList.contains('dark') === dark,
    {},
    theme === 'dark',
  );
  const results = await new AxePuppeteer(target).analyze();
  return results.violations
    .filter(({ impact }) => impact === 'serious' || impact === 'critical')
    .flatMap(({ id, nodes }) =>
      nodes.map((node) => `${id}: ${node.target.join(' ')} (${node.failureSummary?.split('\n')[1]?.trim() ?? ''})`),
    );
}

const ext = (path: string) => `chrome-extension://${session.extensionId}/${path}`;

describe.each(['light', 'dark'] as const)('axe, %s', (theme) => {
  beforeAll(async () => {
    await setTheme(theme);
  });

  it('the sidebar on a Jira issue', async () => {
    const page = await session.openPage('https://acme.atlassian.net/browse/PAY-1', [
      htmlForHost('acme.atlassian.net', fixture('sidebar/2026-11-01-jira-pay-1.html')),
    ]);
    await page.setViewport({ width: 1280, height: 800 });
    // Open is remembered per tool: the sidebar comes back open after the first pass, else the launcher opens it.
    const shown = await waitFor(
      async () => ({ launcher: await readLauncher(page), panel: await readPanel(page) }),
      ({ launcher, panel }) => !panel.hidden || (!launcher.hidden && launcher.text.includes('Owned by')),
    );
    if (shown.panel.hidden) await clickLauncher(page);
    const frame = await sidebarFrame(page, 'Switch SEPA Direct Debit to Stripe');
    await actionsEnabled(frame);
    expect(await violations(frame, theme)).toEqual([]);
    await page.close();
  });

  it('the popup and the options page', async () => {
    const popup = await session.openPage(ext('popup.html'), []);
    await popup.waitForSelector('[role="tablist"]');
    const options = await session.openPage(ext('options.html'), []);
    await options.waitForSelector('input[name="serverUrl"]');
    expect({ popup: await violations(popup, theme), options: await violations(options, theme) }).toEqual({
      popup: [],
      options: [],
    });
    await popup.close();
    await options.close();
  });

  it('every hub view', async () => {
    const [team] = await readTable<{ id: string }>(extension, 'teams');
    const [goal] = await readTable<{ id: string }>(extension, 'goals');
    const [decision] = await readTable<{ id: string }>(extension, 'decisions');
    const [item] = await readTable<{ ref: { key: string } }>(extension, 'items');
    const views: [string, string][] = [
      ['#/', 'home'],
      ['#/teams', 'teams'],
      [`#/teams/${team?.id}`, 'team'],
      ['#/goals', 'goals'],
      [`#/goals/${goal?.id}`, 'goal'],
      ['#/decisions', 'decisions'],
      [`#/decisions/${decision?.id}`, 'decision'],
      [`#/items/${encodeURIComponent(item?.ref.key ?? '')}`, 'item'],
      ['#/rules', 'rules'],
      ['#/snapshot', 'snapshot'],
      ['#/settings', 'settings'],
      ['#/people', 'people'],
      ['#/search?q=sepa', 'search'],
    ];
    const page = await session.openPage(hubUrl(session, '#/'), []);
    await page.setViewport({ width: 1280, height: 800 });
    const found: Record<string, string[]> = {};
    for (const [hash, view] of views) {
      await page.evaluate((to) => {
        location.hash = to;
      }, hash);
      // The people view (admins) has no loading state to wait out.
      if (view === 'people') await page.waitForSelector('[data-view="people"]', { timeout: 30_000 });
      else await viewReady(page, view);
      found[view] = await violations(page, theme);
    }
    expect(found).toEqual(Object.fromEntries(views.map(([, view]) => [view, []])));
    await page.close();
  });
});
