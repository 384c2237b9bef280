/**
 * Notes and the decision lifecycle in Chromium against the real server with the demo workspace: a note captured
 * from the popup is a note (in the sidebar's Notes, never among the decisions, and a note on the server); a proposed
 * decision is accepted and then reverted, another withdrawn, from the sidebar, each recorded with who and when.
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/seed/demo.ts';
import { type ExtensionSession, fixture, htmlForHost, waitFor } from '../support/harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  type DemoServer,
  openConnectedDemo,
  readLauncher,
  readPanel,
  sidebarFrame,
  syncNow,
} from '../support/sidebar-harness.ts';

const JIRA_HOST = 'acme.atlassian.net';
const PAY_1 = { url: 'https://acme.atlassian.net/browse/PAY-1', html: 'sidebar/2026-11-01-jira-pay-1.html' };
const PAY_2 = { url: 'https://acme.atlassian.net/browse/PAY-2', html: 'sidebar/2026-11-01-jira-pay-2.html' };

let server: DemoServer;
let session: ExtensionSession;
let extension: Page;

beforeAll(async () => {
  ({ server, session, extension } = await openConnectedDemo());
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function openSidebar(spec: { url: string; html: string }, text: string): Promise<{ page: Page; frame: Frame }> {
  const page = await session.openPage(spec.url, [htmlForHost(JIRA_HOST, fixture(spec.html))]);
  await page.setViewport({ width: 1280, height: 800 });
  const shown = await waitFor(
    async () => ({ panel: !(await readPanel(page)).hidden, launcher: !(await readLauncher(page)).hidden }),
    (state) => state.panel || state.launcher,
  );
  if (!shown.panel) await clickLauncher(page);
  const frame = await sidebarFrame(page, text);
  await actionsEnabled(frame);
  return { page, frame };
}

/** The text of the sidebar section whose heading starts with `title`, whitespace collapsed. */
const sectionText = (frame: Frame, title: string) =>
  frame.evaluate((wanted) => {
    const section = [...document.querySelectorAll('section')].find((each) =>
      each.querySelector('h2')?.textContent?.startsWith(wanted),
    );
    return (section?.textContent ?? '').replace(/\s+/g, ' ');
  }, title);

/** The decision entry titled `title` in the sidebar. */
const entryText = (frame: Frame, title: string) =>
  frame.evaluate((wanted) => {
    const entry = [...document.querySelectorAll('li')].find((li) => li.querySelector('h3')?.textContent === wanted);
    return (entry?.textContent ?? '').replace(/\s+/g, ' ');
  }, title);

async function clickInEntry(frame: Frame, title: string, label: string) {
  const button = await frame.waitForSelector(
    `xpath/.//li[.//h3[normalize-space()="${title}"]]//button[normalize-space()="${label}"]`,
  );
  await button?.click();
}

async function propose(title: string): Promise<string> {
  const response = await fetch(`${server.url}/v1/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title,
      status: 'proposed',
      decidedAt: new Date().toISOString(),
      decidedBy: 'Priya Natarajan',
      itemKeys: [DEMO.items.pay1],
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const serverDecision = async (id: string) =>
  (
    await server.db.query<{ status: string; status_history: { status: string; by: string; at: string }[] }>(
      'SELECT status, status_history FROM decisions WHERE id = $1',
      [id],
    )
  )[0];

describe('notes', () => {
  it('a note captured from the popup is a note: in the Notes, not among the decisions, a note on the server', async () => {
    const issue = await session.openPage(PAY_2.url, [htmlForHost(JIRA_HOST, fixture(PAY_2.html))]);
    const worker = await session.serviceWorker();
    await waitFor(
      () => worker.evaluate(async () => Object.keys(await chrome.storage.session.get(null))),
      (keys) => keys.some((key) => key.startsWith('tab:')),
    );
    const popup = await session.openPage(`chrome-extension://${session.extensionId}/popup.html`, []);
    await popup.waitForSelector(`[data-item-key="${DEMO.items.pay2}"]`);
    await popup.keyboard.down('Alt');
    await popup.keyboard.press('2');
    await popup.keyboard.up('Alt');
    await popup.waitForSelector('form[aria-label="Log a note"] input');
    await popup.focus('form[aria-label="Log a note"] input');
    await popup.keyboard.type('Legal wants a review of the mandate text');
    await popup.keyboard.down('Control');
    await popup.keyboard.press('Enter');
    await popup.keyboard.up('Control');
    await syncNow(popup);
    await popup.waitForFunction(() => (document.body.textContent ?? '').includes('Synced'), { timeout: 30_000 });
    await popup.close();
    await issue.close();

    const notes = await server.db.query<{ created_by: string; item_keys: string[] }>(
      'SELECT created_by, item_keys FROM notes WHERE title = $1',
      ['Legal wants a review of the mandate text'],
    );
    expect(notes).toEqual([{ created_by: 'Demo admin', item_keys: [DEMO.items.pay2] }]);
    const asDecision = await server.db.query('SELECT id FROM decisions WHERE title = $1', [
      'Legal wants a review of the mandate text',
    ]);
    expect(asDecision).toEqual([]);

    const { page, frame } = await openSidebar(PAY_2, 'Retry failed SEPA debits');
    await frame.waitForFunction(() => (document.body.textContent ?? '').includes('Notes (1)'), { timeout: 15_000 });
    const notesText = await sectionText(frame, 'Notes');
    expect(notesText).toContain('Legal wants a review of the mandate text');
    expect(notesText).toContain('Note by Demo admin');
    const decisionsText = await sectionText(frame, 'Decisions');
    expect(decisionsText).not.toContain('Legal wants a review');
    expect(decisionsText).toContain('Decisions (1)');
    await page.close();
  });
});

