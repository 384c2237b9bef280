/**
 * The sync engine inside the background service worker: one scheduler per worker, triggered by the worker's
 * start, a periodic alarm, the browser coming back online, local writes and "sync now".
 */
import { browser } from 'wxt/browser';
import { openDb } from '../db/index.ts';
import type { HallwayDexie, SyncStateRow } from '../db/schema.ts';
import { readSyncState } from './apply.ts';
import { type DisconnectResult, disconnect, readConnection } from './connection.ts';
import { createSyncEngine } from './engine.ts';
import { createLiveStream } from './live.ts';
import { watchOnline } from './online.ts';
import { createSyncScheduler } from './scheduler.ts';

export const SYNC_ALARM = 'hallway.sync';
/** Chrome fires alarms at most every 30 s; a minute keeps the mirror fresh without waking the worker too often. */
const SYNC_PERIOD_MINUTES = 1;

export function startSync(db: HallwayDexie) {
  const engine = createSyncEngine({
    // Its own connection with relaxed durability (no flush to disk per commit): everything it writes can be
    // fetched again (a lost page is pulled again, its cursor went down with it; a lost ack re-sends the same
    // mutation id, answered as a duplicate). Local writes keep the default durability on `db`.
    db: openDb(db.name, { chromeTransactionDurability: 'relaxed' }),
    fetch: (input, init) => fetch(input, init),
    connection: () => readConnection(db),
  });
  const online = watchOnline({
    isOnline: () => navigator.onLine,
    onOnline: () => {
      void scheduler.trigger('online');
      live.reconnectNow();
    },
    events: globalThis,
  });
  // While a Hallway page is open or a tab shows a work item (see live.ts): a poke past the cursor pulls at once.
  const live = createLiveStream({
    fetch: (input, init) => fetch(input, init),
    connection: () => readConnection(db),
    async onPoke(seq) {
      const { cursor } = await readSyncState(db);
      if (cursor === null || BigInt(seq) > BigInt(cursor)) void scheduler.trigger('poke');
    },
    onUnauthorized: () => void scheduler.trigger('alarm'),
  });
  const scheduler = createSyncScheduler({
    engine: {
      ...engine,
      // A pass that failed may have failed for want of a network: if the browser says so, watch for its return.
      async syncOnce() {
        const outcome = await engine.syncOnce();
        if (outcome.kind === 'failed') online.check();
        return outcome;
      },
    },
  });

  // Alarms may be cleared when the browser restarts: create it on every worker start (same name replaces it).
  void browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void scheduler.trigger('alarm');
  });
  online.check();
  // A worker that died mid-push left its mutations pending: this pass re-sends them with the same ids.
  void scheduler.trigger('startup');

  return {
    /** A page or tab that wants the live stream held; returns the function that lets go. */
    holdLive: () => live.hold(),
    /** After a committed local write: push it soon (debounced, so a burst of writes goes in one batch). */
    afterWrite: () => void scheduler.trigger('write'),
    /**
     * Signing out: the token and the workspace's copy go (see `disconnect`), after the pass under way, if any; the
     * server URL stays, so signing in again is one click.
     */
    forget: (discardUnsent: boolean): Promise<DisconnectResult> =>
      disconnect(db, { discardUnsent, settled: () => scheduler.settled(), saveServerUrl: async () => undefined }),
    /** "Sync now" (and after connecting): runs a pass even after a 401 or during a back-off. */
    async syncNow(): Promise<SyncStateRow> {
      // A new connection (or "sync now" after a 401) may bring a token the stream can use again.
      live.reconnectNow();
      await scheduler.trigger('manual');
      return engine.readState();
    },
  };
}
