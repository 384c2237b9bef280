// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import type { EarlyContext } from '../../components/sidebar/early-context.ts';
import { type TabContext, useTabContext } from '../../components/sidebar/use-tab-context.ts';
import type { MessageResult, Result } from '../../utils/messaging/protocol.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Answer = Result<MessageResult<'sidebar.context'>>;
const EARLY_CONTEXT = Symbol.for('hallway.sidebar-early-context');

const ANSWER = {
  ok: true,
  value: { tabId: 7, item: null, title: 'PAY-1', context: {}, exposure: { clear: false, reason: 'unchecked' } },
} as unknown as Answer;

/** A watch port nobody posts on: the early answer is all the frame hears. */
function quietPort(): Browser.runtime.Port {
  const listeners = { addListener: () => undefined, removeListener: () => undefined };
  return { name: 'sidebar.watch', onMessage: listeners, onDisconnect: listeners, disconnect: () => undefined } as never;
}

function Probe(props: { seen: (TabContext | null)[] }) {
  props.seen.push(useTabContext('frame'));
  return null;
}

describe("the sidebar frame's take-over of its early ask", () => {
  it('shows the early answer that came between the first render and its effect', async () => {
    // The answer lands after React read it for the first render and before the effect ran: on a loaded machine,
    // the time between the two is tens of milliseconds. The frame then waited for a change that never came.
    let reads = 0;
    const early: EarlyContext = {
      port: quietPort(),
      changed: false,
      disconnected: false,
      answer: Promise.resolve(ANSWER),
      get settled() {
        reads += 1;
        return reads === 1 ? undefined : ANSWER;
      },
      release: () => undefined,
    };
    (globalThis as Record<symbol, unknown>)[EARLY_CONTEXT] = early;
    const seen: (TabContext | null)[] = [];
    const root = createRoot(document.createElement('div'));
    await act(async () => root.render(<Probe seen={seen} />));
    await act(async () => {
      await Promise.resolve();
    });
    expect(seen.at(0)).toBeNull();
    expect(seen.at(-1)).toEqual(ANSWER.ok ? ANSWER.value : null);
    act(() => root.unmount());
  });
});
