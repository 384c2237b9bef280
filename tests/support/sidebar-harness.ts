/**
 * Helpers for the sidebar's end-to-end tests and benchmark: the real server in-process with the demo workspace, an
 * extension connected to it the way the options page does, and access to the sidebar inside its shadow root.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import type { Frame, Page } from 'puppeteer-core';
import { createApp } from '../../server/app.ts';
import { secretBox } from '../../server/connectors/secrets.ts';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { defineServerJobs } from '../../server/jobs/definitions.ts';
import { type JobQueue, startJobQueue } from '../../server/jobs/queue.ts';
import { createDemoWorkspace } from '../../server/seed/demo.ts';
import { type ExtensionSession, launchWithExtension, waitFor } from './harness.ts';

export interface DemoServer {
  url: string;
  token: string;
  db: Database;
  /** Every request the server received, in order: `METHOD /path` and the body. */
  requests: { line: string; body: string }[];
  /** The server's own handler, in process: another client's request, answered even while `stop()` cuts the browser off. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Stops answering (the extension is then offline for this server); `start()` listens on the same port again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** Connectors: a key of the server's own for their credentials, and the job queue that runs their imports. */
  connectors?: boolean;
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const db = await openPglite();
  await migrate(db);
  const { token } = await createDemoWorkspace(db);
  let jobs: JobQueue | undefined;
  const secrets = options.connectors ? secretBox(randomBytes(32)) : undefined;
  if (secrets) {
    jobs = await startJobQueue(db, { pollingIntervalSeconds: 0.5 });
    await defineServerJobs({ db, clock: () => new Date(), jobs, secrets });
  }
  const app = createApp({ db, rateLimit: false, ...(secrets ? { secrets } : {}), ...(jobs ? { jobs } : {}) });
  const requests: DemoServer['requests'] = [];
  // Node's request and response go on to the app with the request (`env`): the event stream takes its socket over
  // from them (server/live/socket.ts), and without them /v1/events answers 500.
  const recorded = async (request: Request, env: HttpBindings | Http2Bindings) => {
    const url = new URL(request.url);
    requests.push({ line: `${request.method} ${url.pathname}${url.search}`, body: await request.clone().text() });
    return app.fetch(request, env);
  };
  let port = 0;
  let server: ReturnType<typeof serve> | null = null;
  const start = () =>
    new Promise<void>((resolve) => {
      server = serve({ fetch: recorded, port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        port = info.port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      // Keep-alive sockets would keep answering: the extension must see the server gone.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      server = null;
    });
  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    db,
    requests,
    request: async (path, init) => app.request(path, init),
    stop,
    start,
    async close() {
      await stop();
      await jobs?.stop();
      await db.close();
    },
  };
}

/** An extension page of the session, to run code in the extension's origin (IndexedDB, messages to the worker). */
export async function extensionPage(session: ExtensionSession): Promise<Page> {
  return session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
}

/**
 * Runs in an extension context: stores the server URL and token where the options page stores them (settings in
 * storage.local, the token in the mirror's credentials). Handed to `evaluate` whole, so it uses only browser APIs.
 */
export async function storeConnection(serverUrl: string, token: string): Promise<void> {
  await chrome.storage.local.set({
    settings: {
      serverUrl,
      enabledSites: { notion: true, asana: true, jira: true, gmail: true },
      theme: 'system',
    },
  });
  // Until the extension has created its database there is no store to write into (this open then makes an empty
  // one, which the extension upgrades), and a transaction on a missing store throws where no promise hears it: the
  // set-up would hang until its hook's timeout. So: written once the store is there, asked again until then.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const stored = await new Promise<boolean>((resolve, reject) => {
      const open = indexedDB.open('hallway');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('credentials')) {
          db.close();
          resolve(false);
          return;
        }
        try {
          const tx = db.transaction('credentials', 'readwrite');
          tx.objectStore('credentials').put({ id: 'main', token, me: null });
          tx.oncomplete = () => {
            db.close();
            resolve(true);
          };
          tx.onerror = () => reject(tx.error);
        } catch (error) {
          db.close();
          reject(error);
        }
      };
    });
    if (stored) return;
    if (Date.now() > deadline) throw new Error('The extension never created its database');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stores the server URL and token as the options page does, asks for a sync and waits for the demo data. */
