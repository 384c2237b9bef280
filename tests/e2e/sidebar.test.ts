import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, fixture, htmlForHost, navigateInApp, tabIdOf, waitFor } from '../support/harness.ts';
import {
  actionsEnabled,
  actionsPaused,
  clickLauncher,
  type DemoServer,
  inSidebarHost,
  openConnectedDemo,
  readLauncher,
  readPanel,
  sidebarFrame,
  syncNow,
} from '../support/sidebar-harness.ts';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

let session: ExtensionSession;
let server: DemoServer;
/** An extension page, to change settings and ask for syncs as the options page would. */
let extension: Page;
beforeAll(async () => {
  ({ server, session, extension } = await openConnectedDemo());
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

const tools = {
  jira: {
    url: 'https://acme.atlassian.net/browse/PAY-1',
    host: 'acme.atlassian.net',
    html: 'sidebar/2026-11-01-jira-pay-1.html',
    launcher: 'Owned by Payments, goal SEPA Direct Debit generally available, 2 decisions.',
    sidebar: ['Switch SEPA Direct Debit to Stripe', 'Use Adyen for SEPA Direct Debit', 'Launch payments in the EU'],
  },
  notion: {
    url: 'https://www.notion.so/acme/SEPA-design-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
    host: 'www.notion.so',
    html: 'sidebar/2026-11-01-notion-sepa-design.html',
    launcher: 'Owned by Platform, goal Launch payments in the EU, 1 decision.',
    sidebar: ['Standardise on PostgreSQL 15', 'Grow revenue 20% in 2026'],
  },
  asana: {
    url: 'https://app.asana.com/0/1209876543210001/1209876543210042',
    host: 'app.asana.com',
    html: 'sidebar/2026-11-01-asana-eu-launch.html',
    launcher: 'Owned by Growth, goal Grow revenue 20% in 2026, 0 decisions.',
    sidebar: ['Sofia Rossi', 'Nothing decided about this yet.'],
  },
  gmail: {
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
    host: 'mail.google.com',
    html: 'sidebar/2026-11-01-gmail-sepa-pricing.html',
    launcher: 'Owned by Payments, no goal, 2 decisions.',
    sidebar: ['Switch SEPA Direct Debit to Stripe', 'SEPA checkout: collect the mandate'],
  },
} as const;

async function open(url: string, host: string, html: string): Promise<Page> {
  const page = await session.openPage(url, [htmlForHost(host, html)]);
  await page.setViewport({ width: 1280, height: 800 });
  return page;
}

const launcherShows = (page: Page, text: string) =>
  waitFor(
    () => readLauncher(page),
    (state) => state.text.includes(text),
  );

const frameText = (frame: Frame) => frame.evaluate(() => document.body.textContent ?? '');

async function setTheme(theme: 'light' | 'dark' | 'system') {
  await extension.evaluate(async (next) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), theme: next } });
  }, theme);
}

/** Opens the sidebar with the launcher, unless it is open already (open is remembered per tool). */
async function openSidebar(page: Page) {
  if ((await readPanel(page)).hidden) await clickLauncher(page);
}

describe('the sidebar on each tool', () => {
  for (const [tool, spec] of Object.entries(tools)) {
    it(`${tool}: the launcher and the sidebar show the seeded team, goal and decisions (light and dark)`, async () => {
      const page = await open(spec.url, spec.host, fixture(spec.html));
      expect((await launcherShows(page, spec.launcher)).text).toContain(spec.launcher);

      await clickLauncher(page);
      const frame = await sidebarFrame(page, spec.sidebar[0]);
      for (const text of spec.sidebar) expect(await frameText(frame)).toContain(text);
      expect((await readLauncher(page)).hidden).toBe(true);

      await actionsEnabled(frame);
      mkdirSync(SCREENSHOTS, { recursive: true });
      for (const theme of ['light', 'dark'] as const) {
        await setTheme(theme);
        await frame.waitForFunction(
          (dark) => document.documentElement.classList.contains('dark') === dark,
          {},
          theme === 'dark',
        );
        await page.screenshot({ path: join(SCREENSHOTS, `sidebar-${tool}-${theme}.png`) });
      }
      await setTheme('system');
      // Closing is remembered per tool: the next test of this tool starts closed.
      await frame.click('button[aria-label="Close the Hallway sidebar"]');
      await waitFor(
        () => readPanel(page),
        (panel) => panel.hidden,
      );
      await page.close();
    });
  }
});

