/**
 * Keyboard only, in Chromium with the production build and the demo workspace: from a focused link in a Jira issue,
 * the toggle shortcut opens the sidebar, the owner is changed and a decision logged, Escape closes it, and focus is
 * back on the link. No pointer event is sent; at every step the focused element shows a visible focus indicator.
 *
 * The shortcut: a browser command's keys (Alt+Shift+H) are the browser's own accelerators, matched by the browser
 * window before the page sees the key. Puppeteer's keys are DevTools input events sent to the page's renderer, so they
 * never reach that table (tried here: the sidebar stays closed), and a headless browser has no window accelerators to
 * match. The test checks the manifest binds the keys, then delivers the `toggle-sidebar` command to the service
 * worker's `commands.onCommand` listeners with the active tab, as Chromium does when the keys are pressed; from there
 * on everything is production code.
 */
import type { Frame, Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, fixture, htmlForHost, tabIdOf, waitFor } from '../support/harness.ts';
import {
  actionsEnabled,
  type DemoServer,
  exposeSidebarHost,
  openConnectedDemo,
  readLauncher,
  readPanel,
  sidebarFrame,
} from '../support/sidebar-harness.ts';

type Dispatchable = { dispatch(...args: unknown[]): void };
const ISSUE = {
  url: 'https://acme.atlassian.net/browse/PAY-2',
  host: 'acme.atlassian.net',
  html: 'sidebar/2026-11-01-jira-pay-2.html',
};

