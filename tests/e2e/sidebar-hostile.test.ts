/**
 * The sidebar against hostile host pages (issue 12 points 13-16): actions act only while
 * the sidebar is seen, and the page cannot read workspace data off what Hallway draws in it. Each page here is a
 * real fixture with the attack laid over it from the page's own world, as a hostile script would.
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, fixture, htmlForHost, waitFor } from '../support/harness.ts';
import {
  actionsEnabled,
  actionsPaused,
  clickLauncher,
  type DemoServer,
  inSidebarHost,
  openConnectedDemo,
  outboxMutations,
  readLauncher,
  readPanel,
  sidebarFrame,
} from '../support/sidebar-harness.ts';

let session: ExtensionSession;
let server: DemoServer;
let extension: Page;
beforeAll(async () => {
  ({ server, session, extension } = await openConnectedDemo());
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

const jira = {
  url: 'https://acme.atlassian.net/browse/PAY-1',
  host: 'acme.atlassian.net',
  html: 'sidebar/2026-11-01-jira-pay-1.html',
};
const asana = {
  url: 'https://app.asana.com/0/1209876543210001/1209876543210042',
  host: 'app.asana.com',
  html: 'sidebar/2026-11-01-asana-eu-launch.html',
};
const gmail = {
  url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
  host: 'mail.google.com',
  html: 'sidebar/2026-11-01-gmail-sepa-pricing.html',
  key: 'gmail:FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
};

async function openTool(spec: { url: string; host: string; html: string }): Promise<Page> {
  const page = await session.openPage(spec.url, [htmlForHost(spec.host, fixture(spec.html))]);
  await page.setViewport({ width: 1280, height: 800 });
  return page;
}

async function openSidebar(page: Page, text: string): Promise<Frame> {
  await waitFor(
    () => readLauncher(page),
    (state) => !state.hidden || state.expanded === 'true',
  );
  if ((await readPanel(page)).hidden) await clickLauncher(page);
  const frame = await sidebarFrame(page, text);
  await actionsEnabled(frame);
  return frame;
}

/** The centre of an element of the sidebar page, in the host page's coordinates (where the user's mouse is). */
async function pagePoint(page: Page, frame: Frame, xpath: string): Promise<{ x: number; y: number }> {
  const offset = await inSidebarHost<{ x: number; y: number }>(
    page,
    'iframe',
    'function () { const r = this.getBoundingClientRect(); return { x: r.left, y: r.top }; }',
  );
  const inner = await frame.evaluate((path) => {
    const found = document.evaluate(path, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
    if (!(found instanceof Element)) return null;
    const r = found.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, xpath);
  if (!offset || !inner) throw new Error(`${xpath} not found in the sidebar`);
  return { x: offset.x + inner.x, y: offset.y + inner.y };
}

/** A press and release of the left button as the browser reports it: `clickCount` 2 is a double-click's second. */
async function pressAt(page: Page, { x, y }: { x: number; y: number }, clickCount: number): Promise<void> {
  const cdp = await page.createCDPSession();
  try {
    for (const type of ['mousePressed', 'mouseReleased'] as const) {
      const buttons = type === 'mousePressed' ? 1 : 0;
      await cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons, clickCount });
    }
  } finally {
    await cdp.detach();
  }
}