export async function connectExtension(session: ExtensionSession, server: DemoServer): Promise<Page> {
  const page = await extensionPage(session);
  await page.evaluate(storeConnection, server.url, server.token);
  await syncNow(page);
  await waitFor(
    () => countRows(page, 'decisions'),
    (count) => count >= 4,
    30_000,
  );
  return page;
}

/**
 * The set-up most end-to-end files share: the demo server, the production build in Chromium, connected to that
 * server. `extension` is the page the connection was made from. Whatever started is closed again if a later step
 * fails, so a failed set-up leaves no server behind.
 */
export async function openConnectedDemo(
  options?: Parameters<typeof launchWithExtension>[0],
  serverOptions?: DemoServerOptions,
): Promise<{ server: DemoServer; session: ExtensionSession; extension: Page }> {
  const server = await startDemoServer(serverOptions);
  let session: ExtensionSession | undefined;
  try {
    session = await launchWithExtension(options);
    return { server, session, extension: await connectExtension(session, server) };
  } catch (error) {
    await session?.close();
    await server.close();
    throw error;
  }
}

export async function syncNow(page: Page): Promise<unknown> {
  return page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync.now', data: {} }));
}

export async function countRows(page: Page, table: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('hallway');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          // No such store yet (the extension has not created its database): none of its rows either.
          if (!open.result.objectStoreNames.contains(name)) {
            open.result.close();
            resolve(0);
            return;
          }
          const request = open.result.transaction(name).objectStore(name).count();
          // Closed after each count: an open connection would block the extension deleting or upgrading the mirror.
          request.onsuccess = () => {
            resolve(request.result);
            open.result.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    table,
  );
}

interface CdpNode {
  nodeId: number;
  nodeName: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

/**
 * Runs `fn` on the element matching `selector` inside Hallway's closed shadow root. Closed roots hide from
 * `shadowRoot` and from Puppeteer's piercing selectors, so this goes through DevTools' DOM domain, which sees them.
 */
export async function inSidebarHost<T>(page: Page, selector: string, fn: string): Promise<T | null> {
  const cdp = await page.createCDPSession();
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const find = (node: CdpNode): CdpNode | undefined =>
      node.nodeName === 'HALLWAY-SIDEBAR' ? node : node.children?.map(find).find(Boolean);
    const shadow = find(root)?.shadowRoots?.[0];
    if (!shadow) return null;
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: shadow.nodeId, selector });
    if (!nodeId) return null;
    const { object } = await cdp.send('DOM.resolveNode', { nodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: fn,
      returnByValue: true,
    });
    return result.value as T;
  } finally {
    await cdp.detach();
  }
}

/**
 * Lets tools running in the page's main world (axe-core) walk Hallway's closed shadow root as if it were open: the
 * root is reached through DevTools' DOM domain and set as the host's `shadowRoot` in the main world only. The
 * content script's world and the extension's code are untouched; the markup, styles and layout audited are the
 * real ones in the real page.
 */
export async function exposeSidebarHost(page: Page): Promise<void> {
  const cdp = await page.createCDPSession();
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const find = (node: CdpNode): CdpNode | undefined =>
      node.nodeName === 'HALLWAY-SIDEBAR' ? node : node.children?.map(find).find(Boolean);
    const shadow = find(root)?.shadowRoots?.[0];
    if (!shadow) throw new Error('no Hallway shadow root in the page');
    const { object } = await cdp.send('DOM.resolveNode', { nodeId: shadow.nodeId });
    await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: `function () {
        const shadow = this;
        Object.defineProperty(this.host, 'shadowRoot', { configurable: true, get: () => shadow });
      }`,
    });
  } finally {
    await cdp.detach();
  }
}

