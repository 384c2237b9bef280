/**
 * Nothing logged is lost, end to end in Chromium: connect on the options page to a real server (demo workspace), sync, lose the server,
 * log a decision through the extension's write path, kill the service worker, bring the server back, and find
 * exactly one copy on the server.
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
import { type ExtensionSession, launchWithExtension, waitFor } from '../support/harness.ts';

let db: Database;
let token: string;
let workspaceId: string;
let http: ServerType | null = null;
let port = 0;

function listen(onPort = 0): Promise<number> {
  const app = createApp({ db, rateLimit: false });
  return new Promise((resolve) => {
    http = serve({ fetch: app.fetch, port: onPort, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
}

function stopListening(): Promise<void> {
  return new Promise((resolve) => {
    if (!http) return resolve();
    http.close(() => resolve());
    // Keep-alive connections from the extension would hold the server open.
    (http as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    http = null;
  });
}

/** Counts rows of an IndexedDB store from an extension page, without the extension's code. */
const countRows = (page: Page, store: string, status?: string) =>
  page.evaluate(
    (storeName, wanted) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('hallway');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(storeName).objectStore(storeName).getAll();
          request.onsuccess = () => {
            const rows = request.result as { status?: string }[];
            resolve(rows.filter((row) => wanted === undefined || row.status === wanted).length);
            open.result.close();
          };
        };
      }),
    store,
    status,
  );

describe('offline-first sync in Chromium', () => {
  let session: ExtensionSession;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    const first = await bootstrap(db, { now: new Date() });
    if (!first) throw new Error('bootstrap did nothing');
    ({ token, workspaceId } = first);
    await seedDemo(db, workspaceId);
    port = await listen();
    session = await launchWithExtension();
  });
  afterAll(async () => {
    await session?.close();
    await stopListening();
    await db?.close();
  });

  it('never loses or duplicates a decision logged offline across a service-worker kill', async () => {
    const page = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    await page.waitForSelector('input[name="serverUrl"]');
    await page.$eval('input[name="serverUrl"]', (input) => {
      (input as HTMLInputElement).value = '';
    });
    await page.type('input[name="serverUrl"]', `http://127.0.0.1:${port}`);
    await page.type('input[name="token"]', token);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-connection="ok"]');
    await page.waitForSelector('[data-sync-status="idle"]', { timeout: 30_000 });
    const [serverDecisions] = await db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM decisions WHERE workspace_id = $1',
      [workspaceId],
    );
    expect(await countRows(page, 'decisions')).toBe(serverDecisions?.count);
    expect(await countRows(page, 'teams')).toBeGreaterThan(0);

    // Offline: the server is gone. The decision goes through the extension's own write path.
    await stopListening();
    const title = `Offline decision ${crypto.randomUUID()}`;
    const written = await page.evaluate(
      (decisionTitle) =>
        chrome.runtime.sendMessage({
          type: 'mirror.write',
          data: {
            kind: 'decision.create',
            data: { title: decisionTitle, decidedAt: new Date().toISOString(), decidedBy: 'E2E' },
          },
        }),
      title,
    );
    expect(written).toMatchObject({ ok: true });
    await page.waitForSelector('[data-sync-status="offline"]', { timeout: 30_000 });
    expect(await countRows(page, 'outbox', 'pending')).toBe(1);

    // Kill the service worker: its memory is gone, only IndexedDB remains.
    await (await session.serviceWorker()).close();

    port = await listen(port);
    // Any event restarts the worker; "sync now" is the quickest one a test can send.
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync.now', data: {} }));
    await waitFor(
      () => countRows(page, 'outbox'),
      (count) => count === 0,
      30_000,
    );
    const copies = await db.query<{ id: string }>('SELECT id FROM decisions WHERE workspace_id = $1 AND title = $2', [
      workspaceId,
      title,
    ]);
    expect(copies).toHaveLength(1);
    await page.waitForSelector('[data-sync-status="idle"]');
    await page.close();
  });
});