/** `window.find`, which lib.dom does not declare: non-standard, but in every engine, and a page may call it. */
type Findable = Window & { find(text: string, caseSensitive: boolean, backwards: boolean, wrap: boolean): boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LOG_DECISION = './/button[normalize-space()="Log decision"]';
const formOpen = async (frame: Frame) => (await frame.$('form')) !== null;

describe('hostile pages', () => {
  it('13: a picker option does not act while a see-through overlay covers the sidebar', async () => {
    const page = await openTool(gmail);
    const frame = await openSidebar(page, 'SEPA checkout');
    const before = (await readLauncher(page)).label;
    expect(before).not.toContain('Owned by Growth');
    // The owner section's "Change" (or "Set owner"), then a team that is not the owner.
    const change = await frame.waitForSelector('xpath/(.//section//button[@aria-expanded="false"])[1]');
    await change?.click();
    await frame.type('input[role="combobox"]', 'Growth');
    await frame.waitForSelector('xpath/(.//*[@role="option"])[1][contains(., "Growth")]');

    // Opaque to the eye, transparent to the mouse: the click goes through to the sidebar underneath.
    await page.evaluate(() => {
      const overlay = document.createElement('div');
      overlay.id = 'decoy';
      overlay.textContent = 'Click the first line to continue';
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:white;pointer-events:none';
      document.documentElement.append(overlay);
    });
    await actionsPaused(frame);
    // Aimed where the option is now, below the pause notice.
    const option = await pagePoint(page, frame, '(.//*[@role="option"])[1]');
    await page.mouse.click(option.x, option.y);
    await sleep(1000);
    expect((await readLauncher(page)).label).toBe(before);
    expect((await outboxMutations(extension)).filter((row) => row.itemKey === gmail.key)).toEqual([]);

    // The same click, once the page uncovers the sidebar, does change the owner: the test clicks where it matters.
    await page.evaluate(() => document.getElementById('decoy')?.remove());
    await actionsEnabled(frame);
    const uncovered = await pagePoint(page, frame, '(.//*[@role="option"])[1]');
    await page.mouse.click(uncovered.x, uncovered.y);
    await waitFor(
      () => readLauncher(page),
      (state) => state.label?.includes('Owned by Growth') === true,
    );
    await page.close();
  });

  for (const clickCount of [2, 1]) {
    it(`14: a decoy removed on mousedown cannot pass on the next click (${clickCount === 2 ? 'a double-click' : 'two clicks'})`, async () => {
      const page = await openTool(jira);
      const frame = await openSidebar(page, 'Switch SEPA Direct Debit to Stripe');
      const target = await pagePoint(page, frame, LOG_DECISION);
      await page.evaluate(() => {
        const decoy = document.createElement('div');
        decoy.id = 'decoy';
        decoy.textContent = 'Double-click to claim your reward';
        decoy.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:#fde047';
        decoy.addEventListener('mousedown', () => decoy.remove());
        document.documentElement.append(decoy);
      });
      await actionsPaused(frame);

      await pressAt(page, target, 1);
      // The next click comes as soon as the guard sees the sidebar uncovered again (a double-click's second click
      // follows the first by 120 to 600 ms).
      await frame.waitForFunction(() => document.querySelector('fieldset')?.disabled === false, { timeout: 5000 });
      await pressAt(page, target, clickCount);
      await sleep(800);
      expect(await formOpen(frame)).toBe(false);

      // A deliberate click once the sidebar has been in plain view a moment acts as usual.
      await actionsEnabled(frame);
      await page.mouse.click(target.x, target.y);
      await frame.waitForSelector('form');
      await page.close();
    });
  }

  const shrinks = {
    'zoom on the root, undone on the body': 'html { zoom: .1 } body { zoom: 10 }',
    'a scaled root': 'html { transform: scale(.1); transform-origin: 100% 0 }',
  };
  for (const [name, css] of Object.entries(shrinks)) {
    it(`15: pauses actions while the page shrinks the sidebar (${name})`, async () => {
      const page = await openTool(jira);
      const frame = await openSidebar(page, 'Switch SEPA Direct Debit to Stripe');
      await page.evaluate((rules) => {
        const style = document.createElement('style');
        style.id = 'shrink';
        style.textContent = rules;
        document.head.append(style);
      }, css);
      await actionsPaused(frame);
      expect(await frame.evaluate(() => document.body.textContent ?? '')).toContain('Actions are paused');
      await page.evaluate(() => document.getElementById('shrink')?.remove());
      await actionsEnabled(frame);
      await page.close();
    });
  }

  it('16: the page cannot find or select the workspace data the launcher shows', async () => {
    const page = await openTool(asana);
    const launcher = await waitFor(
      () => readLauncher(page),
      (state) => state.label?.includes('0 decisions') === true,
    );
    expect(launcher.label).toContain('Owned by Growth');
    // window.find searches what is rendered, closed shadow roots included; selections and innerText as well.
    const reach = await page.evaluate(() => {
      const find = (text: string) => {
        getSelection()?.removeAllRanges();
        return (window as unknown as Findable).find(text, false, false, true);
      };
      const found = { team: find('Growth'), decisions: find('0 decisions') };
      const selection = getSelection();
      selection?.selectAllChildren(document.documentElement);
      const selected = selection?.toString() ?? '';
      selection?.removeAllRanges();
      return {
        ...found,
        selected: selected.includes('Growth') || selected.includes('0 decisions'),
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a page would read.
        innerText: document.documentElement.innerText.includes('Growth'),
      };
    });
    expect(reach).toEqual({ team: false, decisions: false, selected: false, innerText: false });
    // The page's own text stays findable: the search itself works.
    expect(
      await page.evaluate(() => (window as unknown as Findable).find('EU launch campaign', false, false, true)),
    ).toBe(true);
    await page.close();
  });
});