export interface LauncherState {
  /** What the launcher says: its accessible name (the lines themselves are drawn on a canvas, not written). */
  text: string;
  hidden: boolean;
  expanded: string | null;
  label: string | null;
}

export async function readLauncher(page: Page): Promise<LauncherState> {
  const state = await inSidebarHost<LauncherState>(
    page,
    '.launcher',
    `function () {
      return {
        text: this.getAttribute('aria-label') ?? '',
        hidden: this.hidden,
        expanded: this.getAttribute('aria-expanded'),
        label: this.getAttribute('aria-label'),
      };
    }`,
  );
  return state ?? { text: '', hidden: true, expanded: null, label: null };
}

/** Whether the panel holding the sidebar iframe is shown, and its width in CSS pixels. */
export async function readPanel(page: Page): Promise<{ hidden: boolean; width: number }> {
  const state = await inSidebarHost<{ hidden: boolean; width: number }>(
    page,
    '.panel',
    'function () { return { hidden: this.hidden, width: this.getBoundingClientRect().width }; }',
  );
  return state ?? { hidden: true, width: 0 };
}

/** A real (trusted) mouse click at the centre of an element in the shadow root. */
export async function clickInSidebarHost(page: Page, selector: string): Promise<void> {
  const box = await waitFor(
    () =>
      inSidebarHost<{ x: number; y: number; visible: boolean }>(
        page,
        selector,
        `function () {
          const r = this.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2, visible: r.width > 0 && !this.hidden };
        }`,
      ),
    (found) => Boolean(found?.visible),
  );
  if (!box) throw new Error(`${selector} not found`);
  await page.mouse.click(box.x, box.y);
}

export const clickLauncher = (page: Page) => clickInSidebarHost(page, '.launcher');

/** The sidebar page's frame, once it is loaded and shows `text`. */
export async function sidebarFrame(page: Page, text?: string): Promise<Frame> {
  const frame = await waitFor(
    async () => page.frames().find((candidate) => candidate.url().includes('/sidebar.html')) ?? null,
    (found) => found !== null,
  );
  if (!frame) throw new Error('no sidebar frame');
  if (text) {
    await frame.waitForFunction(
      (wanted) => (document.body.textContent ?? '').includes(wanted),
      { timeout: 15_000 },
      text,
    );
  }
  return frame;
}

/**
 * Waits until the sidebar's actions act: the guard found it visible and on top, and it has been so for the minimum
 * time (`data-actions` is the action pause's state, utils/sidebar-host/pause.ts), and they are offered (role known).
 */
export const actionsEnabled = (frame: Frame) =>
  frame.waitForFunction(
    () =>
      document.querySelector<HTMLElement>('[data-actions]')?.dataset.actions === 'on' &&
      document.querySelector('main[data-role]') !== null,
    { timeout: 15_000 },
  );

/** Waits until the sidebar pauses its actions because the page hides, covers or shrinks it. */
export const actionsPaused = (frame: Frame) =>
  frame.waitForFunction(() => document.querySelector<HTMLElement>('[data-actions]')?.dataset.actions === 'covered', {
    timeout: 15_000,
  });

/** The outbox's pending writes, as the type and the item each is about. */
export async function outboxMutations(page: Page): Promise<{ type: string; itemKey: string | null }[]> {
  return page.evaluate(
    () =>
      new Promise<{ type: string; itemKey: string | null }[]>((resolve, reject) => {
        const open = indexedDB.open('hallway');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('outbox').objectStore('outbox').getAll();
          request.onsuccess = () =>
            resolve(
              // Deletes, links of items to a decision and reviews carry no `data` with an item key.
              (request.result as { mutation: { type: string; data?: { itemKey?: string } } }[]).map(({ mutation }) => ({
                type: mutation.type,
                itemKey: mutation.data?.itemKey ?? null,
              })),
            );
          request.onerror = () => reject(request.error);
        };
      }),
  );
}
