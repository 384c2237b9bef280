/**
 * The owner a page names itself, in place, in Chromium with the production build against the demo server: PAY-1's
 * Team field names Growth while Hallway's owner of PAY-1 is Payments (the demo's link), so the sidebar's Owner
 * section shows Payments, the page's claim beside it and the disagreement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, fixture, htmlForHost, launchWithExtension, waitFor } from '../support/harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  connectExtension,
  type DemoServer,
  readLauncher,
  readPanel,
  sidebarFrame,
  startDemoServer,
} from '../support/sidebar-harness.ts';

let server: DemoServer;
let session: ExtensionSession;

beforeAll(async () => {
  server = await startDemoServer();
  session = await launchWithExtension();
  await connectExtension(session, server);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe("the page's own owner beside Hallway's", () => {
  it('flags a Jira issue whose Team field names another team than Hallway', async () => {
    const page = await session.openPage('https://acme.atlassian.net/browse/PAY-1', [
      htmlForHost('acme.atlassian.net', fixture('sidebar/2026-12-01-jira-pay-1-team-growth.html')),
    ]);
    await page.setViewport({ width: 1280, height: 800 });
    const shown = await waitFor(
      async () => ({ panel: !(await readPanel(page)).hidden, launcher: !(await readLauncher(page)).hidden }),
      (state) => state.panel || state.launcher,
    );
    if (!shown.panel) await clickLauncher(page);
    const frame = await sidebarFrame(page, 'SEPA checkout: collect the mandate');
    await actionsEnabled(frame);
    const flag = await frame.waitForSelector('[data-page-claim="disagrees"]', { timeout: 15_000 });
    const owner = await frame.evaluate(
      () =>
        [...document.querySelectorAll('section')]
          .find((section) => section.querySelector('h2')?.textContent?.trim() === 'Owner')
          ?.textContent?.replace(/\s+/g, ' ') ?? '',
    );
    expect(owner).toContain('Payments');
    expect(await flag?.evaluate((element) => element.textContent?.replace(/\s+/g, ' ').trim())).toBe(
      "The page disagreesJira's Team field names Growth; Hallway's owner is Payments.",
    );
    // The page's claim decides nothing: the launcher still says Hallway's owner.
    expect((await readLauncher(page)).text).toContain('Payments');
    await page.close();
  });
});