describe('long page titles', () => {
  // Any sender controls a Gmail subject; a report with a title past the background's bound used to be refused
  // whole, and the page got no launcher at all.
  it('a Gmail subject of 5,000 characters still gets its launcher and its decisions', async () => {
    const subject = `Re: SEPA provider pricing ${'and more '.repeat(560)}`;
    const html = fixture(tools.gmail.html).replaceAll('Re: SEPA provider pricing', subject);
    const page = await open(tools.gmail.url, tools.gmail.host, html);
    expect((await launcherShows(page, tools.gmail.launcher)).text).toContain(tools.gmail.launcher);
    await page.close();
  });
});

describe('navigation and privacy', () => {
  it('follows in-app navigation without a single request to the server', async () => {
    const page = await open(tools.jira.url, tools.jira.host, fixture(tools.jira.html));
    await launcherShows(page, '2 decisions');
    await openSidebar(page);
    const frame = await sidebarFrame(page, 'Switch SEPA Direct Debit to Stripe');

    const before = server.requests.length;
    await navigateInApp(page, 'https://acme.atlassian.net/browse/PAY-2', fixture('sidebar/2026-11-01-jira-pay-2.html'));
    // Payments and the goal through the PAY rule: the URL names the project key.
    expect((await launcherShows(page, ', 1 decision.')).text).toContain('Owned by Payments,');
    await frame.waitForFunction(() => document.querySelector('h1')?.textContent === 'Retry failed SEPA debits');
    expect(await frameText(frame)).toContain('Decisions (1)');
    const during = server.requests.slice(before);
    // The periodic sync may pull (and ask who the user is) and the live stream may (re)connect meanwhile, carrying
    // no page fact; nothing the page shows may travel or be written.
    const carriesNothingOfThePage = (request: { line: string; body: string }) =>
      request.body === '' &&
      (/^GET \/v1\/(sync|me)\b/.test(request.line) || /^(GET|OPTIONS) \/v1\/events$/.test(request.line));
    expect(during.filter((request) => !carriesNothingOfThePage(request))).toEqual([]);
    expect(during.map((request) => request.line).join('\n')).not.toMatch(/PAY-2|Retry failed SEPA/);

    await navigateInApp(
      page,
      'https://acme.atlassian.net/jira/software/projects/PAY/boards/1',
      '<!doctype html><title>Board</title><body>Board</body>',
    );
    await waitFor(
      () => readLauncher(page),
      (state) => state.hidden,
    );
    expect((await readPanel(page)).hidden).toBe(true);
    await page.close();
  });
});

