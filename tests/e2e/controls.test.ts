/**
 * The controls no other end-to-end test touches, in Chromium with the production build and the real server (demo
 * workspace): the popup's site switch and sync line, the options page's sites, self-hosted Jira hosts and theme,
 * linking a goal from the sidebar, the toggle command, syncing on the alarm and on coming back online, and "Log
 * decision" while offline and on a selection inside an embedded frame.
 *
 * What a headless browser cannot do is done the way the browser itself would: Chromium delivers commands, context
 * menu clicks and alarms to the service worker's listeners, so the test dispatches those events there (or has
 * Chromium fire the alarm early); the permission prompt cannot be shown, so the profile says the user granted the
 * host before (see `previouslyGrantedOrigins`).
 */
import type { Frame, Page, WebWorker } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/seed/demo.ts';
import { type ExtensionSession, fixture, htmlForHost, tabIdOf, waitFor } from '../support/harness.ts';
import { hubUrl, type OutboxRowView, readTable, viewReady } from '../support/hub-harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  countRows,
  type DemoServer,
  openConnectedDemo,
  readLauncher,
  readPanel,
  sidebarFrame,
} from '../support/sidebar-harness.ts';

type Dispatchable = { dispatch(...args: unknown[]): void };

const JIRA = {
  url: 'https://acme.atlassian.net/browse/PAY-1',
  host: 'acme.atlassian.net',
  html: () => fixture('sidebar/2026-11-01-jira-pay-1.html'),
};
const NOTION = {
  url: 'https://www.notion.so/acme/SEPA-design-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
  host: 'www.notion.so',
  html: () => fixture('sidebar/2026-11-01-notion-sepa-design.html'),
};
const GMAIL = {
  url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
  host: 'mail.google.com',
  html: () => fixture('sidebar/2026-11-01-gmail-sepa-pricing.html'),
};
/** A Jira Data Center issue at its real address (context path /jira); the host must be added in the options. */
const SELF_HOSTED = {
  url: 'https://issues.apache.org/jira/browse/SPARK-14220',
  host: 'issues.apache.org',
  origin: '*://issues.apache.org/*',
  html: () => fixture('jira/2026-11-01-server-issue.html'),
};

let session: ExtensionSession;
let server: DemoServer;
/** The options page, connected; also where the tests read the mirror and the settings. */
let options: Page;
let worker: WebWorker;

beforeAll(async () => {
  ({
    server,
    session,
    extension: options,
  } = await openConnectedDemo({ previouslyGrantedOrigins: [SELF_HOSTED.origin] }));
  worker = await session.serviceWorker();
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** Whether the server listens; a failed test must not leave the next one offline. */
let serverUp = true;
async function goOffline() {
  await server.stop();
  serverUp = false;
}
async function comeBack() {
  if (!serverUp) await server.start();
  serverUp = true;
}
afterEach(async () => {
  await comeBack();
  await options.setOfflineMode(false);
  // A test that failed half-way leaves its tabs open; the next one must not find them in front of the options page.
  for (const page of await session.browser.pages()) {
    if (page.target() !== options.target() && page.url() !== 'about:blank') await page.close();
  }
});

async function open(spec: { url: string; host: string; html: () => string }): Promise<Page> {
  const page = await session.openPage(spec.url, [htmlForHost(spec.host, spec.html())]);
  await page.setViewport({ width: 1280, height: 800 });
  return page;
}

const launcherState = (page: Page, accept: (state: Awaited<ReturnType<typeof readLauncher>>) => boolean) =>
  waitFor(() => readLauncher(page), accept);
const launcherShown = (page: Page) => launcherState(page, (state) => !state.hidden && state.text !== '');
const launcherGone = (page: Page) => launcherState(page, (state) => state.hidden);

const bodyText = (page: Page | Frame) => page.evaluate(() => (document.body.textContent ?? '').replace(/\s+/g, ' '));

/** What the service worker recorded for a tab (the content script's report), or undefined. */
const tabRecord = (tabId: number) =>
  worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key], `tab:${tabId}`) as Promise<
    { item: { key: string } | null } | undefined
  >;

