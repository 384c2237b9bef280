/**
 * Writes what the server said into the mirror, each step in one Dexie transaction (and never with a fetch inside).
 */
import type { Change, EntityName, Item, MutationResult, PullPage } from '../contract.ts';
import type { MutationMeta } from '../db/mutations.ts';
import { replayTouches, splitTouch, tableOf } from '../db/overlay.ts';
import {
  ENTITY_TABLES,
  type EntityRow,
  type HallwayDexie,
  type OutboxAuthor,
  type OutboxRow,
  type SyncStateRow,
  sameAuthor,
  TABLE_OF,
  type Touch,
  touchOf,
} from '../db/schema.ts';
import type { ErrorParams } from '../errors.ts';

export const initialSyncState = (): SyncStateRow => ({
  id: 'main',
  cursor: null,
  lastSyncAt: null,
  lastError: null,
  // Nothing synced yet: "idle" would read as "up to date" before the first pass has run.
  status: 'disconnected',
  nextAttemptAt: null,
  serverUrl: null,
  workspaceId: null,
});

export async function readSyncState(db: HallwayDexie): Promise<SyncStateRow> {
  return (await db.syncState.get('main')) ?? initialSyncState();
}

export async function updateSyncState(db: HallwayDexie, patch: Partial<SyncStateRow>): Promise<SyncStateRow> {
  return db.transaction('rw', db.syncState, async () => {
    const next = { ...(await readSyncState(db)), ...patch };
    await db.syncState.put(next);
    return next;
  });
}

const seqOf = (value: string | null) => BigInt(value ?? '0');

export interface AppliedPage {
  /** The cursor stored after this page. */
  cursor: string;
  /** Changes written; changes at or before the stored cursor were already applied and are skipped. */
  applied: number;
}

/**
 * Applies a validated page and stores its cursor in the same transaction: a crash leaves either both or neither.
 * A page replayed by the server (a cursor that repeats or goes backwards) changes nothing: every change at or before
 * the stored cursor is skipped, and the stored cursor never moves back.
 */
export function applyPullPage(db: HallwayDexie, page: PullPage, meta: MutationMeta): Promise<AppliedPage> {
  return db.transaction('rw', [...ENTITY_TABLES, 'outbox', 'bases', 'acknowledged', 'syncState'], async () => {
    // Read together: inside the transaction each read is a round trip to IndexedDB before any row is written.
    const [state, based, outboxRows, acknowledged] = await Promise.all([
      readSyncState(db),
      db.bases.toCollection().primaryKeys(),
      db.outbox.count(),
      db.acknowledged.toArray(),
    ]);
    const stored = seqOf(state.cursor);
    // Each seq parsed once: a page holds up to a thousand changes, and the sort compares each many times.
    const fresh = page.changes
      .map((change) => ({ change, seq: seqOf(change.seq) }))
      .filter(({ seq }) => seq > stored)
      .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));

    // The last change of each entity wins; then one bulk write per table.
    const finalRows = new Map<Touch, EntityRow | null>();
    for (const { change } of fresh) finalRows.set(touchOfChange(change), change.op === 'upsert' ? change.data : null);
    // The mirror never steps back: a row older than a write the server acknowledged is an old page's.
    const ackedVersions = new Map(acknowledged.map((row) => [row.touch, row.version]));
    const caughtUp: Touch[] = [];
    for (const [touch, row] of finalRows) {
      const acked = ackedVersions.get(touch);
      if (acked === undefined) continue;
      if (row && row.version < acked) finalRows.delete(touch);
      else caughtUp.push(touch);
    }
    if (caughtUp.length > 0) await db.acknowledged.bulkDelete(caughtUp);

    const withBase = new Set(based);
    const replay: Touch[] = [];
    const puts = new Map<string, EntityRow[]>();
    const deletes = new Map<string, string[]>();
    for (const [touch, row] of finalRows) {
      const [entity, id] = splitTouch(touch);
      if (withBase.has(touch)) {
        // Local writes sit on top of this entity: move their base, then replay them over it.
        await db.bases.put({ touch, row });
        replay.push(touch);
      } else if (row) {
        listIn(puts, TABLE_OF[entity]).push(row);
      } else {
        listIn(deletes, TABLE_OF[entity]).push(id);
      }
    }
    // One entity is in at most one of these lists (the last change won), so the tables are written side by side.
    await Promise.all([
      ...[...puts].map(([table, rows]) => db.table(table).bulkPut(rows)),
      ...[...deletes].map(([table, ids]) => db.table(table).bulkDelete(ids)),
    ]);
    // Only a capture still waiting in the outbox can have a stand-in row for a key the server already knows.
    if (outboxRows > 0) await dropItemsShadowedByKey(db, [...finalRows.values()].filter(isItem));
    await replayTouches(db, replay, meta);

    const cursor = seqOf(page.cursor) > stored ? page.cursor : (state.cursor ?? page.cursor);
    await db.syncState.put({ ...state, cursor });
    return { cursor, applied: fresh.length };
  });
}

