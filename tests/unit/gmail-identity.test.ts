/**
 * A Gmail thread's identity across mailboxes: the Message-ID of its first message, read from Gmail's own "Show
 * original" view on the page's origin (fixtures built like the real pages), with the URL's mailbox-local key kept
 * beside it. Threads whose Message-ID cannot be read keep their URL key, with no error; a Message-ID that is not one
 * (too long, markup) is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MESSAGE_ID_PATTERN as CONTRACT_PATTERN, type ItemRef, zItemRef } from '../../utils/contract.ts';
import { detectItem, itemKeysOf } from '../../utils/detect/index.ts';
import { HISTORY_CHANGED_EVENT } from '../../utils/page/history-event.ts';
import { sharedIdentityReader } from '../../utils/page/shared-identity.ts';
import { type ItemReport, type PageWindow, watchItem } from '../../utils/page/watch-item.ts';
import { arraySource, resolveContext } from '../../utils/resolve/index.ts';
import {
  gmail,
  MESSAGE_ID_PATTERN,
  originalMessageUrl,
  sharedThreadKey,
  threadMessageId,
} from '../../utils/sites/gmail.ts';
import { decision, item, ownerLink, team } from '../support/sync-fixtures.ts';
import { fixtureDocument } from './fixture-document.ts';

const DANA_URL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm';
const SAM_URL = 'https://mail.google.com/mail/u/1/#inbox/FMfcgzQXKWjfhVrNkktFwGpMkDfWcGzl';
const MESSAGE_ID = 'CAOq3x9pZ-7Hf2Lk@mail.acme.example';
const SHARED_KEY = `gmail:mid:${MESSAGE_ID}`;
const original = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'gmail', '2026-12-01-original-message.html'),
  'utf8',
);
/** The original-message view with its Message-ID header (folded on two lines in the fixture) replaced. */
const withMessageIdHeader = (header: string) =>
  original.replace('Message-ID:\n &lt;CAOq3x9pZ-7Hf2Lk@mail.acme.example&gt;', header);
const detected = (url: string) => detectItem(url) as ItemRef;

describe("the address of the first message's original view", () => {
  it("is on the page's origin, for the page's account, with the page's ik and the first message's Gmail id", () => {
    expect(originalMessageUrl(fixtureDocument('gmail/2026-12-01-q3-budget-dana.html'), new URL(DANA_URL))).toBe(
      'https://mail.google.com/mail/u/0/?ik=4e1c9a0b7d&view=om&permmsgid=msg-f%3A1817512044133671305',
    );
    expect(originalMessageUrl(fixtureDocument('gmail/2026-12-01-q3-budget-sam.html'), new URL(SAM_URL))).toBe(
      'https://mail.google.com/mail/u/1/?ik=b83f20d6e1&view=om&permmsgid=msg-f%3A1817512046781220614',
    );
  });

  it('takes the first message of the thread, and a self-sent one by its legacy hex id', () => {
    const doc = fixtureDocument('gmail/2026-12-01-q3-budget-dana.html');
    const first = doc.querySelector('[data-message-id]') as Element;
    const later = first.cloneNode(true) as Element;
    later.setAttribute('data-message-id', '#msg-f:1817512044133679999');
    first.after(later);
    expect(originalMessageUrl(doc, new URL(DANA_URL))).toContain('permmsgid=msg-f%3A1817512044133671305');
    first.setAttribute('data-message-id', '#msg-a:r-4711');
    expect(originalMessageUrl(doc, new URL(DANA_URL))).toContain('&th=193919931594e189');
  });

  it("is null where the page lacks the account's ik or a message id (nothing is requested then)", () => {
    // The older fixture has no inline script with the ik.
    expect(originalMessageUrl(fixtureDocument('gmail/2026-11-01-thread.html'), new URL(DANA_URL))).toBeNull();
    const doc = fixtureDocument('gmail/2026-12-01-q3-budget-dana.html');
    for (const message of doc.querySelectorAll('[data-message-id]')) message.remove();
    expect(originalMessageUrl(doc, new URL(DANA_URL))).toBeNull();
  });

  it("never takes an ik from a message's body, which its sender writes", () => {
    const doc = fixtureDocument('gmail/2026-11-01-thread.html');
    const body = doc.querySelector('.a3s') as Element;
    body.textContent = "var GM_ID_KEY = 'deadbeef00';";
    const link = doc.createElement('a');
    link.setAttribute('href', 'https://mail.google.com/mail/u/0/?ik=deadbeef00&view=om');
    body.append(link);
    expect(originalMessageUrl(doc, new URL(DANA_URL))).toBeNull();
  });
});

