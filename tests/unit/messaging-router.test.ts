import { describe, expect, it } from 'vitest';
import { LocalWriteError } from '../../utils/db/writes.ts';
import { MessageError, message } from '../../utils/message.ts';
import { classifySender, createMessageRouter, type MessageHandlers } from '../../utils/messaging/router.ts';
import { SyncHttpError } from '../../utils/sync/http.ts';
import { speaking } from '../support/locale-messages.ts';

const identity = { extensionId: 'hallway-id', extensionOrigin: 'chrome-extension://hallway-id/' };
const jiraItem = {
  tool: 'jira',
  kind: 'issue',
  id: 'PAY-1',
  workspace: 'acme.atlassian.net',
  project: 'PAY',
  key: 'jira:acme.atlassian.net/PAY-1',
  url: 'https://acme.atlassian.net/browse/PAY-1',
} as const;
const contentSender = { id: 'hallway-id', url: 'https://acme.atlassian.net/browse/PAY-1', frameId: 0, tab: { id: 7 } };

function routerRecording() {
  const received: unknown[] = [];
  // Only the message under test has a handler; the router never reaches the others here.
  const handlers: Pick<MessageHandlers, 'page.itemChanged'> = {
    'page.itemChanged': async (data, { tabId }) => {
      received.push({ data, tabId });
      return { tabId: tabId ?? -1 };
    },
  };
  return { route: createMessageRouter(handlers as MessageHandlers, identity), received };
}

describe('classifySender', () => {
  it('tells extension pages from content scripts and refuses everyone else', () => {
    expect(
      classifySender(
        { id: 'hallway-id', url: 'chrome-extension://hallway-id/popup.html' },
        'hallway-id',
        identity.extensionOrigin,
      ),
    ).toBe('extension');
    expect(classifySender(contentSender, 'hallway-id', identity.extensionOrigin)).toBe('content');
    expect(classifySender({ ...contentSender, frameId: 3 }, 'hallway-id', identity.extensionOrigin)).toBeNull();
    expect(
      classifySender({ ...contentSender, id: 'other-extension' }, 'hallway-id', identity.extensionOrigin),
    ).toBeNull();
    expect(
      classifySender({ id: 'hallway-id', url: 'https://evil.example/' }, 'hallway-id', identity.extensionOrigin),
    ).toBeNull();
  });
});

describe('createMessageRouter', () => {
  it('validates and delivers a content report with its tab', async () => {
    const { route, received } = routerRecording();
    const answer = await route({ type: 'page.itemChanged', data: { item: jiraItem, title: 'Pay' } }, contentSender);
    expect(answer).toEqual({ ok: true, value: { tabId: 7 } });
    expect(received).toEqual([{ data: { item: jiraItem, title: 'Pay', context: {} }, tabId: 7 }]);
  });

  it('removes NUL and the other characters no text field keeps from a page report instead of refusing it', async () => {
    const { route, received } = routerRecording();
    const dirty = {
      item: { ...jiraItem, project: 'PAY\u0000' },
      title: 'Pay\u0000 now\uFFFF\uD800',
      context: { jiraProject: 'Pay\u0000ments', gmailLabels: ['In\u0001box'] },
    };
    const answer = await route({ type: 'page.itemChanged', data: dirty }, contentSender);
    expect(answer).toEqual({ ok: true, value: { tabId: 7 } });
    expect(received).toEqual([
      {
        data: {
          item: { ...jiraItem, project: 'PAY' },
          title: 'Pay now',
          context: { jiraProject: 'Payments', gmailLabels: ['Inbox'] },
        },
        tabId: 7,
      },
    ]);
  });

  it('answers unknown types, bad data and foreign senders with an error, without calling a handler', async () => {
    const { route, received } = routerRecording();
    const unknown = await route({ type: 'db.dropEverything', data: {} }, contentSender);
    const invalid = await route(
      { type: 'page.itemChanged', data: { item: { ...jiraItem, url: 'javascript:alert(1)' } } },
      contentSender,
    );
    const foreign = await route({ type: 'page.itemChanged', data: { item: null } }, { ...contentSender, frameId: 2 });
    const proto = await route({ type: '__proto__', data: {} }, contentSender);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_message' } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(proto).toMatchObject({ ok: false, error: { code: 'unknown_message' } });
    expect(received).toEqual([]);
  });

  it('turns a failing handler into an error answer', async () => {
    const route = createMessageRouter(
      {
        'page.itemChanged': async () => {
          throw new Error('storage full');
        },
      } as Pick<MessageHandlers, 'page.itemChanged'> as MessageHandlers,
      identity,
    );
    expect(await route({ type: 'page.itemChanged', data: { item: null } }, contentSender)).toEqual({
      ok: false,
      error: { code: 'handler_failed', message: 'storage full' },
    });
  });

  it("keeps the code of a handler's domain error (a refused write says why, not only that it failed)", async () => {
    const route = createMessageRouter(
      {
        'page.itemChanged': async () => {
          throw new LocalWriteError(
            'forbidden',
            message('write.refused.forbidden', { role: message('role.viewer'), needed: message('role.member') }),
          );
        },
      } as Pick<MessageHandlers, 'page.itemChanged'> as MessageHandlers,
      identity,
    );
    expect(await route({ type: 'page.itemChanged', data: { item: null } }, contentSender)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'A viewer may not do this: it needs the member role.' },
    });
  });

  it("says a handler's error that carries a message key in the browser's language, and keeps its code", async () => {
    const route = createMessageRouter(
      {
        'page.itemChanged': async () => {
          throw new MessageError('not_connected', message('error.notConnected'));
        },
      } as Pick<MessageHandlers, 'page.itemChanged'> as MessageHandlers,
      identity,
    );
    const ask = () => route({ type: 'page.itemChanged', data: { item: null } }, contentSender);
    expect(await ask()).toEqual({
      ok: false,
      error: { code: 'not_connected', message: 'Connect to a Hallway server in the options first.' },
    });
    expect(await speaking('de', ask)).toEqual({
      ok: false,
      error: { code: 'not_connected', message: 'Verbinde dich zuerst in den Optionen mit einem Hallway-Server.' },
    });
  });

  it("says the server's refusal and the HTTP client's failures from their codes, keeping code and params", async () => {
    let thrown: Error = new Error('none');
    const route = createMessageRouter(
      {
        'page.itemChanged': async () => {
          throw thrown;
        },
      } as Pick<MessageHandlers, 'page.itemChanged'> as MessageHandlers,
      identity,
    );
    const ask = () => route({ type: 'page.itemChanged', data: { item: null } }, contentSender);
    thrown = new SyncHttpError(
      { kind: 'refused', status: 403 },
      {
        code: 'forbidden',
        message: 'a member may not do this: it needs the admin role',
        params: { role: 'member', needed: 'admin' },
      },
    );
    expect(await speaking('de', ask)).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'Als Mitglied darfst du das nicht: Dafür braucht es die Rolle Admin.',
        params: { role: 'member', needed: 'admin' },
      },
    });
    thrown = new SyncHttpError(
      { kind: 'network' },
      { code: 'network', params: { base: 'http://hallway.internal:8787' } },
    );
    expect(await speaking('de', ask)).toMatchObject({
      error: { code: 'network', message: 'http://hallway.internal:8787 ist nicht erreichbar.' },
    });
    // A newer server's code: its own words.
    thrown = new SyncHttpError({ kind: 'refused', status: 409 }, { code: 'added_later', message: 'a newer refusal' });
    expect(await speaking('de', ask)).toEqual({
      ok: false,
      error: { code: 'added_later', message: 'a newer refusal' },
    });
  });
});
