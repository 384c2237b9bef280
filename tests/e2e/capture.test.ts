/**
 * "Log decision" from the context menu in Chromium. The test selects real text on a fixture Jira issue, reads the
 * selection back from the page, and dispatches `contextMenus.onClicked` in the service worker with the click data
 * Chromium would build from it (a headless browser cannot open a native context menu); the production listener
 * does the rest: draft, capture window, form, write, sync to the real server.
 */
import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/seed/demo.ts';
import { type ExtensionSession, fixture, htmlForHost, tabIdOf } from '../support/harness.ts';
import { type DemoServer, openConnectedDemo } from '../support/sidebar-harness.ts';

type Dispatchable = { dispatch(...args: unknown[]): void };
const ISSUE_URL = 'https://acme.atlassian.net/browse/PAY-1';

async function selectHeading(page: Page): Promise<string> {
  return page.evaluate(() => {
    const heading = document.querySelector('h1');
    const range = document.createRange();
    if (heading) range.selectNodeContents(heading);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return selection?.toString() ?? '';
  });
}

async function clickLogDecision(worker: WebWorker, tabId: number, selectionText: string, pageUrl: string) {
  await worker.evaluate(
    async (id, text, url) => {
      const tab = await chrome.tabs.get(id);
      const info = {
        menuItemId: 'hallway.logDecision',
        editable: false,
        frameId: 0,
        pageUrl: url,
        selectionText: text,
      };
      (chrome.contextMenus.onClicked as unknown as Dispatchable).dispatch(info, tab);
    },
    tabId,
    selectionText,
    pageUrl,
  );
}

async function captureWindow(session: ExtensionSession): Promise<Page> {
  const target = await session.browser.waitForTarget((candidate) => candidate.url().includes('/capture.html?draft='));
  const page = await target.asPage();
  await page.waitForSelector('form[aria-label="Log a decision"] input').catch(async (error) => {
    throw new Error(`capture window: ${await page.evaluate(() => document.body.textContent ?? '')} (${error})`);
  });
  return page;
}

describe('Log decision from the context menu', () => {
  let session: ExtensionSession;
  let server: DemoServer;
  let worker: WebWorker;

  beforeAll(async () => {
    ({ server, session } = await openConnectedDemo());
    worker = await session.serviceWorker();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('declares the context-menu permission and the hw omnibox keyword', async () => {
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.permissions).toContain('contextMenus');
    expect(manifest.omnibox).toEqual({ keyword: 'hw' });
  });

  it('prefills quote, item, team, goal and source, offers to supersede a similar decision, and syncs once', async () => {
    const issue = await session.openPage(ISSUE_URL, [
      htmlForHost('acme.atlassian.net', fixture('jira/2026-11-01-cloud-issue.html')),
    ]);
    const selection = await selectHeading(issue);
    expect(selection).toBe('Retry failed card payments');
    const tabId = await tabIdOf(worker, 'https://acme.atlassian.net/*');
    await clickLogDecision(worker, tabId, selection, ISSUE_URL);

    const capture = await captureWindow(session);
    const draftId = new URL(capture.url()).searchParams.get('draft') ?? '';
    expect(capture.url()).not.toContain('Retry');
    const draft = await worker.evaluate(
      async (key) => (await chrome.storage.session.get(key))[key],
      `capture:${draftId}`,
    );
    expect(draft).toMatchObject({
      quote: 'Retry failed card payments',
      quoteState: { kind: 'quote' },
      sourceUrl: ISSUE_URL,
      item: { ref: { key: DEMO.items.pay1 } },
      teamId: DEMO.teams.payments,
      goalId: DEMO.goals.sepaGa,
    });
    expect(await capture.$eval('blockquote', (quote) => quote.textContent)).toBe('Retry failed card payments');
    expect(await capture.$eval('[data-item-key]', (card) => card.getAttribute('data-item-key'))).toBe(DEMO.items.pay1);
    expect(await capture.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');

    // Close to the demo's current decision on this item: the form says so and offers to supersede it.
    await capture.keyboard.type('Switch SEPA direct debit to Stripe Connect');
    await capture.waitForFunction(() => document.body.textContent?.includes('A similar decision exists'));
    const supersede = await capture.waitForSelector('::-p-text(Supersede it)');
    await supersede?.click();
    await capture.focus('form input');
    await capture.keyboard.down('Control');
    await capture.keyboard.press('Enter');
    await capture.keyboard.up('Control');
    await capture.waitForFunction(() => document.body.textContent?.includes('Synced'), { timeout: 30_000 });

    const rows = await server.db.query<{ quote: string; source_url: string; supersedes: string; team_id: string }>(
      'SELECT quote, source_url, supersedes, team_id FROM decisions WHERE title = $1',
      ['Switch SEPA direct debit to Stripe Connect'],
    );
    expect(rows).toEqual([
      {
        quote: 'Retry failed card payments',
        source_url: ISSUE_URL,
        supersedes: DEMO.decisions.stripe,
        team_id: DEMO.teams.payments,
      },
    ]);
    expect(
      await worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key], `capture:${draftId}`),
    ).toBe(undefined);
    await capture.close();
    await issue.close();
  });

  it('answers a whitespace-only selection with the page-level form and a clear note', async () => {
    const issue = await session.openPage(ISSUE_URL, [
      htmlForHost('acme.atlassian.net', fixture('jira/2026-11-01-cloud-issue.html')),
    ]);
    const tabId = await tabIdOf(worker, 'https://acme.atlassian.net/*');
    await clickLogDecision(worker, tabId, '  \n\t ', ISSUE_URL);
    const capture = await captureWindow(session);
    expect(await capture.$eval('[data-quote-state]', (note) => note.getAttribute('data-quote-state'))).toBe('blank');
    expect(await capture.$('blockquote')).toBeNull();
    await capture.close();
    await issue.close();
  });
});
