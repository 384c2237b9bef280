/**
 * The popup in Chromium, offline: popup.html opened in a tab after a fixture Jira issue, so "the current tab" is
 * the issue (the background skips the popup's own tab). A note and a link are saved with the server down, show as
 * pending, and reach the server exactly once when it comes back.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/seed/demo.ts';
import { type ExtensionSession, fixture, htmlForHost, waitFor } from '../support/harness.ts';
import { type DemoServer, openConnectedDemo, syncNow } from '../support/sidebar-harness.ts';

const ISSUE_URL = 'https://acme.atlassian.net/browse/PAY-2';
const bodyText = (page: Page) => page.evaluate(() => document.body.textContent ?? '');

describe('the popup', () => {
  let session: ExtensionSession;
  let server: DemoServer;

  beforeAll(async () => {
    ({ server, session } = await openConnectedDemo());
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('opens ready to type about the current tab, and saves a note and a link offline, synced once later', async () => {
    await session.openPage(ISSUE_URL, [htmlForHost('acme.atlassian.net', fixture('jira/2026-11-01-cloud-issue.html'))]);
    const worker = await session.serviceWorker();
    await waitFor(
      () => worker.evaluate(async () => Object.keys(await chrome.storage.session.get(null))),
      (keys) => keys.some((key) => key.startsWith('tab:')),
    );
    await server.stop();

    const popup = await session.openPage(`chrome-extension://${session.extensionId}/popup.html`, []);
    await popup.waitForSelector(`[data-item-key="${DEMO.items.pay2}"]`);
    expect(await popup.evaluate(() => performance.getEntriesByName('hallway:popup-ready').length)).toBe(1);
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toContain('Use Adyen');

    await popup.keyboard.down('Alt');
    await popup.keyboard.press('2');
    await popup.keyboard.up('Alt');
    await popup.waitForSelector('form[aria-label="Log a note"] input');
    await popup.focus('form[aria-label="Log a note"] input');
    await popup.keyboard.type('Legal wants a review of the mandate text');
    await popup.keyboard.down('Control');
    await popup.keyboard.press('Enter');
    await popup.keyboard.up('Control');
    await popup.waitForFunction(() => (document.body.textContent ?? '').includes('Pending sync'));

    await popup.keyboard.down('Alt');
    await popup.keyboard.press('3');
    await popup.keyboard.up('Alt');
    await popup.waitForSelector('[role="combobox"]');
    await popup.focus('[role="combobox"]');
    await popup.keyboard.type('growth');
    await popup.keyboard.press('Enter');
    await popup.waitForFunction(() => (document.body.textContent ?? '').includes('Owned by Growth'));
    expect((await bodyText(popup)).match(/Pending sync/g)?.length).toBe(2);

    await server.start();
    await syncNow(popup);
    await popup.waitForFunction(() => ((document.body.textContent ?? '').match(/Synced/g)?.length ?? 0) >= 2, {
      timeout: 30_000,
    });

    const notes = await server.db.query<{ item_keys: string[] }>('SELECT item_keys FROM notes WHERE title = $1', [
      'Legal wants a review of the mandate text',
    ]);
    expect(notes).toEqual([{ item_keys: [DEMO.items.pay2] }]);
    const links = await server.db.query<{ id: string }>(
      "SELECT id FROM links WHERE kind = 'owner' AND item_key = $1 AND team_id = $2",
      [DEMO.items.pay2, DEMO.teams.growth],
    );
    expect(links).toHaveLength(1);
  });
});
