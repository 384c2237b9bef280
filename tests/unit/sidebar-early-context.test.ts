import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { askEarlyContext, type EarlyDeps, takeEarlyContext } from '../../components/sidebar/early-context.ts';
import type { MessageResult, Result } from '../../utils/messaging/protocol.ts';

type Answer = Result<MessageResult<'sidebar.context'>>;

/** A watch port as the page sees it: `post` plays the background posting on it, `drop` it closing. */
function fakePort() {
  const onMessage = new Set<(message: unknown) => void>();
  const onDisconnect = new Set<() => void>();
  const listeners = <T>(set: Set<T>) => ({
    addListener: (listener: T) => void set.add(listener),
    removeListener: (listener: T) => void set.delete(listener),
  });
  const port = { name: 'sidebar.watch', onMessage: listeners(onMessage), onDisconnect: listeners(onDisconnect) };
  return {
    port: port as unknown as Browser.runtime.Port,
    post: () => {
      for (const listener of onMessage) listener({ type: 'sidebar.changed' });
    },
    drop: () => {
      for (const listener of onDisconnect) listener();
    },
    listening: () => onMessage.size + onDisconnect.size,
  };
}

function deps(port: Browser.runtime.Port, order: string[] = []) {
  let answer: (value: Answer) => void = () => undefined;
  const asked = new Promise<Answer>((resolve) => {
    answer = resolve;
  });
  const early: EarlyDeps = {
    connect: () => {
      order.push('connect');
      return port;
    },
    ask: () => {
      order.push('ask');
      return asked;
    },
  };
  return { early, answer: (value: Answer) => answer(value) };
}

const ANSWER = {
  ok: true,
  value: { tabId: 7, item: null, title: '', context: {}, exposure: { clear: false, reason: 'unchecked' } },
} as unknown as Answer;

describe("the sidebar frame's early ask", () => {
  it('opens the watch port before it asks, and hands both over once', async () => {
    const scope = {};
    const { port } = fakePort();
    const order: string[] = [];
    const { early, answer } = deps(port, order);
    askEarlyContext(early, scope);
    expect(order).toEqual(['connect', 'ask']);
    answer(ANSWER);
    const taken = takeEarlyContext(scope);
    expect(taken?.port).toBe(port);
    expect(await taken?.answer).toBe(ANSWER);
    expect(taken?.settled).toBe(ANSWER);
    expect(taken?.changed).toBe(false);
    // Once: a second take, and an ask after the take, find nothing to do.
    expect(takeEarlyContext(scope)).toBeNull();
    askEarlyContext(early, scope);
    expect(order).toEqual(['connect', 'ask']);
  });

  it('remembers a change posted before the app took the port over, and stops listening on release', () => {
    const scope = {};
    const watch = fakePort();
    askEarlyContext(deps(watch.port).early, scope);
    watch.post();
    const taken = takeEarlyContext(scope);
    expect(taken?.changed).toBe(true);
    expect(taken?.settled).toBeUndefined();
    taken?.release();
    expect(watch.listening()).toBe(0);
  });

  it('says when the port closed before the take (the background stopped)', () => {
    const scope = {};
    const watch = fakePort();
    askEarlyContext(deps(watch.port).early, scope);
    watch.drop();
    expect(takeEarlyContext(scope)?.disconnected).toBe(true);
  });

  it('leaves nothing to take where the port cannot be opened (the extension was reloaded)', () => {
    const scope = {};
    askEarlyContext(
      {
        connect: () => {
          throw new Error('Extension context invalidated.');
        },
        ask: () => Promise.resolve(ANSWER),
      },
      scope,
    );
    expect(takeEarlyContext(scope)).toBeNull();
  });
});