const enabledSites = () =>
  options.evaluate(
    async () => ((await chrome.storage.local.get('settings')).settings as { enabledSites: object }).enabledSites,
  );

async function apiPost(path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

const decisionsTitled = (title: string) =>
  server.db.query<{ quote: string | null; source_url: string | null; item_keys: string[] }>(
    'SELECT quote, source_url, item_keys FROM decisions WHERE title = $1',
    [title],
  );

const itemRow = async (key: string) =>
  (
    await server.db.query<{ title: string; context: object }>('SELECT title, context FROM items WHERE key = $1', [key])
  )[0];

/** Selects the contents of the first element matching `selector` in a document, as a user's drag would. */
async function select(target: Page | Frame, selector: string): Promise<string> {
  return target.evaluate((wanted) => {
    const element = document.querySelector(wanted);
    const range = document.createRange();
    if (element) range.selectNodeContents(element);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return selection?.toString() ?? '';
  }, selector);
}

/** The click on "Log decision" as Chromium reports it to the listener: which frame, its address, the selection. */
async function clickLogDecision(
  tabId: number,
  click: { frameId: number; pageUrl: string; frameUrl?: string; text: string },
) {
  await worker.evaluate(
    async (id, { frameId, pageUrl, frameUrl, text }) => {
      const tab = await chrome.tabs.get(id);
      const info = {
        menuItemId: 'hallway.logDecision',
        editable: false,
        frameId,
        pageUrl,
        frameUrl,
        selectionText: text,
      };
      (chrome.contextMenus.onClicked as unknown as Dispatchable).dispatch(info, tab);
    },
    tabId,
    click,
  );
}

/**
 * The toggle shortcut as Chromium delivers it: the `toggle-sidebar` command with the active tab, to the service
 * worker's onCommand listeners. A headless browser has no global accelerators for the keys themselves.
 */
const pressToggleShortcut = (tabId: number) =>
  worker.evaluate(async (id) => {
    const tab = await chrome.tabs.get(id);
    (chrome.commands.onCommand as unknown as Dispatchable).dispatch('toggle-sidebar', tab);
  }, tabId);

/** The capture window the click opened, its form ready; the title typed and saved with Ctrl+Enter. */
const seenCaptureWindows = new Set<string>();
async function logFromCaptureWindow(title: string): Promise<Page> {
  const target = await session.browser.waitForTarget(
    (candidate) => candidate.url().includes('/capture.html?draft=') && !seenCaptureWindows.has(candidate.url()),
  );
  seenCaptureWindows.add(target.url());
  const capture = await target.asPage();
  await capture.waitForSelector('form[aria-label="Log a decision"] input');
  await capture.focus('form[aria-label="Log a decision"] input');
  await capture.keyboard.type(title);
  await capture.keyboard.down('Control');
  await capture.keyboard.press('Enter');
  await capture.keyboard.up('Control');
  return capture;
}

describe('the popup', () => {
  it("turns Hallway off and on for the current tab's tool, and its sync line shows the real state", async () => {
    const issue = await open(JIRA);
    await launcherShown(issue);
    // Popup.html in a tab: the background skips the popup's own tab, so the current tab is the issue.
    const popup = await session.openPage(`chrome-extension://${session.extensionId}/popup.html`, []);
    const siteSwitch = await popup.waitForSelector('::-p-text(Hallway on Jira)');
    const checkbox = 'header input[type="checkbox"]';
    expect(await popup.$eval(checkbox, (input) => (input as HTMLInputElement).checked)).toBe(true);

    await siteSwitch?.click();
    await launcherGone(issue);
    expect(await popup.$eval(checkbox, (input) => (input as HTMLInputElement).checked)).toBe(false);
    expect(await enabledSites()).toMatchObject({ jira: false, notion: true, asana: true, gmail: true });
    // Off means off: the toggle the shortcut sends (awaited here, as it is delivered) finds nothing to open.
    const tabId = await tabIdOf(worker, 'https://acme.atlassian.net/*');
    await worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'sidebar.toggle' }), tabId);
    expect((await readPanel(issue)).hidden).toBe(true);

    await siteSwitch?.click();
    expect((await launcherShown(issue)).text).toContain('Payments');
    expect(await enabledSites()).toMatchObject({ jira: true });

    // The sync line: synced with nothing pending; a note saved offline is counted and the status turns offline;
    // "Sync now" once the server is back sends it and says so.
    const line = 'footer [data-pending]';
    await popup.waitForFunction(
      (selector) => document.querySelector(selector)?.closest('footer')?.textContent?.includes('Synced'),
      {},
      line,
    );
    expect(await popup.$eval(line, (span) => span.textContent)).toMatch(/^Nothing pending/);
    await goOffline();
    await popup.keyboard.down('Alt');
    await popup.keyboard.press('2');
    await popup.keyboard.up('Alt');
    await popup.waitForSelector('form[aria-label="Log a note"] input');
    await popup.focus('form[aria-label="Log a note"] input');
    await popup.keyboard.type('Check the retry limits with the card network');
    await popup.keyboard.down('Control');
    await popup.keyboard.press('Enter');
    await popup.keyboard.up('Control');
    await popup.waitForFunction(
      (selector) => {
        const footer = document.querySelector(selector)?.closest('footer');
        return footer?.textContent?.includes('Offline') && / pending/.test(footer.textContent);
      },
      { timeout: 30_000 },
      line,
    );
    // The count is the outbox's: the note and whatever else it needs (the item it is about).
    const pending = (await readTable<OutboxRowView>(options, 'outbox')).filter((row) => row.status === 'pending');
    expect(pending.map((row) => row.mutation.type)).toContain('note.create');
    expect(await popup.$eval(line, (span) => span.textContent)).toMatch(new RegExp(`^${pending.length} pending`));

    await comeBack();
    const syncNow = await popup.waitForSelector('footer ::-p-text(Sync now)');
    await syncNow?.click();
    await popup.waitForFunction(
      (selector) => {
        const footer = document.querySelector(selector)?.closest('footer');
        return footer?.textContent?.includes('Synced') && footer.textContent.includes('Nothing pending');
      },
      { timeout: 30_000 },
      line,
    );
    // A note is a note: it reaches the server's notes, once.
    expect(
      await server.db.query('SELECT id FROM notes WHERE title = $1', ['Check the retry limits with the card network']),
    ).toHaveLength(1);
    await popup.close();
    await issue.close();
  });
});

