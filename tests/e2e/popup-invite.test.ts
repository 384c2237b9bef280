/**
 * The popup's one-click invite (issue 14 point 4), end to end in Chromium with the production build and the real
 * server on PGlite: a person who is not signed in opens the invite link an admin made, clicks Hallway's toolbar
 * button, and joins with one click. The toolbar click is Chromium's own (`Extensions.triggerAction` through
 * Puppeteer's `triggerExtensionAction`, the path a click on the icon takes), so the popup reads the invite tab's
 * address through the `activeTab` grant that click gives, as it does for a person.
 */
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
import { EXTENSION_DIR, type ExtensionSession, launchWithExtension, unpackedExtensionId } from '../support/harness.ts';
import { countRows } from '../support/sidebar-harness.ts';

let db: Database;
let adminToken: string;
let hallway: ServerType;
let hallwayUrl: string;
let session: ExtensionSession;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  const first = await bootstrap(db, { now: new Date() });
  if (!first) throw new Error('bootstrap did nothing');
  adminToken = first.token;
  await seedDemo(db, first.workspaceId);
  let app: ReturnType<typeof createApp> | undefined;
  hallway = serve({
    fetch: (request) => (app ? app.fetch(request) : new Response('starting', { status: 503 })),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => hallway.once('listening', () => resolve()));
  hallwayUrl = `http://127.0.0.1:${(hallway.address() as AddressInfo).port}`;
  app = createApp({
    db,
    rateLimit: false,
    auth: { publicUrl: hallwayUrl, workspaceId: first.workspaceId, extensionIds: [unpackedExtensionId(EXTENSION_DIR)] },
  });
  session = await launchWithExtension();
});
afterAll(async () => {
  await session?.close();
  (hallway as unknown as { closeAllConnections?: () => void })?.closeAllConnections?.();
  if (hallway) await new Promise<void>((resolve) => hallway.close(() => resolve()));
  await db?.close();
});

describe('the popup', () => {
  it('joins with the invite open in the current tab: one click, no link pasted, the browser signed in', async () => {
    const response = await fetch(`${hallwayUrl}/v1/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'member', expiresInDays: 1, maxUses: 1 }),
    });
    expect(response.status).toBe(201);
    const invite = (await response.json()) as { url: string };

    // The link the admin sent, opened in a tab; then the toolbar button, as Chromium runs a click on it.
    const tab = await session.openPage(invite.url, []);
    const extension = (await session.browser.extensions()).get(session.extensionId);
    if (!extension) throw new Error('the extension is not listed');
    await tab.bringToFront();
    await tab.triggerExtensionAction(extension);
    const popupTarget = await session.browser.waitForTarget((target) => target.url().includes('/popup.html'), {
      timeout: 30_000,
    });
    const popup = (await popupTarget.asPage()) as Page;
    const join = await popup.waitForSelector('[data-popup="join-invite"] button', { timeout: 30_000 });
    expect(await popup.$eval('[data-popup="join-invite"] p', (text) => text.textContent)).toBe(
      `This tab holds an invite to the Hallway server at ${hallwayUrl}.`,
    );
    await join?.click();

    // The sign-in window shows the server's invite page: the person gives their name and email there.
    const windowTarget = await session.browser.waitForTarget((target) => target.url().includes('/v1/auth/invite/'), {
      timeout: 30_000,
    });
    const window = await windowTarget.asPage();
    await window.waitForSelector('input[name="name"]');
    await window.type('input[name="name"]', 'Cai Chen');
    await window.type('input[name="email"]', 'cai@acme.test');
    await window.click('button[type="submit"]');

    const options = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    const signedIn = await options.waitForSelector('[data-connection="signed-in"]', { timeout: 30_000 });
    expect(await signedIn?.evaluate((node) => node.textContent)).toMatch(/as Cai Chen \(member\)/);
    await options.waitForSelector('[data-sync-status="idle"]', { timeout: 30_000 });
    expect(await countRows(options, 'teams')).toBeGreaterThan(0);
    const [person] = await db.query<{ role: string }>('SELECT role FROM users WHERE email = $1', ['cai@acme.test']);
    expect(person).toEqual({ role: 'member' });
    await options.close();
    await tab.close();
  });
});
