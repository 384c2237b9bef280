import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page, type WebWorker } from 'puppeteer-core';

export const EXTENSION_DIR = join(import.meta.dirname, '..', '..', '.output', 'chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Serves fixture pages at real URLs: a route answers a request, anything unanswered outside loopback is aborted. */
export type Route = (url: URL) => { body: string; contentType?: string; status?: number } | undefined;

export interface ExtensionSession {
  browser: Browser;
  extensionId: string;
  /** The running service worker; re-resolve with `serviceWorker()` after it was stopped. */
  serviceWorker(): Promise<WebWorker>;
  /** Opens a page whose requests go through `routes`; loopback requests pass through to local servers. */
  openPage(url: string, routes: Route[]): Promise<Page>;
  close(): Promise<void>;
}

export function fixture(path: string): string {
  return readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8');
}

/** A route that answers every URL on `host` with the same HTML. */
export const htmlForHost =
  (host: string, body: string): Route =>
  (url) =>
    url.host === host ? { body, contentType: 'text/html' } : undefined;

/**
 * A team server's name that is not localhost, for Firefox's http:// test: the test tells Firefox it resolves to
 * 127.0.0.1 (`network.dns.localDomains`), so requests to it reach local servers like loopback ones.
 */
export const LOCAL_TEAM_HOST = 'hallway.internal';

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]', LOCAL_TEAM_HOST].includes(url.hostname);

/** Answers a page's requests from `routes`; extension, data: and loopback URLs pass, anything else is aborted. */
async function routeRequests(page: Page, routes: Route[]): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const target = new URL(request.url());
    if (
      target.protocol === 'chrome-extension:' ||
      target.protocol === 'moz-extension:' ||
      target.protocol === 'data:' ||
      isLoopback(target)
    ) {
      void request.continue();
      return;
    }
    for (const route of routes) {
      const answer = route(target);
      if (answer) {
        void request.respond({
          status: answer.status ?? 200,
          contentType: answer.contentType ?? 'text/html',
          body: answer.body,
        });
        return;
      }
    }
    void request.abort();
  });
}

/**
 * What an SPA router does, run in the page's own world: push the URL, then render the new view from `html` (after
 * `renderDelayMs`, when the app's DOM lags its URL).
 */
export async function navigateInApp(page: Page, url: string, html: string, renderDelayMs = 0): Promise<void> {
  await page.evaluate(
    (to, markup, delay) => {
      history.pushState({}, '', to);
      const render = () => {
        const next = new DOMParser().parseFromString(markup, 'text/html');
        document.body.replaceWith(document.adoptNode(next.body));
        document.title = next.title;
      };
      if (delay > 0) setTimeout(render, delay);
      else render();
    },
    url,
    html,
    renderDelayMs,
  );
}

