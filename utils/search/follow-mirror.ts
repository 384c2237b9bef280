/**
 * Keeps a search index equal to the mirror: loads it once, then follows every write made through the same Dexie
 * instance (sync pages, local writes, rejected writes rolled back, a mirror reset) with a DBCore middleware. The
 * middleware sees each written row itself, so a 500-row sync page updates the index without reading anything back,
 * and it hands a transaction's writes to the index only once the transaction has committed, as deferred work (see
 * `SearchIndex.defer`): indexed while the writer goes on, and before anyone next reads the index.
 *
 * Dexie's `storagemutated` event is no substitute: for bulk writes of 50 rows or more it reports "the whole table
 * changed", which would mean reloading the table after every sync page.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTransaction } from 'dexie';
import type { HallwayDexie } from '../db/schema.ts';
import { INDEXED_TABLES, type IndexedTable } from './records.ts';
import type { SearchIndex } from './search-index.ts';

type IndexChange =
  | { table: IndexedTable; op: 'put'; rows: readonly unknown[] }
  | { table: IndexedTable; op: 'delete'; ids: readonly unknown[] }
  | { table: IndexedTable; op: 'deleteRange'; lower: unknown; upper: unknown };

const isIndexedTable = (name: string): name is IndexedTable => Object.hasOwn(INDEXED_TABLES, name);

export interface MirrorFollower {
  /** Follows the writes made through `db`; call before it opens (Dexie builds its middleware stack on open). */
  follow(db: HallwayDexie): void;
  /** Fills the index from the mirror; writes followed meanwhile are applied after it, so they are not overwritten. */
  load(db: HallwayDexie): Promise<void>;
}

/**
 * One follower may follow several connections to the same mirror: the background writes local changes through one
 * and the sync engine applies pulled pages through another.
 */
export function createMirrorFollower(index: SearchIndex): MirrorFollower {
  let loaded = false;
  const heldDuringLoad: IndexChange[] = [];
  const pendingByTransaction = new WeakMap<DBCoreTransaction, IndexChange[]>();

  // Off the writer's path: a sync page's thousand rows are indexed in slices while IndexedDB writes the next page.
  const apply = (changes: IndexChange[]) => {
    if (!loaded) heldDuringLoad.push(...changes);
    else for (const slice of changes.flatMap(slicesOf)) index.defer(() => applyChange(index, slice));
  };

  function record(trans: DBCoreTransaction, change: IndexChange) {
    const pending = pendingByTransaction.get(trans);
    if (pending) {
      pending.push(change);
      return;
    }
    const changes = [change];
    pendingByTransaction.set(trans, changes);
    // Dexie's IndexedDB core hands out the IDBTransaction itself; its events say whether the writes stuck.
    const events = trans as Partial<EventTarget>;
    if (typeof events.addEventListener === 'function') {
      events.addEventListener('complete', () => apply(changes), { once: true });
    } else {
      queueMicrotask(() => apply(changes));
    }
  }

  return {
    follow(db) {
      if (db.isOpen()) throw new Error('The search index must follow a connection before it opens.');
      db.use({
        stack: 'dbcore',
        name: 'hallway-search-index',
        create: (down: DBCore): DBCore => ({
          ...down,
          table(tableName) {
            const table = down.table(tableName);
            if (!isIndexedTable(tableName)) return table;
            return {
              ...table,
              async mutate(req: DBCoreMutateRequest) {
                const response = await table.mutate(req);
                const change = changeOf(tableName, req);
                if (change) record(req.trans, change);
                return response;
              },
            };
          },
        }),
      });
    },
    async load(db) {
      await db.transaction('r', Object.keys(INDEXED_TABLES), async () => {
        for (const [table, { toRecords }] of Object.entries(INDEXED_TABLES)) {
          await db.table(table).each((row) => index.replaceSource(sourceOf(table, row), toRecords(row)));
        }
      });
      loaded = true;
      for (const change of heldDuringLoad.splice(0)) applyChange(index, change);
    },
  };
}

/** Rows per deferred task: small enough that one task holds the thread for a millisecond or two. */
const ROWS_PER_TASK = 100;

function slicesOf(change: IndexChange): IndexChange[] {
  if (change.op !== 'put' || change.rows.length <= ROWS_PER_TASK) return [change];
  const slices: IndexChange[] = [];
  for (let start = 0; start < change.rows.length; start += ROWS_PER_TASK) {
    slices.push({ ...change, rows: change.rows.slice(start, start + ROWS_PER_TASK) });
  }
  return slices;
}

function changeOf(table: IndexedTable, req: DBCoreMutateRequest): IndexChange | null {
  switch (req.type) {
    case 'add':
    case 'put':
      return { table, op: 'put', rows: req.values };
    case 'delete':
      return { table, op: 'delete', ids: req.keys };
    case 'deleteRange':
      return { table, op: 'deleteRange', lower: req.range.lower, upper: req.range.upper };
  }
}

/** The index's name for a mirror row: every record made from it is replaced or removed with it. */
const sourceOf = (table: string, row: unknown) => `${table}:${(row as { id: string }).id}`;

function applyChange(index: SearchIndex, change: IndexChange): void {
  const { toRecords } = INDEXED_TABLES[change.table];
  if (change.op === 'put') {
    for (const row of change.rows) index.replaceSource(sourceOf(change.table, row), toRecords(row));
  } else if (change.op === 'delete') {
    for (const id of change.ids) if (typeof id === 'string') index.replaceSource(`${change.table}:${id}`, []);
  } else {
    // `clear()` and range deletes: ids are strings, so a bound that is not a string is open-ended.
    const above = (id: string) => typeof change.lower !== 'string' || id >= change.lower;
    const below = (id: string) => typeof change.upper !== 'string' || id <= change.upper;
    const prefix = `${change.table}:`;
    const doomed = [...index.sources()].filter((source) => {
      if (!source.startsWith(prefix)) return false;
      const id = source.slice(prefix.length);
      return above(id) && below(id);
    });
    for (const source of doomed) index.replaceSource(source, []);
  }
}
