/**
 * The omnibox in Chromium, through the service worker: the test dispatches the `chrome.omnibox` events to the
 * listeners the production background registered (extension events expose `dispatch` in the worker's own context;
 * a headless browser has no address bar to type into). The index is filled by the real sync from the real server.
 */
import type { WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/seed/demo.ts';
import { type ExtensionSession, waitFor } from '../support/harness.ts';
import { type DemoServer, openConnectedDemo } from '../support/sidebar-harness.ts';

/** Chromium's extension events carry `dispatch`, which runs their listeners; @types/chrome does not declare it. */
type Dispatchable = { dispatch(...args: unknown[]): void };

interface Suggestion {
  content: string;
  description: string;
}

/** Types `text` after the keyword: runs the registered onInputChanged listeners and returns what they suggested. */
function typeInOmnibox(worker: WebWorker, text: string): Promise<Suggestion[]> {
  return worker.evaluate(
    (input) =>
      new Promise<Suggestion[]>((resolve) => {
        (chrome.omnibox.onInputChanged as unknown as Dispatchable).dispatch(input, (suggestions: Suggestion[]) =>
          resolve(suggestions),
        );
      }),
    text,
  );
}

function pressEnter(worker: WebWorker, text: string, disposition: string): Promise<void> {
  return worker.evaluate(
    (input, how) => {
      (chrome.omnibox.onInputEntered as unknown as Dispatchable).dispatch(input, how);
    },
    text,
    disposition,
  );
}

const tabUrls = (worker: WebWorker) =>
  worker.evaluate(async () => (await chrome.tabs.query({})).map((tab) => ({ url: tab.url ?? '', active: tab.active })));

describe('omnibox search in Chromium', () => {
  let session: ExtensionSession;
  let server: DemoServer;
  let worker: WebWorker;
  let hub: string;

  beforeAll(async () => {
    ({ server, session } = await openConnectedDemo());
    worker = await session.serviceWorker();
    hub = `chrome-extension://${session.extensionId}/hub.html`;
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('suggests synced decisions as the user types, typos included, with escaped context', async () => {
    const suggestions = await waitFor(
      () => typeInOmnibox(worker, 'swich sepa stripe'),
      (found) => found.length > 0,
    );
    const stripe = suggestions.find((s) => s.content === `${hub}#/decisions/${DEMO.decisions.stripe}`);
    expect(stripe?.description).toMatch(
      /^<dim>Decision<\/dim> .*Stripe.* <dim>· Payments · Mar 10, 2026 · Accepted<\/dim>$/,
    );
    const team = (await typeInOmnibox(worker, 'payments'))[0];
    expect(team).toEqual({
      content: `${hub}#/teams/${DEMO.teams.payments}`,
      description: expect.stringMatching(/^<dim>Team<\/dim> <match>Payments<\/match>/),
    });
  });

  it('opens a chosen suggestion as the disposition asks, and free text as a hub search', async () => {
    const [first] = await typeInOmnibox(worker, 'payments');
    await pressEnter(worker, first?.content ?? '', 'newForegroundTab');
    await waitFor(
      () => tabUrls(worker),
      (tabs) => tabs.some((tab) => tab.url === `${hub}#/teams/${DEMO.teams.payments}` && tab.active),
    );
    await pressEnter(worker, 'pricing <plans> & "tiers"', 'newBackgroundTab');
    const search = `${hub}#/search?q=pricing%20%3Cplans%3E%20%26%20%22tiers%22`;
    const tabs = await waitFor(
      () => tabUrls(worker),
      (found) => found.some((tab) => tab.url === search),
    );
    expect(tabs.find((tab) => tab.url === search)?.active).toBe(false);
  });

  it('keeps a hostile title inert: escaped, never markup', async () => {
    const page = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    const written = await page.evaluate(() =>
      chrome.runtime.sendMessage({
        type: 'mirror.write',
        data: {
          kind: 'decision.create',
          data: {
            title: `</match><img src=x onerror=alert(1)> & 'quoted' "zebra"`,
            decidedAt: new Date().toISOString(),
            decidedBy: 'Test',
          },
        },
      }),
    );
    expect(written).toMatchObject({ ok: true });
    const [hit] = await waitFor(
      () => typeInOmnibox(worker, 'zebra onerror'),
      (found) => found.length > 0,
    );
    expect(hit?.description).toContain(
      '&lt;/match&gt;&lt;img src=x <match>onerror</match>=alert(1)&gt; &amp; &apos;quoted&apos; &quot;<match>zebra</match>&quot;',
    );
    await page.close();
  });
});