describe("the thread's Message-ID, from the original view", () => {
  it('reads the folded Message-ID header of the raw message, not a line of its body', () => {
    expect(threadMessageId(original)).toBe(MESSAGE_ID);
  });

  it('is null for a page without the raw message (signed out, "does not exist") or without the header', () => {
    expect(threadMessageId('<html><head><title>Gmail</title></head><body>Sign in</body></html>')).toBeNull();
    expect(
      threadMessageId('<title>Original Message</title><p>The message you requested does not exist.</p>'),
    ).toBeNull();
    expect(threadMessageId(withMessageIdHeader('X-Nothing: here'))).toBeNull();
  });

  it('refuses a Message-ID that is not one: too long, markup, quotes, spaces, no @', () => {
    const hostile = [
      `&lt;${'a'.repeat(240)}@example.com&gt;`,
      '&lt;&lt;img src=x onerror=alert(1)&gt;@evil.example&gt;',
      '&lt;"onmouseover=alert(1)"@evil.example&gt;',
      '&lt;a b@evil.example&gt;',
      '&lt;no-at-sign&gt;',
      'CAOq3x9pZ-7Hf2Lk@mail.acme.example',
    ];
    for (const value of hostile) expect(threadMessageId(withMessageIdHeader(`Message-ID: ${value}`))).toBeNull();
    expect(threadMessageId(withMessageIdHeader('message-id:   &lt;a.b+c@[10.0.0.1]&gt;'))).toBe('a.b+c@[10.0.0.1]');
  });

  it('is the same pattern the contract validates, and the contract refuses what the adapter refuses', () => {
    expect(CONTRACT_PATTERN).toBe(MESSAGE_ID_PATTERN);
    const ref = { ...detected(DANA_URL), key: SHARED_KEY, messageId: MESSAGE_ID };
    expect(zItemRef.parse(ref)).toEqual(ref);
    for (const messageId of ['<a@b>', `${'a'.repeat(245)}@b.example`, 'a@b c', '"x"@y']) {
      expect(zItemRef.safeParse({ ...ref, messageId }).success).toBe(false);
    }
  });
});

describe('both keys of a thread', () => {
  it('gives the item its shared key and keeps the key of its URL', () => {
    const shared = gmail.sharedIdentity?.read(detected(DANA_URL), original) as ItemRef;
    expect(shared).toMatchObject({ key: SHARED_KEY, messageId: MESSAGE_ID, id: 'FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm' });
    expect(itemKeysOf(shared)).toEqual([SHARED_KEY, 'gmail:FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm']);
    expect(sharedThreadKey(MESSAGE_ID)).toBe(SHARED_KEY);
    expect(itemKeysOf(detected(DANA_URL))).toEqual(['gmail:FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm']);
    expect(gmail.sharedIdentity?.read(detected(DANA_URL), '<html>Sign in</html>')).toBeNull();
  });

  it("resolves what was linked under the URL's key and under the shared key, each once", async () => {
    const dana = gmail.sharedIdentity?.read(detected(DANA_URL), original) as ItemRef;
    const finance = team('Finance');
    const oldDecision = decision('Budget capped at 1.2M', '2026-11-20T10:00:00Z', {
      itemKeys: ['gmail:FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm', SHARED_KEY],
    });
    const newDecision = decision('Travel frozen for Q3', '2026-12-01T10:00:00Z', { itemKeys: [SHARED_KEY] });
    const source = arraySource({
      teams: [finance],
      goals: [],
      decisions: [oldDecision, newDecision],
      items: [item(detected(DANA_URL), 'Q3 budget sign-off')],
      links: [ownerLink('gmail:FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm', finance.id)],
      rules: [],
    });
    const resolved = await resolveContext(source, dana);
    expect(resolved.team?.name).toBe('Finance');
    expect(resolved.item?.title).toBe('Q3 budget sign-off');
    expect(resolved.decisions.map((entry) => entry.decision.title)).toEqual([
      'Travel frozen for Q3',
      'Budget capped at 1.2M',
    ]);
    // Sam's mailbox knows the thread by another URL token: the shared key alone finds what was linked to it.
    const sam = gmail.sharedIdentity?.read(detected(SAM_URL), original) as ItemRef;
    expect((await resolveContext(source, sam)).decisions).toHaveLength(2);
    expect((await resolveContext(source, detected(SAM_URL))).decisions).toHaveLength(0);
  });
});

