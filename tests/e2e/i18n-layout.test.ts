/**
 * Translations do not break the layout: the production build with a pseudo-locale (every message about 40% longer
 * and accented) and with a right-to-left locale (Chromium running in Arabic, the messages laid out rtl), the
 * sidebar on a Jira issue and the hub's views measured for elements leaving their containers and text cut off, and
 * screenshotted into docs/screenshots/i18n-*.png.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, type ExtensionSession, fixture, htmlForHost, waitFor } from '../support/harness.ts';
import { goTo, hubUrl, SCREENSHOTS, viewReady } from '../support/hub-harness.ts';
import { OVERFLOWS_IN_PAGE, type PseudoLocale, pseudoBuild, pseudoText } from '../support/pseudo-locale.ts';
import {
  clickLauncher,
  type DemoServer,
  inSidebarHost,
  openConnectedDemo,
  readLauncher,
  sidebarFrame,
} from '../support/sidebar-harness.ts';

const JIRA = {
  url: 'https://acme.atlassian.net/browse/PAY-1',
  host: 'acme.atlassian.net',
  html: 'sidebar/2026-11-01-jira-pay-1.html',
  /** A decision of the demo workspace: data, so the same in every language. */
  decision: 'Switch SEPA Direct Debit to Stripe',
};
/** The hub's views, each with a route; their data is the demo workspace's. */
const VIEWS = [
  ['home', '#/'],
  ['teams', '#/teams'],
  ['goals', '#/goals'],
  ['decisions', '#/decisions'],
  ['rules', '#/rules'],
  ['settings', '#/settings'],
] as const;

const overflows = (target: Page | Frame) => target.evaluate(OVERFLOWS_IN_PAGE) as Promise<string[]>;

const opened: { session?: ExtensionSession; server?: DemoServer; build?: string }[] = [];
afterAll(async () => {
  for (const { session, server, build } of opened) {
    await session?.close();
    await server?.close();
    if (build) rmSync(dirname(build), { recursive: true, force: true });
  }
});

it('makes pseudo messages longer and accented, keeping what the browser and t() fill in', () => {
  const pseudo = pseudoText('$1 decision | $1 decisions {name}');
  expect(pseudo).toMatch(/^⟦\$1 ðéçíšíóñ ẋ+⟧ \| ⟦\$1 ðéçíšíóñš \{name\} [ẋ ]+⟧$/);
  expect(pseudoText('Owned by {name}').length).toBeGreaterThan('Owned by {name}'.length * 1.3);
});

for (const locale of ['pseudo', 'rtl'] as const satisfies readonly PseudoLocale[]) {
  describe(`the ${locale === 'rtl' ? 'right-to-left' : 'pseudo'} locale`, () => {
    const state: { session?: ExtensionSession } = {};

    it('loads the build in that language', async () => {
      const build = pseudoBuild(EXTENSION_DIR, locale);
      const { server, session, extension } = await openConnectedDemo({
        extensionDir: build,
        ...(locale === 'rtl' ? { lang: 'ar' } : {}),
      });
      opened.push({ server, session, build });
      state.session = session;
      const answer = await extension.evaluate(() => ({
        dir: chrome.i18n.getMessage('@@bidi_dir'),
        name: chrome.i18n.getMessage('hub_nav_home'),
      }));
      expect(answer.dir).toBe(locale === 'rtl' ? 'rtl' : 'ltr');
      expect(answer.name).toContain('⟦Óṽéŕṽíéŵ');
      await extension.close();
    });

    it('shows the launcher and the sidebar on a Jira issue with nothing overflowing', async () => {
      const session = state.session as ExtensionSession;
      const page = await session.openPage(JIRA.url, [htmlForHost(JIRA.host, fixture(JIRA.html))]);
      await page.setViewport({ width: 1280, height: 800 });
      const launcher = await waitFor(
        () => readLauncher(page),
        (found) => !found.hidden && found.text.includes('⟦'),
      );
      expect(launcher.text).toContain('Payments');
      // The launcher's lines are drawn on a canvas: it fits the launcher, and the host's direction is the language's.
      const host = await inSidebarHost<{ dir: string; fits: boolean }>(
        page,
        '.root',
        `function () {
          const launcher = this.querySelector('.launcher').getBoundingClientRect();
          const lines = this.querySelector('.lines').getBoundingClientRect();
          return { dir: this.dir, fits: lines.left >= launcher.left - 1 && lines.right <= launcher.right + 1 };
        }`,
      );
      expect(host).toEqual({ dir: locale === 'rtl' ? 'rtl' : 'ltr', fits: true });

      await clickLauncher(page);
      const frame = await sidebarFrame(page, JIRA.decision);
      await frame.waitForSelector('[data-ready="true"]');
      expect(await frame.evaluate(() => document.documentElement.dir)).toBe(locale === 'rtl' ? 'rtl' : 'ltr');
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `i18n-${locale}-sidebar.png`) });
      expect(await overflows(frame)).toEqual([]);
      await page.close();
    });

    it("shows the hub's views with nothing overflowing", async () => {
      const session = state.session as ExtensionSession;
      const page = await session.openPage(hubUrl(session, '#/'), []);
      await page.setViewport({ width: 1280, height: 800 });
      await viewReady(page, 'home');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(locale === 'rtl' ? 'rtl' : 'ltr');
      // The measure finds what it is for: a word too long for its box, and text cut off without an ellipsis.
      await page.evaluate(() => {
        const probe = document.createElement('div');
        probe.id = 'overflow-probe';
        probe.innerHTML =
          '<p style="width:80px">Überschreitungswahrscheinlichkeit</p>' +
          '<p style="width:80px;overflow:hidden;white-space:nowrap">Abgeschnittener Text</p>';
        document.querySelector('main')?.append(probe);
      });
      const probed = await overflows(page);
      await page.evaluate(() => document.getElementById('overflow-probe')?.remove());
      expect(probed).toEqual([
        expect.stringContaining('"Überschreitungswahrscheinlichkeit" overflows its box'),
        expect.stringContaining('"Abgeschnittener Text" cuts its text off'),
      ]);
      const found: Record<string, string[]> = {};
      for (const [view, hash] of VIEWS) {
        await goTo(page, hash, view);
        found[view] = await overflows(page);
        if (view === 'home' || view === 'decisions') {
          await page.mouse.move(0, 799);
          await page.screenshot({ path: join(SCREENSHOTS, `i18n-${locale}-hub-${view}.png`) });
        }
      }
      expect(found).toEqual(Object.fromEntries(VIEWS.map(([view]) => [view, []])));
      await page.close();
    });
  });
}
