import { describe, expect, it } from 'vitest';
import type { SyncStateRow } from '../../utils/db/schema.ts';
import { initialSyncState } from '../../utils/sync/apply.ts';
import type { SyncOutcome } from '../../utils/sync/engine.ts';
import { backoffDelay, createSyncScheduler } from '../../utils/sync/scheduler.ts';

/** A scripted engine and a manual clock: timers run only when the test fires them. */
function harness(outcomes: SyncOutcome[]) {
  let clock = 1_000_000;
  let state: SyncStateRow = initialSyncState();
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  const passes: number[] = [];
  const scheduler = createSyncScheduler({
    engine: {
      async syncOnce() {
        passes.push(clock);
        const outcome = outcomes.shift() ?? { kind: 'done', pushed: 0, pulled: 0 };
        if (outcome.kind === 'unauthorized') state = { ...state, status: 'reconnect' };
        return outcome;
      },
      async deferUntil(at) {
        state = { ...state, nextAttemptAt: at };
      },
      readState: async () => state,
    },
    now: () => clock,
    random: () => 0.5,
    setTimer: (run, ms) => {
      const timer = {
        run: () => {
          timer.cleared = true;
          run();
        },
        ms,
        cleared: false,
      };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
  });
  const live = () => timers.filter((timer) => !timer.cleared);
  return {
    scheduler,
    passes,
    live,
    state: () => state,
    advance(ms: number) {
      clock += ms;
    },
  };
}

const failed = (retryAfterMs: number | null = null): SyncOutcome => ({
  kind: 'failed',
  failure: retryAfterMs === null ? { kind: 'network' } : { kind: 'rate_limited', retryAfterMs },
  retryAfterMs,
});

describe('sync scheduling', () => {
  it('backs off exponentially with jitter, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('retries a failed pass later, and longer after each failure', async () => {
    const h = harness([failed(), failed()]);
    await h.scheduler.trigger('startup');
    expect(h.live().map((t) => t.ms)).toEqual([1500]);
    h.live()[0]?.run();
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(h.passes).toHaveLength(2);
    expect(h.live().map((t) => t.ms)).toEqual([3000]);
    expect(h.state().nextAttemptAt).toBeGreaterThan(0);
  });

  it('honours Retry-After across a worker restart, capped so writes still move', async () => {
    const h = harness([failed(999_999_000)]);
    await h.scheduler.trigger('startup');
    expect(h.live().map((t) => t.ms)).toEqual([15 * 60_000]);
    // A new worker (same persisted state) started by an alarm waits too instead of hammering the server.
    h.scheduler.stop();
    expect(await h.scheduler.trigger('alarm')).toBeNull();
    expect(h.passes).toHaveLength(1);
    // "Sync now" and coming back online do not wait.
    expect(await h.scheduler.trigger('manual')).toMatchObject({ kind: 'done' });
    expect(h.passes).toHaveLength(2);
  });

  it('debounces local writes into one pass', async () => {
    const h = harness([]);
    for (let n = 0; n < 5; n += 1) await h.scheduler.trigger('write');
    expect(h.live()).toHaveLength(1);
    expect(h.passes).toHaveLength(0);
    h.live()[0]?.run();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(h.passes).toHaveLength(1);
  });

  it('runs one pass at a time and one more for triggers that came during it', async () => {
    const h = harness([]);
    const first = h.scheduler.trigger('manual');
    const second = h.scheduler.trigger('online');
    const third = h.scheduler.trigger('manual');
    await Promise.all([first, second, third]);
    expect(h.passes).toHaveLength(2);
  });

  it('runs "sync now" for the connection saved during a pass that failed, found none, or met a 401', async () => {
    for (const ended of [{ kind: 'unauthorized' }, { kind: 'disconnected' }, failed()] as SyncOutcome[]) {
      // The pass under way still read the old connection (none yet, or a token the server no longer takes); the
      // user saves a new one and the page asks for a pass, which must run with it.
      const h = harness([ended]);
      const underWay = h.scheduler.trigger('alarm');
      const syncNow = h.scheduler.trigger('manual');
      await underWay;
      expect(await syncNow).toEqual({ kind: 'done', pushed: 0, pulled: 0 });
      expect(h.passes).toHaveLength(2);
      // No back-off of the failed pass is left to run a third.
      expect(h.live()).toHaveLength(0);
    }
    // A trigger other than the user's during a failing pass waits for the back-off, as before.
    const h = harness([failed()]);
    await Promise.all([h.scheduler.trigger('alarm'), h.scheduler.trigger('online'), h.scheduler.trigger('poke')]);
    expect(h.passes).toHaveLength(1);
  });

  it('stops after a 401 until the user asks again', async () => {
    const h = harness([{ kind: 'unauthorized' }]);
    await h.scheduler.trigger('startup');
    expect(h.live()).toHaveLength(0);
    for (const trigger of ['alarm', 'online', 'write', 'startup'] as const) {
      expect(await h.scheduler.trigger(trigger)).toBeNull();
    }
    expect(h.passes).toHaveLength(1);
    await h.scheduler.trigger('manual');
    expect(h.passes).toHaveLength(2);
  });
});
