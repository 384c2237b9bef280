/** Test helpers for the event stream: the app on a real socket, and a reader of GET /v1/events. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createEventStreamParser, EVENTS_PATH, type StreamEvent, zPoke } from '../../utils/contract.ts';
import type { App } from '../app.ts';

export async function serveApp(app: App): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            // Streams left open by a test would hold `close` forever.
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
    // A test's client reuses its idle keep-alive connections long after they served (a thousand requests under load
    // take seconds): Node's default of 5 s closes them under it, and a request sent as the close crosses it is reset.
    if ('keepAliveTimeout' in server) server.keepAliveTimeout = 60_000;
  });
}

export interface EventReader {
  status: number;
  /** The error body when the stream was refused. */
  body: unknown;
  events: StreamEvent[];
  /** Every `retry:` hint received. */
  retries: number[];
  /** Resolves with the first event (from the start) that satisfies `match`. */
  next(match?: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** The seq of the newest poke received so far. */
  lastSeq(): string | undefined;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openEvents(url: string, token: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(`${url}${EVENTS_PATH}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    signal: abort.signal,
  });
  const events: StreamEvent[] = [];
  const retries: number[] = [];
  const waiters = new Set<() => void>();
  if (response.status !== 200 || !response.body) {
    const body: unknown = await response.json().catch(() => undefined);
    return {
      status: response.status,
      body,
      events,
      retries,
      next: () => Promise.reject(new Error(`the stream was refused (${response.status})`)),
      lastSeq: () => undefined,
      ended: Promise.resolve(),
      close: () => undefined,
    } satisfies EventReader;
  }
  const parse = createEventStreamParser((ms) => retries.push(ms));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let finished = false;
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        events.push(...parse(value));
        for (const waiter of [...waiters]) waiter();
      }
    } catch {
      // Aborted by the test, or the connection dropped: both end the stream.
    } finally {
      finished = true;
      for (const waiter of [...waiters]) waiter();
    }
  })();
  const next = (match: (event: StreamEvent) => boolean = () => true, timeoutMs = 10_000) =>
    new Promise<StreamEvent>((resolve, reject) => {
      const check = () => {
        const found = events.find(match);
        if (found) {
          cleanup();
          resolve(found);
        } else if (finished) {
          cleanup();
          reject(new Error(`the stream ended without the event; got ${JSON.stringify(events)}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no such event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    status: response.status,
    body: undefined,
    events,
    retries,
    next,
    lastSeq: () => {
      const last = events.filter((event) => event.event === 'poke').at(-1);
      return last && zPoke.parse(JSON.parse(last.data)).seq;
    },
    ended,
    close: () => abort.abort(),
  } satisfies EventReader;
}

/** The predicate of a poke carrying `seq` or a later one. */
export const pokeAtLeast = (seq: string) => (event: StreamEvent) =>
  event.event === 'poke' && BigInt(zPoke.parse(JSON.parse(event.data)).seq) >= BigInt(seq);