/** Chromium's id of an unpacked extension: the SHA-256 of its absolute path, first 32 hex digits spelled a to p. */
export function unpackedExtensionId(path: string): string {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

export interface LaunchOptions {
  /**
   * Optional host permissions the user granted Hallway in an earlier session (and that were removed since), as the
   * profile's preferences record them. Chromium then grants a `permissions.request` for them without its prompt,
   * which a headless browser can neither show nor answer; the request itself still runs for real.
   */
  previouslyGrantedOrigins?: string[];
  /**
   * Host permissions the user withheld (Chromium's "Site access"), as the profile records them: granted once, now
   * withheld. Chromium does not let an extension drop its own required permissions, so a test withdraws them here.
   */
  withheldOrigins?: string[];
  /** Another build than the production one (the development build `npm start` makes). */
  extensionDir?: string;
  /** Unpacked extensions loaded beside Hallway (the benchmarks' floor extension); none may have a service worker. */
  extraExtensions?: string[];
  /**
   * The browser's UI language (Chromium's `--lang`, with `LANGUAGE` for Linux builds that read the environment):
   * the extension's strings and `Intl` follow it. Unset, Chromium runs in English.
   */
  lang?: string;
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No build in ${extensionDir}: run \`wxt build\` first (npm run test:e2e does).`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'hallway-e2e-'));
  const expectedId = unpackedExtensionId(extensionDir);
  if (options.previouslyGrantedOrigins?.length || options.withheldOrigins?.length) {
    const withheld = options.withheldOrigins ?? [];
    const granted = { explicit_host: [...(options.previouslyGrantedOrigins ?? []), ...withheld] };
    const runtime = withheld.length
      ? { explicit_host: (options.previouslyGrantedOrigins ?? []).filter((pattern) => !withheld.includes(pattern)) }
      : granted;
    const settings = {
      [expectedId]: {
        granted_permissions: granted,
        runtime_granted_permissions: runtime,
        ...(withheld.length ? { withholding_permissions: true } : {}),
      },
    };
    mkdirSync(join(profile, 'Default'), { recursive: true });
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ extensions: { settings } }));
  }
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions: [extensionDir, ...(options.extraExtensions ?? [])],
    userDataDir: profile,
    ...(options.lang ? { env: { ...process.env, LANGUAGE: options.lang, LANG: `${options.lang}.UTF-8` } } : {}),
    args: [
      ...(options.lang ? [`--lang=${options.lang}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const workerTarget = await browser.waitForTarget((target) => target.type() === 'service_worker', { timeout: 30_000 });
  const extensionId = new URL(workerTarget.url()).host;
  if (options.previouslyGrantedOrigins?.length && extensionId !== expectedId) {
    await browser.close();
    throw new Error(`The extension loaded as ${extensionId}, not ${expectedId}: its seeded permissions missed it.`);
  }

  async function serviceWorker(): Promise<WebWorker> {
    const target = await browser.waitForTarget(
      (candidate) =>
        candidate.type() === 'service_worker' && candidate.url().startsWith(`chrome-extension://${extensionId}/`),
      { timeout: 30_000 },
    );
    const worker = await target.worker();
    if (!worker) throw new Error('The service worker target has no worker');
    return worker;
  }

  async function openPage(url: string, routes: Route[]): Promise<Page> {
    const page = await browser.newPage();
    await routeRequests(page, routes);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return page;
  }

  return {
    browser,
    extensionId,
    serviceWorker,
    openPage,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const FIREFOX_EXTENSION_DIR = join(import.meta.dirname, '..', '..', '.output', 'firefox-mv3');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FirefoxSession {
  browser: Browser;
  /** The add-on id Firefox installed it under (the manifest's `browser_specific_settings.gecko.id`). */
  extensionId: string;
  /** Opens a page whose requests go through `routes`, as `ExtensionSession.openPage` does. */
  openPage(url: string, routes: Route[]): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Headless Firefox driven over WebDriver BiDi, with the Firefox MV3 build installed as a temporary add-on
 * (`webExtension.install`). BiDi has no DevTools domains, so `inSidebarHost` and service-worker targets are
 * Chromium-only; Puppeteer keeps the profile in a temporary directory it removes on close.
 */
export async function launchFirefoxWithExtension(
  options: {
    prefs?: Record<string, string | number | boolean>;
    /** An enterprise policy (the `policies` of a policies.json) for this Firefox alone: see `firefoxWithPolicies`. */
    policies?: Record<string, unknown>;
  } = {},
): Promise<FirefoxSession> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `No build in ${FIREFOX_EXTENSION_DIR}: run \`wxt build -b firefox --mv3\` first (npm run test:e2e does).`,
    );
  }
  const installation = options.policies ? firefoxWithPolicies(options.policies) : null;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: installation?.executable ?? FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      // Firefox treats an MV3 add-on's `host_permissions` as the user's to grant and withdraw (about:addons). It
      // grants them at install, temporary installs included, only while this pref is on: Firefox desktop's default,
      // though Gecko's own is off. Set here so the test does not rest on a default: without these permissions the
      // content script never runs on the fixture.
      'extensions.originControls.grantByDefault': true,
      ...options.prefs,
    },
  });
  try {
    const extensionId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    return {
      browser,
      extensionId,
      async openPage(url: string, routes: Route[]): Promise<Page> {
        const page = await browser.newPage();
        await routeRequests(page, routes);
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        return page;
      },
      async close() {
        await browser.close();
        installation?.remove();
      },
    };
  } catch (error) {
    await browser.close();
    installation?.remove();
    throw error;
  }
}

