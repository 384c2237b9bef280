import { describe, expect, it } from 'vitest';
import { type FanOut, fanOutLine, LiveHub, parseFanOutLine, type StreamSink } from './hub.ts';

const decoder = new TextDecoder();

/** A sink whose socket takes `capacity` writes, then reports a full buffer until `drain()`. */
function fakeSink(capacity = Number.POSITIVE_INFINITY) {
  const written: string[] = [];
  let drainListener = () => {};
  let closeListener = () => {};
  const state = { ended: false, destroyed: false, full: false };
  const sink: StreamSink = {
    write(bytes) {
      written.push(decoder.decode(bytes));
      state.full = written.length >= capacity;
      return !state.full;
    },
    onDrain: (listener) => {
      drainListener = listener;
    },
    onClose: (listener) => {
      closeListener = listener;
    },
    end: () => {
      state.ended = true;
      closeListener();
    },
    destroy: () => {
      state.destroyed = true;
      closeListener();
    },
  };
  return {
    sink,
    written,
    state,
    drain() {
      state.full = false;
      capacity = Number.POSITIVE_INFINITY;
      drainListener();
    },
  };
}

const pokes = (written: string[]) => written.filter((text) => text.includes('event: poke'));
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('the live hub', () => {
  it('coalesces a burst of changes into one poke with the newest seq, and never sends an older one', async () => {
    const hub = new LiveHub({ coalesceMs: 5 });
    const fake = fakeSink();
    const opened = hub.open('w1', 't1', fake.sink);
    if (!opened.ok) throw new Error('refused');
    opened.current(3n);
    for (let seq = 4; seq <= 50; seq += 1) hub.changed('w1', String(seq));
    hub.changed('w1', '20');
    await settle();
    expect(pokes(fake.written)).toEqual([
      'id: 3\nevent: poke\ndata: {"seq":"3"}\n\n',
      'id: 50\nevent: poke\ndata: {"seq":"50"}\n\n',
    ]);
    hub.changed('w1', '49');
    hub.changed('w2', '99');
    await settle();
    expect(pokes(fake.written)).toHaveLength(2);
    hub.closeAll();
  });

  it('pokes a change after a quiet spell at once, and holds the changes that follow to one poke per window', async () => {
    const fanOuts: FanOut[] = [];
    let fannedOut = () => {};
    const hub = new LiveHub({
      coalesceMs: 300,
      onFanOut: (fanOut) => {
        fanOuts.push(fanOut);
        fannedOut();
      },
    });
    const fake = fakeSink();
    const opened = hub.open('w1', 't1', fake.sink, 0n);
    if (!opened.ok) throw new Error('refused');
    const seqs = () => pokes(fake.written).map((text) => /"seq":"(\d+)"/.exec(text)?.[1]);
    // A lone write: its poke does not wait out the window (nothing to coalesce it with).
    hub.changed('w1', '1');
    await settle();
    expect(seqs()).toEqual(['1']);
    // Changes within the window of that poke: held, then one poke with the newest seq.
    const next = new Promise<void>((resolve) => {
      fannedOut = resolve;
    });
    hub.changed('w1', '2');
    hub.changed('w1', '3');
    await settle();
    expect(seqs()).toEqual(['1']);
    await next;
    expect(seqs()).toEqual(['1', '3']);
    expect(fanOuts.map((fanOut) => fanOut.seq)).toEqual([1n, 3n]);
    hub.closeAll();
  });

  it('keeps a reader that never reads to one pending poke, then closes it once it stays stuck', async () => {
    let now = 0;
    const hub = new LiveHub({ coalesceMs: 0, stuckMs: 1_000, now: () => now });
    const stuck = fakeSink(2);
    const healthy = fakeSink();
    for (const fake of [stuck, healthy]) {
      const opened = hub.open('w1', fake === stuck ? 't1' : 't2', fake.sink, 0n);
      if (!opened.ok) throw new Error('refused');
    }
    for (let seq = 1; seq <= 10_000; seq += 1) {
      hub.changed('w1', String(seq));
      if (seq % 1000 === 0) await settle();
    }
    await settle();
    // Two writes filled its socket; nothing was queued behind them.
    expect(stuck.written).toHaveLength(2);
    expect(pokes(healthy.written).length).toBeGreaterThan(2);
    now = 500;
    hub.beat();
    expect(stuck.state.destroyed).toBe(false);
    now = 1_000;
    hub.beat();
    expect(stuck.state.destroyed).toBe(true);
    expect(healthy.state.destroyed).toBe(false);
    expect(hub.size).toBe(1);
    hub.closeAll();
  });

  it('sends only the newest seq once a blocked reader drains', async () => {
    const hub = new LiveHub({ coalesceMs: 0 });
    const slow = fakeSink(1);
    const opened = hub.open('w1', 't1', slow.sink, 0n);
    if (!opened.ok) throw new Error('refused');
    hub.changed('w1', '1');
    await settle();
    hub.changed('w1', '2');
    await settle();
    hub.changed('w1', '3');
    await settle();
    expect(pokes(slow.written).map((text) => /"seq":"(\d+)"/.exec(text)?.[1])).toEqual(['1']);
    slow.drain();
    expect(pokes(slow.written).map((text) => /"seq":"(\d+)"/.exec(text)?.[1])).toEqual(['1', '3']);
    hub.closeAll();
  });

  it('sends heartbeats to every stream, caps streams per token and closes the streams of revoked tokens', () => {
    const hub = new LiveHub({ maxStreamsPerToken: 2 });
    const fakes = [fakeSink(), fakeSink(), fakeSink()];
    const results = fakes.map((fake) => hub.open('w1', 't1', fake.sink));
    expect(results.map((result) => result.ok)).toEqual([true, true, false]);
    const other = fakeSink();
    expect(hub.open('w1', 't2', other.sink).ok).toBe(true);
    hub.beat();
    expect(fakes[0]?.written).toEqual([': keep-alive\n\n']);
    expect(hub.revoke(['t1'])).toBe(2);
    expect(fakes[0]?.state.ended).toBe(true);
    expect(fakes[1]?.state.ended).toBe(true);
    expect(other.state.ended).toBe(false);
    expect(hub.tokenIds()).toEqual(['t2']);
    hub.closeAll();
    expect(other.state.ended).toBe(true);
    expect(hub.open('w1', 't3', fakeSink().sink)).toEqual({ ok: false, reason: 'closing' });
  });

  it('sends heartbeats on its own timer while a stream is open, and stops them with the last stream', async () => {
    const hub = new LiveHub({ heartbeatMs: 5 });
    const fake = fakeSink();
    if (!hub.open('w1', 't1', fake.sink).ok) throw new Error('refused');
    await settle();
    const beats = () => fake.written.filter((text) => text === ': keep-alive\n\n').length;
    expect(beats()).toBeGreaterThan(0);
    hub.closeAll();
    const after = beats();
    await settle();
    expect(beats()).toBe(after);
  });

  it('reports each fan-out: the streams written (not the blocked or current ones), in the line the benchmark reads', async () => {
    const fanOuts: FanOut[] = [];
    const hub = new LiveHub({ coalesceMs: 1, onFanOut: (fanOut) => fanOuts.push(fanOut) });
    const fakes = [fakeSink(), fakeSink(), fakeSink(1)];
    for (const fake of fakes) {
      const opened = hub.open('w1', 't1', fake.sink, 4n);
      if (!opened.ok) throw new Error('refused');
    }
    hub.changed('w1', '5');
    await settle();
    // The third reader's buffer filled with that poke: the next one skips it until it drains.
    hub.changed('w1', '6');
    await settle();
    expect(fanOuts.map(({ seq, written, streams }) => ({ seq, written, streams }))).toEqual([
      { seq: 5n, written: 3, streams: 3 },
      { seq: 6n, written: 2, streams: 3 },
    ]);
    const [first] = fanOuts as [FanOut];
    expect(first.loopMs).toBeGreaterThanOrEqual(0);
    expect(first.sinceChangeMs).toBeGreaterThanOrEqual(first.loopMs);
    expect(parseFanOutLine(fanOutLine(first))).toEqual({
      ...first,
      sinceChangeMs: Number(first.sinceChangeMs.toFixed(2)),
      loopMs: Number(first.loopMs.toFixed(2)),
      cpuMs: Number(first.cpuMs.toFixed(2)),
    });
    expect(parseFanOutLine('hallway server listening on http://127.0.0.1:1 (pglite)')).toBeNull();
    hub.closeAll();
  });
});
