/** Helpers for the hub's end-to-end tests and benchmark: open the hub, move between views, read the mirror, shoot. */
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { Me } from '../../utils/contract.ts';
import type { ExtensionSession } from './harness.ts';
import { waitFor } from './harness.ts';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

export const hubUrl = (session: ExtensionSession, hash = '#/') =>
  `chrome-extension://${session.extensionId}/hub.html${hash}`;

/** Waits until the view named `view` has rendered with its data. */
export async function viewReady(page: Page, view: string): Promise<void> {
  await page.waitForSelector(`[data-view="${view}"][data-ready]`, { timeout: 30_000 });
}

export async function openHub(session: ExtensionSession, hash: string, view: string): Promise<Page> {
  const page = await session.openPage(hubUrl(session, hash), []);
  await page.setViewport({ width: 1280, height: 800 });
  await viewReady(page, view);
  return page;
}

/** Follows a deep link inside the open hub, as the omnibox or the sidebar would. */
export async function goTo(page: Page, hash: string, view: string): Promise<void> {
  await page.evaluate((to) => {
    location.hash = to;
  }, hash);
  await viewReady(page, view);
}

/**
 * Who the extension believes it is; the options page's connection test writes this row. Written here with plain
 * IndexedDB, which Dexie's live queries do not hear about, so the hub is reloaded to read it, and `view` awaited.
 */
export async function setIdentity(page: Page, token: string, me: Me | null, view: string): Promise<void> {
  await page.evaluate(
    (tokenValue, meValue) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('hallway');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('credentials', 'readwrite');
          tx.objectStore('credentials').put({ id: 'main', token: tokenValue, me: meValue });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    token,
    me,
  );
  await page.reload();
  await viewReady(page, view);
}

export async function fetchMe(serverUrl: string, token: string): Promise<Me> {
  const response = await fetch(`${serverUrl}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /v1/me: ${response.status}`);
  return (await response.json()) as Me;
}

export interface OutboxRowView {
  status: string;
  mutation: { type: string; id: string; data?: Record<string, unknown> };
  error?: { code: string; message: string };
}

export async function readTable<T>(page: Page, table: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('hallway');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            resolve(request.result);
            open.result.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    table,
  ) as Promise<T[]>;
}

/** Waits for the outbox to drain: every local write was acknowledged by the server. */
export async function outboxDrained(page: Page): Promise<void> {
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync.now', data: {} }));
  await waitFor(
    () => readTable<OutboxRowView>(page, 'outbox'),
    (rows) => rows.length === 0,
    30_000,
  );
}

/** The visible text of the element matching `selector`, whitespace collapsed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim());
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // Let the last live-query render and any hover state settle out of the picture.
  await page.mouse.move(0, 799);
  await page.screenshot({ path: join(SCREENSHOTS, `hub-${name}.png`) });
}
