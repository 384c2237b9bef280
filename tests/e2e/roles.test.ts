/**
 * Roles in Chromium against the real server with the demo workspace: a viewer's sidebar offers nothing that writes;
 * a write the server refuses (the role was lowered behind the extension's back) is shown in its section with the
 * server's reason and visibly taken back; once the user is a member again, the refused write goes through.
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserToken } from '../../server/domain/tokens.ts';
import { DEMO } from '../../server/seed/demo.ts';
import type { Role } from '../../utils/contract.ts';
import { type ExtensionSession, fixture, htmlForHost, waitFor } from '../support/harness.ts';
import { fetchMe } from '../support/hub-harness.ts';
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

const PAY_1 = 'https://acme.atlassian.net/browse/PAY-1';
const JIRA_HOST = 'acme.atlassian.net';
const PAY_1_HTML = 'sidebar/2026-11-01-jira-pay-1.html';
/** The server's token cache keeps a resolved role this long (DEFAULT_TOKEN_CACHE_MS), plus a margin. */
const TOKEN_CACHE_WAIT_MS = 2_300;
const WRITE_CONTROLS = ['Change', 'Set owner', 'Link goal', 'Log decision', 'Supersede', 'Link item'];

let server: DemoServer;
let session: ExtensionSession;
let extension: Page;
let workspaceId: string;

beforeAll(async () => {
  ({ server, session, extension } = await openConnectedDemo());
  workspaceId = (await fetchMe(server.url, server.token)).workspace.id;
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** Signs the extension in with `token` as the options page would, and waits until a sync pass learned the role. */
async function signIn(token: string, role: Role) {
  await extension.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('hallway');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('credentials', 'readwrite');
          tx.objectStore('credentials').put({ id: 'main', token: value, me: null });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    token,
  );
  await syncNow(extension);
  await waitFor(
    () => storedRole(),
    (stored) => stored === role,
    30_000,
  );
}

const storedRole = () =>
  extension.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('hallway');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('credentials').objectStore('credentials').get('main');
          request.onsuccess = () => {
            resolve(request.result?.me?.user.role ?? null);
            open.result.close();
          };
        };
      }),
  );

const setRole = (name: string, role: Role) =>
  server.db.query('UPDATE users SET role = $3 WHERE workspace_id = $1 AND name = $2', [workspaceId, name, role]);

async function openSidebarOnPay1(role: Role): Promise<{ page: Page; frame: Frame }> {
  const page = await session.openPage(PAY_1, [htmlForHost(JIRA_HOST, fixture(PAY_1_HTML))]);
  await page.setViewport({ width: 1280, height: 800 });
  // The sidebar opens by itself where it was left open on this tool; otherwise the launcher opens it.
  const shown = await waitFor(
    async () => ({ panel: !(await readPanel(page)).hidden, launcher: !(await readLauncher(page)).hidden }),
    (state) => state.panel || state.launcher,
  );
  if (!shown.panel) await clickLauncher(page);
  const frame = await sidebarFrame(page, 'Switch SEPA Direct Debit to Stripe');
  await frame.waitForSelector(`main[data-role="${role}"]`, { timeout: 15_000 });
  await actionsEnabled(frame);
  return { page, frame };
}

const buttonTexts = (frame: Frame) =>
  frame.$$eval('button', (buttons) => buttons.map((button) => button.textContent?.trim() ?? ''));

/** The text of the sidebar section headed `title` (its heading starts with it). */
const sectionText = (frame: Frame, title: string) =>
  frame.evaluate((wanted) => {
    const section = [...document.querySelectorAll('section')].find((each) =>
      each.querySelector('h2')?.textContent?.startsWith(wanted),
    );
    return (section?.textContent ?? '').replace(/\s+/g, ' ');
  }, title);

describe('roles in the sidebar', () => {
  it('offers a viewer no write controls, and says why', async () => {
    const viewer = await createUserToken(server.db, {
      workspaceId,
      name: 'Vic Viewer',
      role: 'viewer',
      now: new Date(),
    });
    await signIn(viewer.token, 'viewer');
    const { page, frame } = await openSidebarOnPay1('viewer');
    const offered = await buttonTexts(frame);
    for (const control of WRITE_CONTROLS) expect(offered).not.toContain(control);
    expect(await frame.$('main [role="note"]')).not.toBeNull();
    expect(await frame.$eval('main [role="note"]', (note) => note.textContent)).toContain('You are a viewer');
    await page.close();
  });

  it('shows a refused owner change in its section with the reason, takes it back, and sends it once promoted', async () => {
    const member = await createUserToken(server.db, {
      workspaceId,
      name: 'Mia Member',
      role: 'member',
      now: new Date(),
    });
    await signIn(member.token, 'member');
    const { page, frame } = await openSidebarOnPay1('member');
    expect(await sectionText(frame, 'Owner')).toContain('Payments');

    // Lowered on the server while the extension is offline (every sync pass asks who the user is): it still believes
    // it is a member, and offers the change. The wait outlasts the server's token cache of the member role.
    await server.stop();
    await setRole('Mia Member', 'viewer');
    await new Promise((resolve) => setTimeout(resolve, TOKEN_CACHE_WAIT_MS));
    // The offline notice can move the sidebar's content, which pauses its actions for a moment: wait until they act.
    await actionsEnabled(frame);
    const change = await frame.waitForSelector('xpath/.//button[normalize-space()="Change"]');
    await change?.click();
    await frame.type('input[role="combobox"]', 'Growth');
    await frame.waitForSelector('xpath/(.//*[@role="option"])[1][contains(., "Growth")]');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => (document.body.textContent ?? '').includes('Pending sync'));
    // The pending mark comes from the outbox at once; the owner from the background's resolution of the changed mirror.
    await waitFor(
      () => sectionText(frame, 'Owner'),
      (text) => text.includes('Growth') && text.includes('Pending sync'),
    );

    await server.start();
    await syncNow(extension);
    await frame.waitForSelector('section [aria-label="Refused changes"]', { timeout: 30_000 });
    // The refusal shows from the outbox at once; the owner taken back follows from the background's resolution.
    const refused = await waitFor(
      () => sectionText(frame, 'Owner'),
      (text) => text.includes('Payments') && !text.includes('Pending sync'),
    );
    expect(refused).toContain('Not saved. Owner: Growth was refused by the server and taken back');
    expect(refused).toContain('needs the member role');
    // Taken back: the owner is the server's again, and a viewer is offered no change.
    expect(refused).toContain('Payments');
    expect(refused).not.toContain('Pending sync');
    await frame.waitForSelector('main[data-role="viewer"]');
    expect(await buttonTexts(frame)).not.toContain('Change');

    // Promoted again: the refusal no longer applies, so the change is sent, not shown as "needs the member role".
    await setRole('Mia Member', 'member');
    await new Promise((resolve) => setTimeout(resolve, TOKEN_CACHE_WAIT_MS));
    await syncNow(extension);
    await frame.waitForSelector('section [aria-label="Refused changes"]', { hidden: true, timeout: 30_000 });
    const links = await waitFor(
      () =>
        server.db.query<{ team_id: string }>(
          "SELECT team_id FROM links WHERE workspace_id = $1 AND kind = 'owner' AND item_key = $2",
          [workspaceId, DEMO.items.pay1],
        ),
      (rows) => rows.some((row) => row.team_id === DEMO.teams.growth),
      30_000,
    );
    expect(links.map((row) => row.team_id)).toContain(DEMO.teams.growth);
    await frame.waitForFunction(() => !(document.body.textContent ?? '').includes('needs the member role'), {
      timeout: 15_000,
    });
    await page.close();
  });
});