describe('actions', () => {
  it('sets an owner and logs a decision offline, shows them pending, and syncs them once the server is back', async () => {
    const page = await open(tools.notion.url, tools.notion.host, fixture(tools.notion.html));
    // Owned by the Engineering Handbook rule; the explicit link set below takes over from it.
    await launcherShows(page, 'Platform');
    await openSidebar(page);
    const frame = await sidebarFrame(page, 'Standardise on PostgreSQL 15');
    await actionsEnabled(frame);
    await server.stop();

    await frame.click('button[aria-expanded="false"]');
    await frame.type('input[role="combobox"]', 'Platfrm');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => (document.body.textContent ?? '').includes('Pending sync'));
    await waitFor(
      () => readLauncher(page),
      (state) => state.label?.includes('Owned by Platform') === true && state.label.includes('pending'),
    );

    const logButton = await frame.waitForSelector('xpath/.//button[normalize-space()="Log decision"]');
    await logButton?.click();
    await frame.type('form input', 'Keep the SEPA design in Notion');
    await frame.type('form textarea', 'Specs live next to the roadmap.');
    await frame.click('form button[type="submit"]');
    await frame.waitForFunction(() => (document.body.textContent ?? '').includes('Keep the SEPA design in Notion'));
    expect(await frameText(frame)).toContain('Decisions (2)');

    await server.start();
    await syncNow(extension);
    const key = 'notion:4f8e2a1c9b7d4e6fa1b2c3d4e5f60718';
    const synced = await waitFor(
      async () => {
        const links = await server.db.query<{ kind: string }>('SELECT kind FROM links WHERE item_key = $1', [key]);
        const decisions = await server.db.query<{ title: string }>(
          'SELECT title FROM decisions WHERE $1 = ANY(item_keys)',
          [key],
        );
        return { links: links.map((row) => row.kind), decisions: decisions.map((row) => row.title) };
      },
      (found) => found.links.includes('owner') && found.decisions.includes('Keep the SEPA design in Notion'),
      30_000,
    );
    expect(synced.decisions).toContain('Standardise on PostgreSQL 15');
    await frame.waitForFunction(() => !(document.body.textContent ?? '').includes('Pending sync'), { timeout: 30_000 });
    await page.close();
  });

  it('supersedes the current decision: the old one is marked and points at its replacement', async () => {
    const page = await open(tools.jira.url, tools.jira.host, fixture(tools.jira.html));
    await launcherShows(page, 'decisions');
    await openSidebar(page);
    const frame = await sidebarFrame(page, 'Switch SEPA Direct Debit to Stripe');
    await actionsEnabled(frame);
    const supersede = await frame.waitForSelector('xpath/.//button[normalize-space()="Supersede"]');
    await supersede?.click();
    await frame.type('form input', 'Run SEPA on both Stripe and Adyen');
    await frame.click('form button[type="submit"]');
    await frame.waitForFunction(() =>
      [...document.querySelectorAll('li')].some(
        (entry) =>
          entry.textContent?.includes('Switch SEPA Direct Debit to Stripe') &&
          entry.textContent.includes('Superseded by Run SEPA on both Stripe and Adyen'),
      ),
    );
    const current = await frame.$eval('li[aria-current="true"] h3', (heading) => heading.textContent);
    expect(current).toBe('Run SEPA on both Stripe and Adyen');
    await page.close();
  });

  it('links a related item found by typos through the one search engine, or pasted as a link never cached', async () => {
    const page = await open(tools.jira.url, tools.jira.host, fixture(tools.jira.html));
    await launcherShows(page, 'decisions');
    await openSidebar(page);
    const frame = await sidebarFrame(page, 'Switch SEPA Direct Debit to Stripe');
    await actionsEnabled(frame);
    const relatedKeys = async () =>
      (
        await server.db.query<{ related: string }>(
          "SELECT related_item_key AS related FROM links WHERE kind = 'related' AND item_key = $1",
          ['jira:acme.atlassian.net/PAY-1'],
        )
      ).map((row) => row.related);
    const pick = async (query: string, option: string) => {
      const open = await frame.waitForSelector('xpath/.//button[normalize-space()="Link item"]');
      await open?.click();
      await frame.type('input[role="combobox"]', query);
      const choice = await frame.waitForSelector(`xpath/.//*[@role="option"][contains(., "${option}")]`);
      await choice?.click();
    };
    await pick('retyr faild debits', 'Retry failed SEPA debits');
    // The list grows by the new row and moves the buttons: the second pick starts once the first is shown.
    await frame.waitForFunction(() =>
      [...document.querySelectorAll('section li')].some((row) => row.textContent?.includes('Retry failed SEPA debits')),
    );
    await pick('https://acme.atlassian.net/browse/OPS-404', 'Jira OPS-404');
    await frame.waitForFunction(() => document.body.textContent?.includes('Jira OPS-404'));
    await syncNow(extension);
    const keys = await waitFor(relatedKeys, (found) => found.length >= 2);
    expect(keys.sort()).toEqual(['jira:acme.atlassian.net/OPS-404', 'jira:acme.atlassian.net/PAY-2']);
    await page.close();
  });
});

describe('security', () => {
  it('renders a hostile page title as inert text', async () => {
    const page = await open(
      'https://acme.atlassian.net/browse/PAY-9',
      'acme.atlassian.net',
      fixture('sidebar/2026-11-01-jira-hostile.html'),
    );
    await launcherShows(page, '0 decisions');
    await openSidebar(page);
    const frame = await sidebarFrame(page, 'onerror');
    const heading = await frame.$eval('h1', (h1) => ({
      text: h1.textContent ?? '',
      elements: h1.querySelectorAll('*').length,
      height: h1.getBoundingClientRect().height,
    }));
    expect(heading.text).toContain('<img src=x onerror="window.hallwayPwned=1">');
    expect(heading.elements).toBe(0);
    // Two lines at most, whatever the title.
    expect(heading.height).toBeLessThanOrEqual(41);
    expect(await frame.evaluate(() => (window as { hallwayPwned?: number }).hallwayPwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as { hallwayPwned?: number }).hallwayPwned)).toBeUndefined();
    expect(await frame.$$('img, svg[onload]')).toHaveLength(0);
    await page.close();
  });

  it('pauses actions while the page covers or fades the sidebar, and ignores synthetic clicks', async () => {
    const page = await open(tools.jira.url, tools.jira.host, fixture(tools.jira.html));
    await launcherShows(page, 'decisions');
    await openSidebar(page);
    const frame = await sidebarFrame(page, 'Switch SEPA Direct Debit to Stripe');
    await actionsEnabled(frame);

    // A script's click (isTrusted false) opens nothing.
    await frame.evaluate(() =>
      [...document.querySelectorAll('button')].find((button) => button.textContent === 'Log decision')?.click(),
    );
    expect(await frame.$('form')).toBeNull();

    const paused = () => actionsPaused(frame);
    await page.evaluate(() => {
      const overlay = document.createElement('div');
      overlay.id = 'decoy';
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:white';
      document.documentElement.append(overlay);
    });
    await paused();
    expect(await frameText(frame)).toContain('Actions are paused');
    await page.evaluate(() => document.getElementById('decoy')?.remove());
    await actionsEnabled(frame);

    await page.evaluate(() => {
      document.documentElement.style.opacity = '0.3';
    });
    await paused();
    await page.evaluate(() => {
      document.documentElement.style.opacity = '';
    });
    await actionsEnabled(frame);

    // Tampering with the host element is undone.
    await page.evaluate(() => document.querySelector('hallway-sidebar')?.setAttribute('style', 'display:none'));
    await waitFor(
      () => page.evaluate(() => document.querySelector('hallway-sidebar')?.hasAttribute('style')),
      (styled) => styled === false,
    );
    await page.close();
  });

  it('serves the sidebar from a closed shadow root the page cannot reach', async () => {
    const page = await open(tools.asana.url, tools.asana.host, fixture(tools.asana.html));
    await launcherShows(page, 'Growth');
    const reach = await page.evaluate(() => ({
      shadowRoot: document.querySelector('hallway-sidebar')?.shadowRoot ?? null,
      frames: document.querySelectorAll('iframe').length,
    }));
    expect(reach).toEqual({ shadowRoot: null, frames: 0 });
    await page.close();
  });
});