describe('the options page', () => {
  it('turns a tool off and on under Sites, remembered across a reload', async () => {
    const page = await open(NOTION);
    await launcherShown(page);
    // A background tab runs no animation frames, which clicks wait for: the options page comes to the front.
    await options.bringToFront();
    const toggle = async () => {
      const label = await options.waitForSelector('label:has(input[name="site-notion"])');
      await label?.click();
    };
    const checked = () => options.$eval('input[name="site-notion"]', (input) => (input as HTMLInputElement).checked);

    await toggle();
    await launcherGone(page);
    await options.reload();
    await options.waitForSelector('input[name="site-notion"]');
    expect(await checked()).toBe(false);
    expect(await enabledSites()).toMatchObject({ notion: false, jira: true });

    await toggle();
    expect((await launcherShown(page)).text).toContain('Launch payments in the EU');
    // The switch shows the click at once (it does not wait for the background's answer to follow the stored value).
    expect(await checked()).toBe(true);
    expect(await enabledSites()).toMatchObject({ notion: true, jira: true });
    await page.close();
  });

  it('adds a self-hosted Jira host with a permission request, detects its issues, and removes it again', async () => {
    const hasAccess = () =>
      options.evaluate((origin) => chrome.permissions.contains({ origins: [origin] }), SELF_HOSTED.origin);
    expect(await hasAccess()).toBe(false);
    await options.bringToFront();
    const input = 'input[placeholder="jira.example.com"]';
    await options.type(input, 'https://issues.apache.org/jira/browse/SPARK-14220');
    const add = await options.waitForSelector('::-p-text(Add host)');
    await add?.click();
    await options.waitForSelector('button[aria-label="Remove issues.apache.org"]');
    expect(await hasAccess()).toBe(true);
    expect(await options.$eval(input, (field) => (field as HTMLInputElement).value)).toBe('');

    const issue = await open(SELF_HOSTED);
    const tabId = await tabIdOf(worker, 'https://issues.apache.org/*');
    const reported = await waitFor(
      () => tabRecord(tabId),
      (record) => record !== undefined,
    );
    expect(reported?.item?.key).toBe('jira:issues.apache.org/SPARK-14220');
    expect((await launcherShown(issue)).text).toContain('0 decisions');
    await issue.close();

    // Closing the issue activates whichever tab the browser picks (the one beside it, not always the options): a
    // click in a background tab waits for a frame that never comes, so the options page is brought to the front.
    await options.bringToFront();
    const remove = await options.waitForSelector('button[aria-label="Remove issues.apache.org"]');
    await remove?.click();
    await options.waitForFunction(() => document.body.textContent?.includes('No self-hosted Jira yet.'));
    await waitFor(hasAccess, (granted) => granted === false);
    const registered = await worker.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id),
    );
    expect(registered.filter((id) => id.startsWith('jira-host:'))).toEqual([]);

    // A page of the removed host opened first, a Jira Cloud page second: the cloud page gets its launcher, the
    // other nothing (the extension cannot even see that tab's address any more).
    const removed = await open(SELF_HOSTED);
    const cloud = await open(JIRA);
    await launcherShown(cloud);
    expect(await removed.$('hallway-sidebar')).toBeNull();
    await removed.close();
    await cloud.close();
  });

  it('applies light, dark and system themes to the extension pages', async () => {
    const hub = await session.openPage(hubUrl(session, '#/'), []);
    await viewReady(hub, 'home');
    const pages = [options, hub];
    const dark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('dark'));
    // Each page in front in turn: a hidden tab re-evaluates media queries only once it is shown again.
    const allBecome = async (wanted: boolean) => {
      for (const page of pages) {
        await page.bringToFront();
        await waitFor(
          () => dark(page),
          (state) => state === wanted,
        );
      }
    };
    const choose = async (label: string) => {
      await options.bringToFront();
      const option = await options.waitForSelector(`fieldset ::-p-text(${label})`);
      await option?.click();
    };

    await choose('Dark');
    await allBecome(true);
    await choose('Light');
    await allBecome(false);
    // System follows the operating system's preference, and keeps following it.
    for (const page of pages) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await choose('System');
    await allBecome(true);
    for (const page of pages) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await allBecome(false);
    expect(await options.evaluate(async () => (await chrome.storage.local.get('settings')).settings)).toMatchObject({
      theme: 'system',
    });
    await options.emulateMediaFeatures([]);
    await hub.close();
  });
});