/**
 * A Firefox of this test's own that reads `policies` as an admin's policies.json, the way Firefox reads one from
 * `distribution/policies.json` beside its binary. Writing that file into the machine's Firefox (or the system-wide
 * /etc/firefox/policies/policies.json) would hand the policy to every Firefox on the machine, other tests' included,
 * and the add-on's id is the same in all of them. So: a directory holding a copy of the Firefox binary (Firefox
 * finds its installation, and with it `distribution/`, from the binary's real path) beside links to the rest of the
 * installation, and a `distribution/policies.json` of its own.
 */
function firefoxWithPolicies(policies: Record<string, unknown>): { executable: string; remove(): void } {
  const binary = realpathSync(FIREFOX);
  const installation = dirname(binary);
  const directory = mkdtempSync(join(tmpdir(), 'hallway-firefox-'));
  for (const entry of readdirSync(installation)) {
    if (entry === 'distribution') continue;
    if (join(installation, entry) === binary) copyFileSync(binary, join(directory, entry));
    else symlinkSync(join(installation, entry), join(directory, entry));
  }
  mkdirSync(join(directory, 'distribution'));
  writeFileSync(join(directory, 'distribution', 'policies.json'), JSON.stringify({ policies }));
  return {
    executable: join(directory, basename(binary)),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** Polls `read` until it returns a value `accept`s: the extension works asynchronously, tests wait for outcomes. */
export async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

/** One change of a tab's stored item, as the service worker saw it (`at`: epoch ms with sub-ms precision). */
export interface TabItemChange {
  storageKey: string;
  item: { key: string; id: string; tool: string } | null;
  title: string;
  context: Record<string, unknown>;
  at: number;
}

/**
 * Starts recording, inside the service worker, every change of a `tab:<id>` entry in `storage.session`: the
 * background's record of what each tab shows. Read it back with `recordedTabItems`.
 */
export async function recordTabItems(worker: WebWorker): Promise<void> {
  await worker.evaluate(() => {
    const scope = globalThis as unknown as { hallwayTabItemChanges?: unknown[] };
    if (scope.hallwayTabItemChanges) return;
    const changes: unknown[] = [];
    scope.hallwayTabItemChanges = changes;
    chrome.storage.onChanged.addListener((changed, area) => {
      if (area !== 'session') return;
      const at = performance.timeOrigin + performance.now();
      for (const [storageKey, change] of Object.entries(changed)) {
        const value = change.newValue as { item: unknown; title: string; context: unknown } | undefined;
        if (storageKey.startsWith('tab:') && value)
          changes.push({ storageKey, item: value.item, title: value.title, context: value.context, at });
      }
    });
  });
}

/** The changes recorded for one tab, oldest first. */
export async function recordedTabItems(worker: WebWorker, tabId: number): Promise<TabItemChange[]> {
  const all = await worker.evaluate(
    () => (globalThis as unknown as { hallwayTabItemChanges?: unknown[] }).hallwayTabItemChanges ?? [],
  );
  return (all as TabItemChange[]).filter((change) => change.storageKey === `tab:${tabId}`);
}

/** The id of the (single) tab whose URL matches the pattern, as the extension sees it. */
export async function tabIdOf(worker: WebWorker, urlPattern: string): Promise<number> {
  const id = await worker.evaluate(async (pattern) => (await chrome.tabs.query({ url: pattern }))[0]?.id, urlPattern);
  if (id === undefined) throw new Error(`No tab matches ${urlPattern}`);
  return id;
}