function listIn<T>(lists: Map<string, T[]>, key: string): T[] {
  let list = lists.get(key);
  if (!list) {
    list = [];
    lists.set(key, list);
  }
  return list;
}

const touchOfChange = (change: Change): Touch =>
  change.op === 'upsert' ? touchOf(change.entity, change.data.id) : touchOf(change.entity, change.id);

const isItem = (row: EntityRow | null): row is Item => row !== null && 'ref' in row;

/**
 * Items are identified by key, and another client may have captured the same key first under its own id: the
 * server's row replaces a local one with the same key.
 */
async function dropItemsShadowedByKey(db: HallwayDexie, items: Item[]): Promise<void> {
  if (items.length === 0) return;
  const idByKey = new Map(items.map((item) => [item.ref.key, item.id]));
  const shadowed = await db.items
    .where('ref.key')
    .anyOf([...idByKey.keys()])
    .filter((row) => idByKey.get(row.ref.key) !== row.id)
    .primaryKeys();
  await db.items.bulkDelete(shadowed);
}

/** An internal server error is not recorded by the server, so it may succeed later; give it a few tries. */
const INTERNAL_RETRIES = 5;

export interface AppliedResults {
  acknowledged: number;
  rejected: number;
  conflicts: number;
}

/**
 * Settles the outbox rows the server answered. A row leaves the outbox only on `applied` or `duplicate`; rejected
 * and conflicting rows stay, visible with their reason, and the entities they touched show the server state again.
 * Rows without an answer stay pending and go again with the same mutation id.
 */
export function applyPushResults(
  db: HallwayDexie,
  results: readonly MutationResult[],
  meta: MutationMeta,
): Promise<AppliedResults> {
  return db.transaction('rw', [...ENTITY_TABLES, 'outbox', 'bases', 'acknowledged'], async () => {
    const counts: AppliedResults = { acknowledged: 0, rejected: 0, conflicts: 0 };
    const acknowledged: Touch[] = [];
    const ackedVersions = new Map<Touch, number>();
    const refused: Touch[] = [];
    for (const result of results) {
      const row = await db.outbox.where('mutationId').equals(result.mutationId).first();
      if (row?.status !== 'pending') continue;
      if (result.status === 'applied' || result.status === 'duplicate') {
        acknowledged.push(...row.touches);
        await rememberAcknowledged(db, row, result, ackedVersions);
        await db.outbox.delete(row.seq as number);
        await advanceBaseVersion(db, touchOf(result.entity, result.id), result.version);
        if (result.id !== row.mutation.id) {
          // The server kept its own row (an item key captured earlier elsewhere): ours was a stand-in.
          await tableOf(db, result.entity).delete(row.mutation.id);
        }
        counts.acknowledged += 1;
      } else if (result.status === 'rejected') {
        if (result.code === 'internal' && row.attempts < INTERNAL_RETRIES) continue;
        refused.push(...row.touches);
        await db.outbox.update(row.seq as number, failed(result, 'rejected'));
        counts.rejected += 1;
      } else if (result.status === 'conflict') {
        refused.push(...row.touches);
        await db.outbox.update(row.seq as number, {
          ...failed(result, 'conflict'),
          serverVersion: result.serverVersion,
        });
        counts.conflicts += 1;
      }
    }
    // An acknowledged write already shows what the server now holds (the next pull brings its exact row), so its
    // base is only dropped; refused writes are taken off by replaying what remains over the server state.
    for (const touch of new Set(acknowledged)) {
      if (!refused.includes(touch) && (await db.outbox.where('touches').equals(touch).count()) === 0) {
        await db.bases.delete(touch);
        await labelWithVersion(db, touch, ackedVersions.get(touch));
      }
    }
    await replayTouches(db, refused, meta);
    return counts;
  });
}

/**
 * Records the versions an acknowledged write gave the entities it touched, unless the pull already brought them:
 * its own entity's from the answer, and at least one step past the base for the others (a superseded decision).
 */