describe('the sidebar', () => {
  it('links a goal: written once on the server, shown in the sidebar and the hub', async () => {
    const page = await open(GMAIL);
    await launcherShown(page);
    await clickLauncher(page);
    const frame = await sidebarFrame(page, 'Not linked to a goal yet.');
    await actionsEnabled(frame);

    const linkGoal = await frame.waitForSelector('xpath/.//button[normalize-space()="Link goal"]');
    await linkGoal?.click();
    await frame.type('input[role="combobox"]', 'revenue');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => (document.body.textContent ?? '').includes('Linked to this item'));
    expect(await bodyText(frame)).toContain('Grow revenue 20% in 2026');

    const goalLinks = () =>
      server.db.query<{ id: string }>("SELECT id FROM links WHERE kind = 'goal' AND item_key = $1 AND goal_id = $2", [
        DEMO.items.gmailThread,
        DEMO.goals.revenue,
      ]);
    await waitFor(goalLinks, (rows) => rows.length > 0, 30_000);
    await frame.waitForFunction(() => !(document.body.textContent ?? '').includes('Pending sync'), { timeout: 30_000 });
    expect(await goalLinks()).toHaveLength(1);
    const pushes = server.requests.filter(
      (request) =>
        request.line === 'POST /v1/mutations' &&
        request.body.includes('"link.create"') &&
        request.body.includes(DEMO.goals.revenue),
    );
    expect(pushes).toHaveLength(1);
    expect((await readLauncher(page)).text).toContain('Grow revenue 20% in 2026');

    const title = await frame.$eval('h1', (heading) => heading.textContent ?? '');
    const hub = await session.openPage(hubUrl(session, `#/goals/${DEMO.goals.revenue}`), []);
    await viewReady(hub, 'goal');
    await hub.waitForFunction(
      (wanted) => document.querySelector('[aria-label="Gmail items"]')?.textContent?.includes(wanted),
      { timeout: 15_000 },
      title,
    );
    await hub.close();
    await page.close();
  });

  it('toggles on the shortcut as Chromium delivers it: the toggle-sidebar command for the active tab', async () => {
    // The manifest binds the keys; the command reaches the worker as Chromium delivers it (pressToggleShortcut).
    const commands = await worker.evaluate(() => chrome.commands.getAll());
    expect(commands.find((command) => command.name === 'toggle-sidebar')?.shortcut).toBe('Alt+Shift+H');

    const page = await open(JIRA);
    await launcherShown(page);
    const tabId = await tabIdOf(worker, 'https://acme.atlassian.net/*');
    const press = () => pressToggleShortcut(tabId);

    await press();
    await waitFor(
      () => readPanel(page),
      (panel) => !panel.hidden,
    );
    await sidebarFrame(page, 'Switch SEPA Direct Debit to Stripe');
    await press();
    await waitFor(
      () => readPanel(page),
      (panel) => panel.hidden,
    );
    expect((await readLauncher(page)).hidden).toBe(false);
    await page.close();
  });
});

