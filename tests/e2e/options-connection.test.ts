/**
 * The options page's connection section in Chromium, against real servers: each wrong input gets the message about
 * what is really wrong (no scheme, no token, a server that is not Hallway, nothing listening), a right one signs in
 * and shows who, and disconnecting asks before it discards unsent writes, then forgets the token and the copy.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { bootstrap } from '../../server/domain/tokens.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { type ExtensionSession, launchWithExtension, waitFor } from '../support/harness.ts';
import { countRows } from '../support/sidebar-harness.ts';

let db: Database;
let token: string;
let hallway: ServerType;
let hallwayUrl: string;
let otherSite: Server;
let otherUrl: string;
let closedUrl: string;
let session: ExtensionSession;

const listening = (server: { once(event: 'listening', fn: () => void): unknown; address(): unknown }) =>
  new Promise<number>((resolve) => server.once('listening', () => resolve((server.address() as AddressInfo).port)));
const close = (server: { close(fn: () => void): unknown }) => new Promise<void>((resolve) => server.close(resolve));

async function submit(page: Page, serverUrl: string, typedToken: string): Promise<void> {
  await page.$eval('input[name="serverUrl"]', (input) => {
    (input as HTMLInputElement).select();
  });
  await page.keyboard.press('Backspace');
  if (serverUrl) await page.type('input[name="serverUrl"]', serverUrl);
  await page.$eval('input[name="token"]', (input) => {
    (input as HTMLInputElement).select();
  });
  await page.keyboard.press('Backspace');
  if (typedToken) await page.type('input[name="token"]', typedToken);
  // Enter in the token field, as a person submits a form from the keyboard. Not a click at the Save button's place:
  // "Join with an invite" appears above the form once the background has the typed server's sign-in offer, which
  // can be while the click is on its way, and the click then lands on whatever moved under it.
  await page.keyboard.press('Enter');
}

/** The texts of the page's alerts, once one contains `expected`. */
const alertSaying = (page: Page, expected: string) =>
  waitFor(
    () =>
      page.$$eval('section[aria-labelledby="connection-heading"] [role="alert"]', (alerts) =>
        alerts.map((alert) => alert.textContent ?? ''),
      ),
    (texts) => texts.some((text) => text.includes(expected)),
  );

describe('the options page connection in Chromium', () => {
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    const first = await bootstrap(db, { now: new Date() });
    if (!first) throw new Error('bootstrap did nothing');
    token = first.token;
    await seedDemo(db, first.workspaceId);
    const app = createApp({ db, rateLimit: false });
    hallway = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    hallwayUrl = `http://127.0.0.1:${await listening(hallway)}`;
    otherSite = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Router admin</body></html>');
    }).listen(0, '127.0.0.1');
    otherUrl = `http://127.0.0.1:${await listening(otherSite)}`;
    const closed = createServer().listen(0, '127.0.0.1');
    closedUrl = `http://127.0.0.1:${await listening(closed)}`;
    await close(closed);
    session = await launchWithExtension();
  });
  afterAll(async () => {
    await session?.close();
    (hallway as unknown as { closeAllConnections?: () => void })?.closeAllConnections?.();
    if (hallway) await close(hallway);
    if (otherSite) await close(otherSite);
    await db?.close();
  });

  it('says what is wrong with each attempt, signs in, and signs out only after asking about unsent writes', async () => {
    const page = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    await page.waitForSelector('input[name="serverUrl"]');

    await submit(page, hallwayUrl.replace('http://', ''), token);
    await alertSaying(page, `Add http:// in front of the address: ${hallwayUrl}.`);
    await submit(page, hallwayUrl, '');
    await alertSaying(page, 'Enter your API token');
    await submit(page, otherUrl, token);
    await alertSaying(page, `${otherUrl} answers, but it is not a Hallway server`);
    await submit(page, closedUrl, token);
    await alertSaying(page, `Cannot reach ${closedUrl}`);
    await submit(page, hallwayUrl, 'hw_0123456789012345678901234567890123456789012');
    await alertSaying(page, 'The server does not accept this token');

    await submit(page, hallwayUrl, token);
    await page.waitForSelector('[data-connection="ok"]');
    const signedIn = await page.waitForSelector('[data-connection="signed-in"]');
    expect(await signedIn?.evaluate((node) => node.textContent)).toMatch(/as Admin \(admin\) on http:\/\/127\.0\.0\.1/);
    await page.waitForSelector('[data-sync-status="idle"]', { timeout: 30_000 });
    expect(await countRows(page, 'teams')).toBeGreaterThan(0);

    // Offline, a decision waits in the outbox: signing out asks first, and staying keeps it.
    (hallway as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    await close(hallway);
    const written = await page.evaluate(() =>
      chrome.runtime.sendMessage({
        type: 'mirror.write',
        data: {
          kind: 'decision.create',
          data: { title: 'Unsent', decidedAt: new Date().toISOString(), decidedBy: 'E2E' },
        },
      }),
    );
    expect(written).toMatchObject({ ok: true });
    const disconnectButton = async () => {
      const [button] = await page.$$('xpath/.//button[normalize-space()="Sign out"]');
      if (!button) throw new Error('no Sign out button');
      return button;
    };
    await (await disconnectButton()).click();
    const confirm = await page.waitForSelector('[data-signout="confirm"]');
    expect(await confirm?.evaluate((node) => node.textContent)).toMatch(/1 change has not reached the server yet/);
    await (await page.$$('xpath/.//button[normalize-space()="Stay signed in"]'))[0]?.click();
    await page.waitForSelector('[data-signout="confirm"]', { hidden: true });
    expect(await countRows(page, 'outbox')).toBe(1);
    expect(await countRows(page, 'credentials')).toBe(1);

    await (await disconnectButton()).click();
    await page.waitForSelector('[data-signout="confirm"]');
    await (await page.$$('xpath/.//button[normalize-space()="Discard and sign out"]'))[0]?.click();
    // The server is down: signed out here all the same, and the page says the token could not be revoked.
    const signedOut = await page.waitForSelector('[data-connection="signed-out"]');
    expect(await signedOut?.evaluate((node) => node.textContent)).toMatch(/could not be reached to revoke the token/);
    await page.waitForSelector('[data-connection="signed-in"]', { hidden: true });
    for (const store of ['outbox', 'credentials', 'teams', 'decisions']) expect(await countRows(page, store)).toBe(0);
    // The server stays: signing in again is one click.
    expect(await page.$eval('input[name="serverUrl"]', (input) => (input as HTMLInputElement).value)).toBe(hallwayUrl);
    await page.waitForSelector('[data-sync-status="disconnected"]');
    // Nothing comes back on the next pass: there is no connection any more.
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync.now', data: {} }));
    expect(await countRows(page, 'teams')).toBe(0);
    await page.close();
  });
});
