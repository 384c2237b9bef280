/**
 * The sidebar frame's first ask for its tab's context, made before the app's code has loaded: the frame's page runs
 * `entrypoints/sidebar-early.ts` (a small classic script at the top of `sidebar.html`) while its modules are still
 * being fetched, so the background's answer travels meanwhile and the first render is the complete one. The app
 * (`useTabContext`) takes the watch port and the answer over; without them (the browser's side panel, a page that
 * did not run the script) it asks itself, as before.
 *
 * The watch port is opened before the ask, as `useTabContext` does: a change of the tab's state after the
 * background answered reaches the port, and one that reached it before the app took it over is remembered.
 * No React, no zod: this runs before they load.
 */
import type { Browser } from 'wxt/browser';
import { browser } from 'wxt/browser';
import { SIDEBAR_WATCH_PORT } from '../../utils/messaging/channels.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { MessageResult, Result } from '../../utils/messaging/protocol.ts';

type Answer = Result<MessageResult<'sidebar.context'>>;

export interface EarlyContext {
  /** This tab's watch port, opened before the ask. */
  port: Browser.runtime.Port;
  /** The background posted on the port (this tab's state changed) before the app took it over. */
  changed: boolean;
  /** The port closed before the app took it over (the background stopped). */
  disconnected: boolean;
  answer: Promise<Answer>;
  /** The answer, once it came. */
  settled: Answer | undefined;
  /** Stops listening on the port: the app's own listeners take over. */
  release(): void;
}

/** Where the early script leaves its ask for the app: a symbol-keyed property of the page's global. */
const EARLY_CONTEXT = Symbol.for('hallway.sidebar-early-context');

type Scope = { [EARLY_CONTEXT]?: EarlyContext | null };

export interface EarlyDeps {
  connect(): Browser.runtime.Port;
  ask(): Promise<Answer>;
}

const BROWSER: EarlyDeps = {
  connect: () => browser.runtime.connect({ name: SIDEBAR_WATCH_PORT }),
  ask: () => sendMessage('sidebar.context', {}),
};

/** Opens the watch port and asks for the context; the app takes both with `takeEarlyContext`. */
export function askEarlyContext(deps: EarlyDeps = BROWSER, scope: object = globalThis): void {
  const holder = scope as Scope;
  // Taken already (null) or asked already: nothing to do.
  if (holder[EARLY_CONTEXT] !== undefined) return;
  let port: Browser.runtime.Port;
  try {
    port = deps.connect();
  } catch {
    // The extension was reloaded under this page: the app finds nothing and asks itself.
    return;
  }
  const onMessage = () => {
    early.changed = true;
  };
  const onDisconnect = () => {
    early.disconnected = true;
  };
  const early: EarlyContext = {
    port,
    changed: false,
    disconnected: false,
    answer: deps.ask(),
    settled: undefined,
    release() {
      port.onMessage.removeListener(onMessage);
      port.onDisconnect.removeListener(onDisconnect);
    },
  };
  port.onMessage.addListener(onMessage);
  port.onDisconnect.addListener(onDisconnect);
  void early.answer.then((answer) => {
    early.settled = answer;
  });
  holder[EARLY_CONTEXT] = early;
}

/** The early ask, once (a second call, or a page without it, gets null). */
export function takeEarlyContext(scope: object = globalThis): EarlyContext | null {
  const holder = scope as Scope;
  const early = holder[EARLY_CONTEXT] ?? null;
  holder[EARLY_CONTEXT] = null;
  return early;
}