describe('sync triggers', () => {
  it('pulls on the periodic alarm when Chromium fires it', async () => {
    const alarm = await worker.evaluate(() => chrome.alarms.get('hallway.sync'));
    expect(alarm?.periodInMinutes).toBe(1);
    const { id } = await apiPost('/v1/decisions', {
      title: 'Page the on-call payments engineer on failed retries',
      decidedAt: new Date().toISOString(),
      decidedBy: 'Priya Natarajan',
    });
    const mirrored = () =>
      options.evaluate(
        (decisionId) =>
          new Promise<boolean>((resolve, reject) => {
            const request = indexedDB.open('hallway');
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
              const get = request.result.transaction('decisions').objectStore('decisions').get(decisionId);
              get.onsuccess = () => {
                resolve(get.result !== undefined);
                request.result.close();
              };
              get.onerror = () => reject(get.error);
            };
          }),
        id,
      );
    expect(await mirrored()).toBe(false);

    // Fast-forward: the same alarm, due now. Chromium fires it to the worker's onAlarm listener.
    await worker.evaluate(() => {
      const scope = globalThis as unknown as { hallwayAlarms?: string[] };
      scope.hallwayAlarms = [];
      chrome.alarms.onAlarm.addListener((fired) => scope.hallwayAlarms?.push(fired.name));
      return chrome.alarms.create('hallway.sync', { when: Date.now(), periodInMinutes: 1 });
    });
    await waitFor(mirrored, (found) => found, 30_000);
    expect(
      await worker.evaluate(() => (globalThis as unknown as { hallwayAlarms?: string[] }).hallwayAlarms),
    ).toContain('hallway.sync');
  });

  it('logs a decision on a selection inside an embedded frame with the frame as source and item', async () => {
    // A Jira issue embedding a Notion page (a cross-origin frame): the selection is the frame's.
    const itemBefore = await itemRow(DEMO.items.notionSpec);
    expect(itemBefore?.title).toBe('SEPA Direct Debit: design');
    const page = await session.openPage(JIRA.url, [
      htmlForHost(
        JIRA.host,
        JIRA.html().replace('</body>', `<iframe src="${NOTION.url}" width="800" height="400"></iframe></body>`),
      ),
      htmlForHost(NOTION.host, NOTION.html()),
    ]);
    const embedded = await waitFor(
      async () => page.frames().find((frame) => frame.url() === NOTION.url) ?? null,
      (frame) => frame !== null,
    );
    if (!embedded) throw new Error('no embedded frame');
    await embedded.waitForSelector('h1');
    const quote = await select(embedded, 'h1');
    expect(quote).toBe('SEPA Direct Debit: design');
    const tabId = await tabIdOf(worker, 'https://acme.atlassian.net/*');
    const frameId = await worker.evaluate(
      async (id, url) => {
        const results = await chrome.scripting.executeScript({
          target: { tabId: id, allFrames: true },
          func: () => location.href,
        });
        return results.find((result) => result.result === url)?.frameId;
      },
      tabId,
      NOTION.url,
    );
    expect(frameId).toBeGreaterThan(0);

    await clickLogDecision(tabId, { frameId: frameId ?? -1, pageUrl: JIRA.url, frameUrl: NOTION.url, text: quote });
    const title = 'Keep the SEPA design next to the Jira epic';
    const capture = await logFromCaptureWindow(title);
    expect(await capture.$eval('blockquote', (element) => element.textContent)).toBe(quote);
    expect(await capture.$eval('[data-item-key]', (card) => card.getAttribute('data-item-key'))).toBe(
      DEMO.items.notionSpec,
    );
    await capture.waitForFunction(() => document.body.textContent?.includes('Synced'), { timeout: 30_000 });
    expect(await decisionsTitled(title)).toEqual([
      { quote, source_url: NOTION.url, item_keys: [DEMO.items.notionSpec] },
    ]);
    // The frame's item was known to the mirror: its title and facts stay, not the bare id the click could give.
    expect(await itemRow(DEMO.items.notionSpec)).toEqual(itemBefore);
    await capture.close();
    await page.close();
  });

  it('queues "Log decision" while offline and sends it once when the browser is back online', async () => {
    const page = await open(JIRA);
    await launcherShown(page);
    const tabId = await tabIdOf(worker, 'https://acme.atlassian.net/*');

    // Offline: the server is unreachable and Chromium says so (navigator.onLine is false in the extension's
    // process, the service worker's included).
    await goOffline();
    await options.setOfflineMode(true);
    expect(await worker.evaluate(() => navigator.onLine)).toBe(false);

    const quote = await select(page, 'h1');
    await clickLogDecision(tabId, { frameId: 0, pageUrl: JIRA.url, text: quote });
    const title = 'Cap SEPA retries at three attempts';
    const capture = await logFromCaptureWindow(title);
    await capture.waitForFunction(() => document.body.textContent?.includes('Pending sync'));
    const syncStatus = () =>
      readTable<{ id: string; status: string }>(options, 'syncState').then((rows) => rows[0]?.status);
    await waitFor(syncStatus, (status) => status === 'offline', 30_000);
    expect(
      (await readTable<OutboxRowView>(options, 'outbox')).filter((row) => row.mutation.type === 'decision.create'),
    ).toHaveLength(1);

    // Offline for long: the back-off has grown to minutes (what the engine stores after many failed passes) and
    // Chromium has stopped the idle worker. Only coming back online may sync now.
    await options.evaluate(
      (at) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('hallway');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const tx = request.result.transaction('syncState', 'readwrite');
            const store = tx.objectStore('syncState');
            const get = store.get('main');
            get.onsuccess = () => store.put({ ...get.result, nextAttemptAt: at });
            tx.oncomplete = () => {
              request.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      Date.now() + 10 * 60_000,
    );
    await worker.close();
    await options.evaluate(() => chrome.runtime.sendMessage({ type: 'popup.currentTab', data: {} }));
    worker = await session.serviceWorker();
    expect(await worker.evaluate(() => navigator.onLine)).toBe(false);

    await comeBack();
    await options.setOfflineMode(false);
    await waitFor(
      () => decisionsTitled(title),
      (rows) => rows.length > 0,
      30_000,
    );
    await waitFor(
      () => countRows(options, 'outbox'),
      (count) => count === 0,
      30_000,
    );
    expect(await decisionsTitled(title)).toEqual([{ quote, source_url: JIRA.url, item_keys: [DEMO.items.pay1] }]);
    await capture.waitForFunction(() => document.body.textContent?.includes('Synced'), { timeout: 30_000 });
    await capture.close();
    await page.close();
  });
});