describe('reading the identity in the content script', () => {
  const response = (body: string, status = 200) => new Response(body, { status });

  it("fetches the original view once per thread, on the page's origin with the session, and keeps the answer", async () => {
    const fetchPage = vi.fn(async (_url: string, _init: RequestInit) => response(original));
    const identify = sharedIdentityReader(gmail, () => new URL(DANA_URL), fetchPage);
    const doc = fixtureDocument('gmail/2026-12-01-q3-budget-dana.html');
    const signal = new AbortController().signal;
    expect((await identify(detected(DANA_URL), doc, signal)).key).toBe(SHARED_KEY);
    expect((await identify(detected(DANA_URL), doc, signal)).key).toBe(SHARED_KEY);
    expect(fetchPage).toHaveBeenCalledTimes(1);
    const [url, init] = fetchPage.mock.calls[0] as [string, RequestInit];
    expect(new URL(url).origin).toBe('https://mail.google.com');
    expect(init).toMatchObject({ credentials: 'include', redirect: 'error' });
  });

  it('keeps the URL key, without an error, when the view fails, refuses, answers garbage or is not there', async () => {
    const doc = fixtureDocument('gmail/2026-12-01-q3-budget-dana.html');
    const signal = new AbortController().signal;
    const answers = [
      async () => response('Not found', 404),
      async () => {
        throw new TypeError('Failed to fetch');
      },
      async () => response('<html>Sign in to continue to Gmail</html>'),
      async () => response(withMessageIdHeader(`Message-ID: &lt;${'x'.repeat(300)}@evil.example&gt;`)),
    ];
    for (const answer of answers) {
      const identify = sharedIdentityReader(gmail, () => new URL(DANA_URL), answer);
      expect(await identify(detected(DANA_URL), doc, signal)).toEqual(detected(DANA_URL));
    }
    const never = vi.fn(async () => response(original));
    const identify = sharedIdentityReader(gmail, () => new URL(DANA_URL), never);
    const jira = detectItem('https://acme.atlassian.net/browse/PAY-1') as ItemRef;
    expect(await identify(jira, doc, signal)).toBe(jira);
    const withoutIk = fixtureDocument('gmail/2026-11-01-thread.html');
    expect(await identify(detected(DANA_URL), withoutIk, signal)).toEqual(detected(DANA_URL));
    expect(never).not.toHaveBeenCalled();
  });
});

describe('the watcher with the identity reader', () => {
  const windows: Window[] = [];
  afterEach(async () => {
    for (const window of windows.splice(0)) await window.happyDOM.close();
  });

  function watched(identify: (item: ItemRef) => Promise<ItemRef>, identifyWaitMs = 1000) {
    const window = new Window({ url: DANA_URL, settings: { disableJavaScriptEvaluation: true } });
    windows.push(window);
    const next = new window.DOMParser().parseFromString(
      readFileSync(join(import.meta.dirname, '..', 'fixtures', 'gmail', '2026-12-01-q3-budget-dana.html'), 'utf8'),
      'text/html',
    );
    window.document.title = next.title;
    window.document.body.replaceWith(window.document.adoptNode(next.body));
    const reports: ItemReport[] = [];
    const controller = new AbortController();
    watchItem({
      window: window as unknown as PageWindow,
      signal: controller.signal,
      sites: [gmail],
      jiraHosts: [],
      report: (report) => reports.push(report),
      identify: (item) => identify(item),
      identifyWaitMs,
    });
    return { window, reports, controller };
  }

  it('reports the thread once, with its shared key, when the Message-ID comes in time', async () => {
    const page = watched(async (item) => gmail.sharedIdentity?.read(item, original) ?? item);
    await vi.waitFor(() => expect(page.reports).toHaveLength(1));
    expect(page.reports[0]?.item).toMatchObject({ key: SHARED_KEY, messageId: MESSAGE_ID });
    expect(page.reports[0]?.title).toBe('Q3 budget sign-off');
    page.controller.abort();
  });

  it("reports the URL's key first when the Message-ID is slow, then the shared key; none after a navigation", async () => {
    let answer: (ref: ItemRef) => void = () => undefined;
    const page = watched((item) => new Promise((resolve) => (answer = () => resolve(item))), 10);
    await vi.waitFor(() => expect(page.reports).toHaveLength(1));
    expect(page.reports[0]?.item?.key).toBe('gmail:FMfcgzQXKWjfhVrNkkbsSTMcQQTdjwpm');
    answer(detected(DANA_URL));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The same item again, identified no further: nothing more to say.
    expect(page.reports).toHaveLength(1);
    page.controller.abort();

    let late: () => void = () => undefined;
    const other = watched(
      (item) => new Promise((resolve) => (late = () => resolve(gmail.sharedIdentity?.read(item, original) ?? item))),
      10,
    );
    await vi.waitFor(() => expect(other.reports).toHaveLength(1));
    late();
    await vi.waitFor(() => expect(other.reports).toHaveLength(2));
    expect(other.reports[1]?.item?.key).toBe(SHARED_KEY);
    // A navigation away before the answer: the answer is dropped.
    let dropped: () => void = () => undefined;
    const third = watched((item) => new Promise((resolve) => (dropped = () => resolve({ ...item, key: SHARED_KEY }))));
    third.window.history.pushState(null, '', 'https://mail.google.com/mail/u/0/#inbox');
    third.window.dispatchEvent(new third.window.Event(HISTORY_CHANGED_EVENT));
    await vi.waitFor(() => expect(third.reports.map((report) => report.item)).toEqual([null]));
    dropped();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(third.reports.map((report) => report.item)).toEqual([null]);
    other.controller.abort();
    third.controller.abort();
  });
});