async function rememberAcknowledged(
  db: HallwayDexie,
  row: OutboxRow,
  result: { entity: EntityName; id: string; version: number },
  ackedVersions: Map<Touch, number>,
): Promise<void> {
  const own = touchOf(result.entity, result.id);
  // The server kept its own row for an item key captured elsewhere: ours was a stand-in, nothing to remember.
  if (result.id !== row.mutation.id) return;
  const deletes = row.mutation.type.endsWith('.delete');
  for (const touch of row.touches) {
    const base = await db.bases.get(touch);
    let version: number;
    if (touch === own) version = result.version;
    else if (base?.row) version = base.row.version + 1;
    else continue;
    // The pull already brought this version, or the tombstone of what this write deleted.
    if (touch === own && deletes ? base?.row === null : (base?.row?.version ?? 0) >= version) continue;
    const known = (await db.acknowledged.get(touch))?.version ?? 0;
    if (version > known) await db.acknowledged.put({ touch, version });
    if (touch === own && !deletes) ackedVersions.set(touch, version);
  }
}

/**
 * The visible row of an entity whose writes the server all acknowledged is the server's at that version (the pull
 * brings its exact row): labelled so, a later edit is based on it, and an older pulled row is known to be older.
 */
async function labelWithVersion(db: HallwayDexie, touch: Touch, version: number | undefined): Promise<void> {
  if (version === undefined) return;
  const [entity, id] = splitTouch(touch);
  const visible = await tableOf(db, entity).get(id);
  if (visible && visible.version < version) await tableOf(db, entity).put({ ...visible, version });
}

/**
 * The server acknowledged a write to an entity that has more writes waiting: its base now stands at the version the
 * server reported, so later edits are based on it (the next pull brings the server's exact row).
 */
async function advanceBaseVersion(db: HallwayDexie, touch: Touch, version: number): Promise<void> {
  const base = await db.bases.get(touch);
  if (base?.row) await db.bases.put({ touch, row: { ...base.row, version } });
}

const failed = (
  result: { code: string; message: string; params?: ErrorParams | undefined },
  status: OutboxRow['status'],
): Partial<OutboxRow> => ({
  status,
  error: { code: result.code, message: result.message, ...(result.params ? { params: result.params } : {}) },
});

/** The next batch to send, oldest first. */
export async function nextBatch(db: HallwayDexie, size: number, author: OutboxAuthor): Promise<OutboxRow[]> {
  return (
    db.outbox
      .orderBy('seq')
      // Only `author`'s: a write sent with someone else's token would be recorded as theirs.
      .filter((row) => row.status === 'pending' && row.author !== undefined && sameAuthor(row.author, author))
      .limit(size)
      .toArray()
  );
}

/** Counts a send attempt before the request leaves, so a row whose answers keep getting lost shows it. */
export async function markAttempt(db: HallwayDexie, rows: readonly OutboxRow[]): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    for (const row of rows) await db.outbox.update(row.seq as number, { attempts: row.attempts + 1 });
  });
}

/**
 * Connecting to another server starts a fresh mirror; the outbox stays (a write is never dropped silently).
 * It happens at the start of a sync pass, so the fresh mirror is "syncing" from the first moment anyone sees it.
 */
export async function resetMirror(db: HallwayDexie, serverUrl: string): Promise<void> {
  await db.transaction('rw', [...ENTITY_TABLES, 'bases', 'acknowledged', 'syncState'], async () => {
    for (const table of ENTITY_TABLES) await db.table(table).clear();
    await db.bases.clear();
    await db.acknowledged.clear();
    await db.syncState.put({ ...initialSyncState(), serverUrl, status: 'syncing' });
  });
}

/**
 * Disconnecting: the workspace's copy, the token and the sync state go; the outbox too only when the user chose to
 * discard what it holds (a write made meanwhile stays, to be sent after reconnecting).
 */
export async function clearMirror(db: HallwayDexie, options: { discardOutbox: boolean }): Promise<void> {
  await db.transaction(
    'rw',
    [...ENTITY_TABLES, 'bases', 'syncState', 'credentials', 'outbox', 'keptTokens'],
    async () => {
      for (const table of ENTITY_TABLES) await db.table(table).clear();
      await db.bases.clear();
      await db.credentials.clear();
      if (options.discardOutbox) {
        await db.outbox.clear();
        await db.keptTokens.clear();
      }
      await db.syncState.put(initialSyncState());
    },
  );
}
