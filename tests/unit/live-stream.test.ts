import { describe, expect, it } from 'vitest';
import { createLiveStream } from '../../utils/sync/live.ts';
import { holdLiveStream } from '../../utils/sync/live-port.ts';

/** A fake server: each request gets a stream the test writes to and ends. */
function fakeServer() {
  const requests: { url: string; headers: Record<string, string>; signal: AbortSignal }[] = [];
  const controllers: ReadableStreamDefaultController<Uint8Array>[] = [];
  const answers: (() => Response)[] = [];
  const encoder = new TextEncoder();
  const fetch = async (url: string, init: RequestInit) => {
    requests.push({ url, headers: init.headers as Record<string, string>, signal: init.signal as AbortSignal });
    const answer = answers.shift();
    if (answer) return answer();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controllers.push(controller);
        (init.signal as AbortSignal).addEventListener('abort', () => {
          try {
            controller.error(new DOMException('aborted', 'AbortError'));
          } catch {}
        });
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return {
    fetch,
    requests,
    answers,
    send: (text: string, index = controllers.length - 1) => controllers[index]?.enqueue(encoder.encode(text)),
    end: (index = controllers.length - 1) => controllers[index]?.close(),
  };
}

function manualTimers() {
  const timers = new Set<{ run: () => void; ms: number }>();
  return {
    timers,
    setTimer: (run: () => void, ms: number) => {
      const timer = { run, ms };
      timers.add(timer);
      return timer;
    },
    clearTimer: (timer: unknown) => void timers.delete(timer as { run: () => void; ms: number }),
    /** Runs the timers due within `ms` of each other's start (all pending with ms <= limit). */
    fire(limit: number) {
      for (const timer of [...timers]) {
        if (timer.ms > limit) continue;
        timers.delete(timer);
        timer.run();
      }
    },
    delays: () => [...timers].map((timer) => timer.ms),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const connection = async () => ({ serverUrl: 'https://hallway.example.com/', token: 'hw_token' });

function setup(overrides: Partial<Parameters<typeof createLiveStream>[0]> = {}) {
  const server = fakeServer();
  const timers = manualTimers();
  const pokes: string[] = [];
  const live = createLiveStream({
    fetch: server.fetch,
    connection,
    onPoke: (seq) => pokes.push(seq),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    random: () => 0.5,
    ...overrides,
  });
  return { server, timers, pokes, live };
}

describe('the live stream in the background', () => {
  it('opens nothing until a page holds it, and closes a while after the last page let go', async () => {
    const { server, timers, live } = setup();
    await tick();
    expect(server.requests).toHaveLength(0);
    const first = live.hold();
    const second = live.hold();
    await tick();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe('https://hallway.example.com/v1/events');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer hw_token');
    first();
    second();
    expect(live.state()).toBe('open');
    timers.fire(5_000);
    await tick();
    expect(live.state()).toBe('closed');
    expect(server.requests[0]?.signal.aborted).toBe(true);
    // Nothing is left running: no timer, no request.
    expect(timers.timers.size).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('hands every poke on, ignores anything else, and resumes with Last-Event-ID after the server ends it', async () => {
    const { server, timers, pokes, live } = setup();
    live.hold();
    await tick();
    server.send('retry: 2000\n\nid: 7\nevent: poke\ndata: {"seq":"7"}\n\n: keep-alive\n\n');
    server.send('event: poke\ndata: not json\n\nevent: other\ndata: {"seq":"9"}\n\nid: 8\nevent: po');
    server.send('ke\ndata: {"seq":"8"}\n\n');
    await tick();
    expect(pokes).toEqual(['7', '8']);
    server.end();
    await tick();
    expect(live.state()).toBe('waiting');
    // Jittered from the server's hint: between half and all of it (random 0.5 here: three quarters).
    expect(timers.delays()).toContain(1500);
    timers.fire(1500);
    await tick();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers['last-event-id']).toBe('8');
  });

  it('backs off with jitter while the server is unreachable, and reconnects at once when the browser is online', async () => {
    let reachable = false;
    const { server, timers, live } = setup();
    const fetch = (url: string, init: RequestInit) =>
      reachable ? server.fetch(url, init) : Promise.reject(new TypeError('Failed to fetch'));
    const offline = createLiveStream({
      fetch,
      connection,
      onPoke: () => undefined,
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
      random: () => 0.5,
    });
    live.stop();
    offline.hold();
    await tick();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      delays.push(...timers.delays());
      timers.fire(Number.POSITIVE_INFINITY);
      await tick();
    }
    expect(delays).toEqual([2250, 4500, 9000, 18000]);
    reachable = true;
    offline.reconnectNow();
    await tick();
    expect(offline.state()).toBe('open');
  });

  it('stops on 401 until a new connection, and waits as long as a 429 asks', async () => {
    const { server, timers, live } = setup({ onUnauthorized: () => undefined });
    server.answers.push(() => new Response('{}', { status: 401 }));
    live.hold();
    await tick();
    expect(live.state()).toBe('unauthorized');
    expect(timers.timers.size).toBe(0);
    server.answers.push(() => new Response('{}', { status: 429, headers: { 'retry-after': '30' } }));
    live.reconnectNow();
    await tick();
    expect(live.state()).toBe('waiting');
    expect(timers.delays()).toEqual([30_000]);
  });

  it('reconnects when the stream falls silent longer than the heartbeats allow', async () => {
    const { server, timers, live } = setup({ silenceMs: 45_000 });
    live.hold();
    await tick();
    expect(timers.delays()).toEqual([45_000]);
    timers.fire(45_000);
    await tick();
    expect(server.requests[0]?.signal.aborted).toBe(true);
    expect(live.state()).toBe('waiting');
  });
});

describe('a page holding the live stream', () => {
  it('keeps a port open with a ping every 20 s and lets go when released', () => {
    const posted: unknown[] = [];
    let disconnected = 0;
    const intervals: { run: () => void; ms: number }[] = [];
    const release = holdLiveStream({
      connect: ({ name }) => {
        expect(name).toBe('hallway.live');
        return {
          postMessage: (message) => posted.push(message),
          disconnect: () => {
            disconnected += 1;
          },
          onDisconnect: { addListener: () => undefined },
        };
      },
      setInterval: (run, ms) => {
        intervals.push({ run, ms });
        return intervals.length;
      },
      clearInterval: () => intervals.splice(0),
    });
    expect(intervals.map((interval) => interval.ms)).toEqual([20_000]);
    intervals[0]?.run();
    expect(posted).toEqual([{ type: 'ping' }]);
    release();
    expect(disconnected).toBe(1);
    expect(intervals).toHaveLength(0);
  });
});
