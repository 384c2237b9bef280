/**
 * Gmail threads across mailboxes, in Chromium with the production build against the demo server: Dana (mailbox
 * /mail/u/0) and Sam (another browser profile, signed in as /mail/u/1) see one thread under other URL tokens and
 * other Gmail ids; its first message's Message-ID, read from Gmail's "Show original" view on mail.google.com, is
 * the key they share. An owner Dana sets in her sidebar and a decision about the thread show in Sam's. A thread whose
 * Message-ID cannot be read (the view fails, or names no real Message-ID) keeps its URL key, with no error.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserToken } from '../../server/domain/tokens.ts';
import { DEMO } from '../../server/seed/demo.ts';
import {
  type ExtensionSession,
  fixture,
  launchWithExtension,
  type Route,
  tabIdOf,
  waitFor,
} from '../support/harness.ts';
import { fetchMe } from '../support/hub-harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  connectExtension,
  type DemoServer,
  readLauncher,
  readPanel,
  sidebarFrame,
  startDemoServer,
  syncNow,
} from '../support/sidebar-harness.ts';

const MESSAGE_ID = 'CAOq3x9pZ-7Hf2Lk@mail.acme.example';
const SHARED_KEY = `gmail:mid:${MESSAGE_ID}`;
const DANA = {
  url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm',
  html: fixture('gmail/2026-12-01-q3-budget-dana.html'),
  original: { path: '/mail/u/0/', ik: '4e1c9a0b7d', permmsgid: 'msg-f:1817512044133671305' },
};
const SAM = {
  url: 'https://mail.google.com/mail/u/1/#inbox/FMfcgzQXKWjfhVrNkktFwGpMkDfWcGzl',
  html: fixture('gmail/2026-12-01-q3-budget-sam.html'),
  original: { path: '/mail/u/1/', ik: 'b83f20d6e1', permmsgid: 'msg-f:1817512046781220614' },
};
const ORIGINAL = fixture('gmail/2026-12-01-original-message.html');

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server?.close());

/**
 * Gmail for one mailbox: the thread page, and its first message's original view (for that mailbox's own path, ik
 * and message id only) answered with `original`. Every request for the original view is recorded.
 */
function gmailRoutes(mailbox: typeof DANA, original: { status: number; body: string }, seen: string[]): Route[] {
  return [
    (url) => {
      if (url.host !== 'mail.google.com') return undefined;
      if (url.searchParams.get('view') !== 'om') return { body: mailbox.html, contentType: 'text/html' };
      seen.push(url.href);
      const { path, ik, permmsgid } = mailbox.original;
      const mine =
        url.pathname === path && url.searchParams.get('ik') === ik && url.searchParams.get('permmsgid') === permmsgid;
      return mine
        ? { ...original, contentType: 'text/html' }
        : { status: 404, body: 'Not Found', contentType: 'text/html' };
    },
  ];
}

async function openThread(session: ExtensionSession, mailbox: typeof DANA, routes: Route[]) {
  const page = await session.openPage(mailbox.url, routes);
  await page.setViewport({ width: 1280, height: 800 });
  return page;
}

