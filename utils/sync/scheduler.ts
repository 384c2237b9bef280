/**
 * When to sync: on every trigger (worker start, alarm, back online, local write, "sync now"), one pass at a time,
 * backing off with jitter after failures and stopping after a 401 until the user reconnects.
 */
import type { SyncEngine, SyncOutcome } from './engine.ts';

/** `poke`: the live stream says the server is ahead of the mirror (see live.ts). */
export type SyncTrigger = 'startup' | 'alarm' | 'online' | 'write' | 'manual' | 'poke';

export interface SchedulerDeps {
  engine: Pick<SyncEngine, 'syncOnce' | 'deferUntil' | 'readState'>;
  now?: () => number;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /**
   * Local writes come in bursts (capture + link, a few ms apart): wait for the burst to end, and no longer. Everyone
   * else's open sidebar waits for this push too (issue 15's target: visible there within a second), and a write made
   * while a pass runs gets the next pass anyway.
   */
  writeDebounceMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After beyond this (a misconfigured proxy sending days) is capped: the user's writes must move. */
  retryAfterMaxMs?: number;
}

export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  // Equal jitter: at least half the step, so retries spread out without collapsing to zero.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function createSyncScheduler(deps: SchedulerDeps) {
  const {
    engine,
    now = Date.now,
    random = Math.random,
    setTimer = (run, ms) => setTimeout(run, ms),
    clearTimer = (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    writeDebounceMs = 100,
    backoffBaseMs = 2_000,
    backoffMaxMs = 5 * 60_000,
    retryAfterMaxMs = 15 * 60_000,
  } = deps;
  let running: Promise<SyncOutcome> | null = null;
  let again = false;
  /**
   * The user asked during a pass ("Sync now", or a connection just saved): the pass under way read the connection
   * before, so one more runs whatever it ends with (none found, a 401 of the old token, a failure).
   */
  let asked = false;
  let failures = 0;
  let timer: unknown = null;

  function schedule(ms: number) {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      void run();
    }, ms);
  }

  async function settle(outcome: SyncOutcome): Promise<void> {
    if (outcome.kind === 'failed') {
      failures += 1;
      const delay =
        outcome.retryAfterMs !== null
          ? Math.min(outcome.retryAfterMs, retryAfterMaxMs)
          : backoffDelay(failures, backoffBaseMs, backoffMaxMs, random);
      await engine.deferUntil(now() + delay);
      schedule(delay);
      return;
    }
    failures = 0;
  }

  function run(byUser = false): Promise<SyncOutcome> {
    if (running) {
      // A trigger during a pass (a write made while pushing) gets a pass of its own right after.
      again = true;
      asked ||= byUser;
      return running;
    }
    running = (async () => {
      let outcome: SyncOutcome;
      let next: boolean;
      do {
        again = false;
        asked = false;
        outcome = await engine.syncOnce();
        await settle(outcome);
        next = asked || (again && outcome.kind === 'done');
        if (asked) {
          // The pass about to run replaces the back-off the failed one set.
          failures = 0;
          if (timer !== null) clearTimer(timer);
          timer = null;
        }
      } while (next);
      return outcome;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    /** Resolves when the pass it started (or joined) ends; a debounced or deferred trigger resolves at once. */
    async trigger(reason: SyncTrigger): Promise<SyncOutcome | null> {
      const state = await engine.readState();
      if (state.status === 'reconnect' && reason !== 'manual') return null;
      if (reason === 'write') {
        schedule(writeDebounceMs);
        return null;
      }
      if (reason === 'manual' || reason === 'online') {
        failures = 0;
        return run(reason === 'manual');
      }
      // Startup and alarms respect a back-off or Retry-After, which may have been set by a worker since stopped.
      const wait = (state.nextAttemptAt ?? 0) - now();
      if (wait > 0) {
        if (timer === null) schedule(wait);
        return null;
      }
      return run();
    },
    /** Resolves once no pass is running (a pass chained on by a trigger during it included). */
    async settled(): Promise<void> {
      while (running) await running.catch(() => undefined);
    },
    /** Stops pending timers (tests, and before a new connection replaces this scheduler). */
    stop() {
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}
export type SyncScheduler = ReturnType<typeof createSyncScheduler>;