let session: ExtensionSession;
let server: DemoServer;
let worker: WebWorker;
beforeAll(async () => {
  ({ server, session } = await openConnectedDemo());
  worker = await session.serviceWorker();
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/**
 * Where focus is and whether it shows, run in a document: the focused element (descending into open shadow roots),
 * whether it matches `:focus-visible`, and whether it or the label drawing its ring (a visually hidden radio's) has
 * an outline or a focus ring (a box shadow with no offset and no blur, only spread) in a visible colour.
 */
function focusInDocument() {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  if (!element || element === document.body) return { where: 'body', visible: false, frame: false };
  const transparent = (color: string) => /rgba\([^)]*,\s*0\)$|transparent/.test(color);
  const ring = (shadow: string) =>
    shadow !== 'none' &&
    shadow.split(/,(?![^(]*\))/).some((part) => {
      const lengths = [...part.matchAll(/(-?[\d.]+)px/g)].map((match) => Number(match[1]));
      const color = part.replace(/(-?[\d.]+)px/g, '').trim();
      const [x, y, blur, spread] = lengths;
      return x === 0 && y === 0 && blur === 0 && (spread ?? 0) >= 1 && !transparent(color);
    });
  const shows = (node: Element) => {
    const css = getComputedStyle(node);
    const outline = css.outlineStyle !== 'none' && Number.parseFloat(css.outlineWidth) > 0;
    return (outline && !transparent(css.outlineColor)) || ring(css.boxShadow);
  };
  const label = element.closest('label');
  const name =
    element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? element.getAttribute('name');
  return {
    where: `${element.tagName.toLowerCase()}: ${name}`,
    visible: element.matches(':focus-visible') && (shows(element) || (label !== null && shows(label))),
    frame: element.tagName === 'IFRAME',
  };
}

/** The focused element of the page, inside Hallway's shadow root and the sidebar frame if focus is there. */
async function focus(page: Page): Promise<{ where: string; visible: boolean }> {
  const top = await page.evaluate(focusInDocument);
  if (!top.frame) return top;
  const frame = await sidebarFrame(page);
  const inner = await frame.evaluate(focusInDocument);
  return { where: `sidebar ${inner.where}`, visible: inner.visible };
}

/** Presses `key` and checks focus landed somewhere visible; returns where. */
async function press(page: Page, key: Parameters<Page['keyboard']['press']>[0]): Promise<string> {
  await page.keyboard.press(key);
  const now = await focus(page);
  expect(now, `after ${key}`).toMatchObject({ visible: true });
  return now.where;
}

/** Tabs until focus is on the sidebar element `wanted` names (its text or label), each stop visibly focused. */
async function tabTo(page: Page, wanted: string, stops = 30): Promise<void> {
  for (let step = 0; step < stops; step += 1) {
    if ((await press(page, 'Tab')).startsWith(`sidebar ${wanted}`)) return;
  }
  throw new Error(`${wanted} not reached in ${stops} tab stops`);
}

const textOf = (frame: Frame) => frame.evaluate(() => document.body.textContent ?? '');

describe('the sidebar by keyboard alone', () => {
  it('opens from the shortcut, changes the owner, logs a decision, closes, and gives focus back', async () => {
    const commands = await worker.evaluate(() => chrome.commands.getAll());
    expect(commands.find((command) => command.name === 'toggle-sidebar')?.shortcut).toBe('Alt+Shift+H');

    const page = await session.openPage(ISSUE.url, [htmlForHost(ISSUE.host, fixture(ISSUE.html))]);
    await page.setViewport({ width: 1280, height: 800 });
    await waitFor(
      () => readLauncher(page),
      (launcher) => !launcher.hidden && launcher.text.includes('Owned by'),
    );
    await exposeSidebarHost(page);
    await page.bringToFront();

    // Into the page: the first Tab stop is the board link, and it shows its focus.
    const start = await press(page, 'Tab');
    expect(start).toMatch(/^a: /);

    // The keys themselves, as Puppeteer can press them: they reach the page, not the browser's accelerators.
    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.keyboard.press('KeyH');
    await page.keyboard.up('Shift');
    await page.keyboard.up('Alt');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await readPanel(page)).toMatchObject({ hidden: true });
    expect((await focus(page)).where).toBe(start);

    // The command as Chromium delivers it when those keys are pressed.
    const tabId = await tabIdOf(worker, 'https://acme.atlassian.net/*');
    await worker.evaluate(async (id) => {
      const tab = await chrome.tabs.get(id);
      (chrome.commands.onCommand as unknown as Dispatchable).dispatch('toggle-sidebar', tab);
    }, tabId);
    await waitFor(
      () => readPanel(page),
      (panel) => !panel.hidden,
    );
    const frame = await sidebarFrame(page, 'Retry failed SEPA debits');
    await actionsEnabled(frame);
    // Focus moved into the sidebar, onto its title.
    const opened = await waitFor(
      () => focus(page),
      (now) => now.where.startsWith('sidebar h1'),
    );
    expect(opened.visible).toBe(true);

    // Change the owner: the owner section's button opens the team picker, typing finds Growth, Enter picks it.
    await tabTo(page, 'button: Change');
    expect(await press(page, 'Enter')).toMatch(/^sidebar input: /);
    await page.keyboard.type('Growth');
    await frame.waitForSelector('[role="option"][aria-selected="true"] ::-p-text(Growth)');
    // Picking closes the picker; focus goes back to the button that opened it.
    expect(await press(page, 'Enter')).toBe('sidebar button: Change');
    await frame.waitForFunction(() => document.querySelector('section')?.textContent?.includes('Linked by') ?? false, {
      timeout: 15_000,
    });

    // Log a decision: the decisions section's button opens the form, Ctrl+Enter saves it.
    await tabTo(page, 'button: Log decision');
    expect(await press(page, 'Enter')).toMatch(/^sidebar input: /);
    await page.keyboard.type('Retry SEPA debits twice before failing');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await waitFor(
      () => textOf(frame),
      (text) => text.includes('Retry SEPA debits twice before failing') && !text.includes('What was decided'),
    );
    expect(await focus(page)).toEqual({ where: 'sidebar button: Log decision', visible: true });

    // Escape closes the sidebar and focus returns to the link it left.
    await page.keyboard.press('Escape');
    await waitFor(
      () => readPanel(page),
      (panel) => panel.hidden,
    );
    expect(
      await waitFor(
        () => focus(page),
        (now) => now.where === start,
      ),
    ).toMatchObject({ where: start, visible: true });

    // Both writes reached the server, from the keyboard.
    await waitFor(
      async () => {
        const owner = await server.db.query<{ name: string }>(
          `SELECT t.name FROM links l JOIN teams t ON t.id = l.team_id
           WHERE l.item_key = $1 AND l.kind = 'owner'`,
          ['jira:acme.atlassian.net/PAY-2'],
        );
        const decision = await server.db.query<{ title: string }>('SELECT title FROM decisions WHERE title = $1', [
          'Retry SEPA debits twice before failing',
        ]);
        return { owner: owner.map((row) => row.name), decisions: decision.length };
      },
      (found) => found.owner.includes('Growth') && found.decisions === 1,
      30_000,
    );
    await page.close();
  });
});