describe('living inside the page', () => {
  it('toggles from the command unless the user is typing, remembers open per site, pushes and resizes', async () => {
    const worker = await session.serviceWorker();
    const page = await open(tools.asana.url, tools.asana.host, fixture(tools.asana.html));
    await launcherShows(page, 'Growth');
    const tabId = await tabIdOf(worker, 'https://app.asana.com/*');
    const toggle = () => worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'sidebar.toggle' }), tabId);

    await page.focus('textarea');
    await toggle();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect((await readPanel(page)).hidden).toBe(true);

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await toggle();
    await waitFor(
      () => readPanel(page),
      (panel) => !panel.hidden,
    );
    const frame = await sidebarFrame(page, 'Sofia Rossi');

    // Push mode: the page makes room as wide as the sidebar (the switch is an action: it acts once the sidebar is seen).
    await actionsEnabled(frame);
    const beside = await frame.waitForSelector('header label:has(input[value="push"])');
    expect(await beside?.evaluate((label) => label.textContent)).toBe('Beside');
    expect(await frame.$eval('input[value="overlay"]', (input) => (input as HTMLInputElement).checked)).toBe(true);
    await beside?.click();
    await frame.waitForFunction(() => document.querySelector<HTMLInputElement>('input[value="push"]')?.checked);
    const pushed = await waitFor(
      () => page.evaluate(() => getComputedStyle(document.documentElement).marginRight),
      (margin) => margin !== '0px',
    );
    expect(pushed).toBe(`${(await readPanel(page)).width}px`);

    // Resize by keyboard on the separator: never below 280 px.
    await inSidebarHost(page, '.handle', 'function () { this.focus(); }');
    await page.keyboard.press('Home');
    await waitFor(
      () => readPanel(page),
      (panel) => panel.width === 280,
    );
    await page.keyboard.press('ArrowLeft');
    await waitFor(
      () => readPanel(page),
      (panel) => panel.width === 296,
    );

    // Open, push and width are remembered for Asana: a reload comes back the same.
    await page.reload();
    await waitFor(
      () => readPanel(page),
      (panel) => !panel.hidden && panel.width === 296,
    );
    await page.close();
  });

  it('stays away where the user turned it off for the tool', async () => {
    await extension.evaluate(async () => {
      const { settings } = await chrome.storage.local.get('settings');
      const current = settings as { enabledSites: Record<string, boolean> };
      await chrome.storage.local.set({
        settings: { ...current, enabledSites: { ...current.enabledSites, gmail: false } },
      });
    });
    const page = await open(tools.gmail.url, tools.gmail.host, fixture(tools.gmail.html));
    const tabId = await tabIdOf(await session.serviceWorker(), 'https://mail.google.com/*');
    await waitFor(
      () =>
        session
          .serviceWorker()
          .then((worker) =>
            worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key], `tab:${tabId}`),
          ),
      (stored) => stored !== undefined,
    );
    expect((await readLauncher(page)).hidden).toBe(true);
    await page.close();
  });
});