/** What the background holds for the page's tab: the content script's last report. */
async function reportedKey(session: ExtensionSession, url: string): Promise<string | null> {
  const worker = await session.serviceWorker();
  const tabId = await tabIdOf(worker, url.replace(/#.*$/, '*'));
  return worker.evaluate(async (key) => {
    const stored = (await chrome.storage.session.get(key))[key] as { item: { key: string } | null } | undefined;
    return stored?.item?.key ?? null;
  }, `tab:${tabId}`);
}

async function openSidebar(page: Page, text: string) {
  const shown = await waitFor(
    async () => ({ panel: !(await readPanel(page)).hidden, launcher: !(await readLauncher(page)).hidden }),
    (state) => state.panel || state.launcher,
  );
  if (!shown.panel) await clickLauncher(page);
  const frame = await sidebarFrame(page, text);
  await actionsEnabled(frame);
  return frame;
}

describe('a Gmail thread in two mailboxes', () => {
  it("shows in Sam's mailbox the owner and the decision linked to the same thread in Dana's", async () => {
    const dana = await launchWithExtension();
    try {
      const extension = await connectExtension(dana, server);
      const requestsBefore = server.requests.length;
      const seen: string[] = [];
      const page = await openThread(dana, DANA, gmailRoutes(DANA, { status: 200, body: ORIGINAL }, seen));
      await waitFor(
        () => reportedKey(dana, DANA.url),
        (key) => key === SHARED_KEY,
      );
      // One request for the original view, to Gmail itself; nothing went to Hallway's server for the page.
      expect(seen).toEqual([
        'https://mail.google.com/mail/u/0/?ik=4e1c9a0b7d&view=om&permmsgid=msg-f%3A1817512044133671305',
      ]);
      expect(server.requests.slice(requestsBefore).filter((request) => request.body.includes('Q3 budget'))).toEqual([]);

      const frame = await openSidebar(page, 'Q3 budget sign-off');
      const change = await frame.waitForSelector(
        'xpath/.//section[.//h2[normalize-space()="Owner"]]//button[normalize-space()="Set owner" or normalize-space()="Change"]',
      );
      await change?.click();
      await frame.type('input[role="combobox"]', 'Platform');
      await page.keyboard.press('Enter');
      await waitFor(
        async () => {
          await syncNow(extension);
          return server.db.query<{ item_key: string; team_id: string }>(
            "SELECT item_key, team_id FROM links WHERE kind = 'owner' AND item_key LIKE 'gmail:%'",
          );
        },
        (links) => links.length > 0,
        30_000,
      );
      expect(
        await server.db.query("SELECT item_key, team_id FROM links WHERE kind = 'owner' AND item_key LIKE 'gmail:%'"),
      ).toEqual([{ item_key: SHARED_KEY, team_id: DEMO.teams.platform }]);
      // The capture that went with it carries both keys: the shared one and the thread's in Dana's mailbox.
      const [item] = await server.db.query<{ key: string; ref: { id: string; messageId: string; url: string } }>(
        "SELECT key, ref FROM items WHERE key LIKE 'gmail:mid:%'",
      );
      expect(item).toMatchObject({
        key: SHARED_KEY,
        ref: { id: 'FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm', messageId: MESSAGE_ID },
      });
    } finally {
      await dana.close();
    }

    // A decision about the thread, logged by Dana's team through the API with its shared key.
    const decision = await fetch(`${server.url}/v1/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Q3 travel budget frozen',
        decidedAt: '2026-12-01T10:00:00Z',
        itemKeys: [SHARED_KEY],
      }),
    });
    expect(decision.status).toBe(201);

    const workspaceId = (await fetchMe(server.url, server.token)).workspace.id;
    const samToken = (
      await createUserToken(server.db, { workspaceId, name: 'Sam Ito', role: 'member', now: new Date() })
    ).token;
    const sam = await launchWithExtension();
    try {
      await connectExtension(sam, { ...server, token: samToken });
      const seen: string[] = [];
      const page = await openThread(sam, SAM, gmailRoutes(SAM, { status: 200, body: ORIGINAL }, seen));
      await waitFor(
        () => reportedKey(sam, SAM.url),
        (key) => key === SHARED_KEY,
      );
      expect(seen).toEqual([
        'https://mail.google.com/mail/u/1/?ik=b83f20d6e1&view=om&permmsgid=msg-f%3A1817512046781220614',
      ]);
      const frame = await openSidebar(page, 'Q3 budget sign-off');
      await frame.waitForFunction(
        () => {
          const text = document.body.textContent ?? '';
          return text.includes('Platform') && text.includes('Q3 travel budget frozen');
        },
        { timeout: 15_000 },
      );
      const owner = await frame.evaluate(
        () =>
          [...document.querySelectorAll('section')].find((s) => s.querySelector('h2')?.textContent?.trim() === 'Owner')
            ?.textContent ?? '',
      );
      expect(owner).toContain('Platform');
      expect(owner).toContain('Linked by Demo admin');
      await page.close();

      // The original view failing, or naming no real Message-ID: the thread keeps its URL key, and works.
      const hostile = ORIGINAL.replace(
        'Message-ID:\n &lt;CAOq3x9pZ-7Hf2Lk@mail.acme.example&gt;',
        `Message-ID: &lt;${'x'.repeat(300)}&lt;script&gt;@evil.example&gt;`,
      );
      for (const answer of [
        { status: 500, body: 'Server Error' },
        { status: 200, body: hostile },
      ]) {
        const other = await openThread(sam, SAM, gmailRoutes(SAM, answer, []));
        await waitFor(
          () => reportedKey(sam, SAM.url),
          (key) => key === 'gmail:FMfcgzQXKWjfhVrNkktFwGpMkDfWcGzl',
        );
        // The launcher's line (its label, whether the panel is open or not) is the URL key's: nothing linked there.
        const launcher = await waitFor(
          () => readLauncher(other),
          (state) => state.text.includes('decisions'),
        );
        expect(launcher.text).toContain('Unowned');
        await other.close();
      }
    } finally {
      await sam.close();
    }
  });
});
