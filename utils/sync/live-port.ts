/**
 * The page side of the live stream: a Hallway page, or the content script of a tab that shows a work item, holds
 * the background's stream while it is open (see live.ts for why a port with a message every LIVE_PING_MS).
 */
import { browser } from 'wxt/browser';
import { LIVE_PING_MS, LIVE_PORT } from '../messaging/channels.ts';

interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onDisconnect: { addListener(listener: () => void): void };
}

export interface LivePortDeps {
  connect: (info: { name: string }) => PortLike;
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (timer: unknown) => void;
}

/** Holds the stream until the returned function is called (or the page goes, which disconnects the port). */
export function holdLiveStream(deps: LivePortDeps): () => void {
  const every = deps.setInterval ?? ((run, ms) => setInterval(run, ms));
  const stop = deps.clearInterval ?? ((timer) => clearInterval(timer as ReturnType<typeof setInterval>));
  let port: PortLike | null = null;
  let timer: unknown = null;
  let released = false;
  const open = () => {
    if (released) return;
    try {
      port = deps.connect({ name: LIVE_PORT });
    } catch {
      // The extension was reloaded under this page: nothing to hold any more.
      return release();
    }
    // A background that was stopped closes the port: the next ping's connect wakes a new one.
    port.onDisconnect.addListener(() => {
      port = null;
    });
  };
  const release = () => {
    released = true;
    if (timer !== null) stop(timer);
    timer = null;
    port?.disconnect();
    port = null;
  };
  open();
  timer = every(() => {
    if (!port) open();
    try {
      port?.postMessage({ type: 'ping' });
    } catch {
      port = null;
    }
  }, LIVE_PING_MS);
  return release;
}

/** For a Hallway page: holds the stream for as long as the page is open (its port closes with it). */
export function holdLiveWhileOpen(): () => void {
  return holdLiveStream({ connect: (info) => browser.runtime.connect(info) });
}
