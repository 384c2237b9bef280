/**
 * The live stream (GET /v1/events) in the background: held while someone is looking, a poke starts a pull at once.
 *
 * Where it lives, and why (MV3):
 * - It is read with `fetch` and a streamed body, not EventSource: EventSource cannot send the Authorization header,
 *   and a token in the URL would end up in proxy logs.
 * - It is held in the background (Chrome's service worker, Firefox's event page), one per browser profile, so a
 *   device holds one stream however many Hallway pages are open. The background does not stay alive by itself:
 *   Chrome stops an idle extension service worker after 30 s, and only extension events and API calls reset that
 *   timer (Chrome 110+; long-lived port messages count from Chrome 114; a WebSocket's traffic counts from Chrome
 *   116, https://developer.chrome.com/docs/extensions/how-to/web-platform/websockets, but a streamed fetch's does
 *   not: https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle). Firefox's event
 *   pages idle out after `extensions.background.idle.timeout` (30 s), and runtime.onConnect / port messages delay
 *   that (mozilla-firefox/firefox toolkit/components/extensions/test/xpcshell/test_ext_eventpage_messaging.js).
 * - So the pages that want it live hold it: every Hallway page (sidebar, hub, popup, options) and the content
 *   script of a tab that shows a work item opens a `LIVE_PORT` port and sends a message on it every
 *   `LIVE_PING_MS` (messaging/channels.ts, live-port.ts). Those messages keep the background alive on both browsers while a page is
 *   open, and no longer: with the last port gone the stream is closed after `idleCloseMs`, and nothing runs.
 *   Offscreen documents would need a listed reason and are torn down when idle, so they are not used.
 * - The alarm pull (background.ts) stays the fallback: pokes are best effort.
 */
import { createEventStreamParser, EVENTS_PATH, zPoke } from '../contract.ts';
import type { Connection, FetchLike } from './http.ts';
import { parseRetryAfter } from './http.ts';
import { backoffDelay } from './scheduler.ts';

export interface LiveStreamDeps {
  fetch: FetchLike;
  connection: () => Promise<Connection | null>;
  /** The newest seq of the workspace, from a poke: pull when it is past the mirror's cursor. */
  onPoke: (seq: string) => void;
  /** The server no longer takes the token: syncing shows it, the stream waits for a new connection. */
  onUnauthorized?: () => void;
  now?: () => number;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** No byte (not even a heartbeat, sent every 15 s) for this long: the connection is dead, open another. */
  silenceMs?: number;
  /** Closed pages cost nothing: the stream closes this long after the last one went. */
  idleCloseMs?: number;
  backoffMaxMs?: number;
}

export type LiveState = 'closed' | 'connecting' | 'open' | 'waiting' | 'unauthorized';

export function createLiveStream(deps: LiveStreamDeps) {
  const {
    now = Date.now,
    random = Math.random,
    setTimer = (run, ms) => setTimeout(run, ms),
    clearTimer = (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    silenceMs = 45_000,
    idleCloseMs = 5_000,
    backoffMaxMs = 60_000,
  } = deps;
  let holders = 0;
  let state: LiveState = 'closed';
  let abort: AbortController | null = null;
  let retryMs = 3_000;
  let failures = 0;
  let reconnectTimer: unknown = null;
  let idleTimer: unknown = null;
  let silenceTimer: unknown = null;
  let lastEventId: string | undefined;
  const listeners = new Set<(state: LiveState) => void>();

  const setState = (next: LiveState) => {
    state = next;
    for (const listener of listeners) listener(next);
  };
  const clear = (timer: unknown) => {
    if (timer !== null) clearTimer(timer);
    return null;
  };

  function close() {
    reconnectTimer = clear(reconnectTimer);
    silenceTimer = clear(silenceTimer);
    abort?.abort();
    abort = null;
    if (state !== 'unauthorized') setState('closed');
  }

  function scheduleReconnect(hintMs: number | null) {
    abort = null;
    silenceTimer = clear(silenceTimer);
    if (holders === 0 || state === 'unauthorized') return close();
    failures += 1;
    // Jittered, from the server's `retry:` hint up: a restart of many servers does not bring every client at once.
    const delay = hintMs ?? backoffDelay(failures, retryMs, backoffMaxMs, random);
    setState('waiting');
    reconnectTimer = clear(reconnectTimer);
    reconnectTimer = setTimer(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
  }

  function armSilence(controller: AbortController) {
    silenceTimer = clear(silenceTimer);
    silenceTimer = setTimer(() => controller.abort(), silenceMs);
  }

  async function connect(): Promise<void> {
    if (holders === 0 || abort) return;
    const connection = await deps.connection();
    if (!connection || holders === 0 || abort) {
      if (!connection) close();
      return;
    }
    const controller = new AbortController();
    abort = controller;
    setState('connecting');
    let response: Response;
    try {
      const base = connection.serverUrl.replace(/\/+$/, '');
      response = await deps.fetch(`${base}${EVENTS_PATH}`, {
        headers: {
          authorization: `Bearer ${connection.token}`,
          accept: 'text/event-stream',
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch {
      if (abort === controller) scheduleReconnect(null);
      return;
    }
    if (abort !== controller) {
      void response.body?.cancel().catch(() => undefined);
      return;
    }
    if (response.status === 401) {
      abort = null;
      setState('unauthorized');
      deps.onUnauthorized?.();
      return;
    }
    if (response.status === 400) lastEventId = undefined;
    if (response.status !== 200 || !response.body) {
      void response.body?.cancel().catch(() => undefined);
      const hint = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), now()) : null;
      return scheduleReconnect(hint === null ? null : Math.min(hint, backoffMaxMs));
    }
    setState('open');
    armSilence(controller);
    const parse = createEventStreamParser((ms) => {
      retryMs = Math.max(500, Math.min(ms, 60_000));
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armSilence(controller);
        failures = 0;
        for (const event of parse(value)) {
          if (event.event !== 'poke') continue;
          const poke = zPoke.safeParse(safeJson(event.data));
          if (!poke.success) continue;
          if (event.id) lastEventId = event.id;
          deps.onPoke(poke.data.seq);
        }
      }
    } catch {
      // Aborted (closed, silent too long) or cut: reconnect below unless we closed it.
    }
    if (abort === controller) scheduleReconnect(null);
  }

  return {
    /** A page or tab wants the stream; the returned function lets go of it. */
    hold(): () => void {
      holders += 1;
      idleTimer = clear(idleTimer);
      if (state === 'closed' || (state === 'waiting' && failures === 0)) void connect();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holders -= 1;
        if (holders > 0) return;
        idleTimer = clear(idleTimer);
        idleTimer = setTimer(() => {
          idleTimer = null;
          if (holders === 0) close();
        }, idleCloseMs);
      };
    },
    /** The browser is online again, or a new connection was saved: reconnect now rather than after the back-off. */
    reconnectNow() {
      if (state === 'unauthorized') setState('closed');
      failures = 0;
      if (holders === 0) return;
      reconnectTimer = clear(reconnectTimer);
      abort?.abort();
      abort = null;
      void connect();
    },
    state: () => state,
    holders: () => holders,
    onState(listener: (state: LiveState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: close,
  };
}
export type LiveStream = ReturnType<typeof createLiveStream>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