describe('attribution', () => {
  it('shows who the server says decided, and when it was logged apart from a back-dated decision date', async () => {
    const response = await fetch(`${server.url}/v1/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Keep the 2020 pricing for legacy plans',
        decidedAt: '2020-03-02T10:00:00.000Z',
        decidedBy: 'The CEO',
        itemKeys: [DEMO.items.pay1],
      }),
    });
    expect(response.status).toBe(201);
    await syncNow(extension);
    const { page, frame } = await openSidebar(PAY_1, 'Keep the 2020 pricing for legacy plans');
    const entry = await entryText(frame, 'Keep the 2020 pricing for legacy plans');
    expect(entry).toContain('Demo admin');
    expect(entry).not.toContain('The CEO');
    const today = new Date().toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
    expect(entry).toContain(`logged ${today}`);
    await page.close();
  });
});

describe('the decision lifecycle in the sidebar', () => {
  it('accepts a proposed decision, then reverts it, and withdraws another, each with who and when', async () => {
    const acceptedId = await propose('Offer SEPA instant transfers');
    const withdrawnId = await propose('Drop card payments in Austria');
    await syncNow(extension);
    const { page, frame } = await openSidebar(PAY_1, 'Offer SEPA instant transfers');

    // Proposed: not current, not decided yet; it can be accepted or withdrawn.
    const proposed = await entryText(frame, 'Offer SEPA instant transfers');
    expect(proposed).toContain('Proposed');
    expect(proposed).not.toContain('Current');
    await clickInEntry(frame, 'Offer SEPA instant transfers', 'Accept');
    await frame.waitForFunction(
      () =>
        [...document.querySelectorAll('li[aria-current="true"] h3')].some(
          (h3) => h3.textContent === 'Offer SEPA instant transfers',
        ),
      { timeout: 15_000 },
    );
    expect(await entryText(frame, 'Offer SEPA instant transfers')).toContain('Accepted by Demo admin');
    await syncNow(extension);
    const accepted = await waitFor(
      () => serverDecision(acceptedId),
      (row) => row?.status === 'accepted',
      30_000,
    );
    expect(accepted?.status_history).toEqual([{ status: 'accepted', by: 'Demo admin', at: expect.any(String) }]);

    await clickInEntry(frame, 'Offer SEPA instant transfers', 'Revert');
    await frame.waitForFunction(
      (title) =>
        [...document.querySelectorAll('li')].some(
          (li) => li.querySelector('h3')?.textContent === title && li.textContent?.includes('Reverted by Demo admin'),
        ),
      { timeout: 15_000 },
      'Offer SEPA instant transfers',
    );

    await clickInEntry(frame, 'Drop card payments in Austria', 'Withdraw');
    await frame.waitForFunction(
      (title) =>
        [...document.querySelectorAll('li')].some(
          (li) => li.querySelector('h3')?.textContent === title && li.textContent?.includes('Withdrawn by Demo admin'),
        ),
      { timeout: 15_000 },
      'Drop card payments in Austria',
    );
    expect(await entryText(frame, 'Drop card payments in Austria')).not.toContain('Accept');
    await syncNow(extension);
    await waitFor(
      async () => [(await serverDecision(acceptedId))?.status, (await serverDecision(withdrawnId))?.status],
      (statuses) => statuses[0] === 'reverted' && statuses[1] === 'withdrawn',
      30_000,
    );
    const reverted = await serverDecision(acceptedId);
    expect(reverted?.status_history.map((change) => [change.status, change.by])).toEqual([
      ['accepted', 'Demo admin'],
      ['reverted', 'Demo admin'],
    ]);
    await page.close();
  });
});
