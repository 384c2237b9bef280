/** The lookups context resolution needs, over the Dexie mirror or over plain arrays (tests, benchmarks). */
import { Dexie } from 'dexie';
import type { Decision, Goal, Item, Link, OwnershipRule, Team, Tool } from '../contract.ts';
import type { HallwayDexie } from '../db/schema.ts';

export interface MirrorSource {
  /**
   * Runs all of one resolution's lookups, made through `within`: over the mirror in one read transaction, so they
   * see one state of it (never half of a sync page) and share one IndexedDB transaction instead of opening one each.
   */
  snapshot<T>(read: (within: MirrorSource) => Promise<T>): Promise<T>;
  itemByKey(key: string): Promise<Item | null>;
  itemsByKeys(keys: readonly string[]): Promise<Item[]>;
  /** Links whose `itemKey` is `key` (owner, goal and related links from this item). */
  linksFrom(key: string): Promise<Link[]>;
  /** Related links pointing at `key` from another item. */
  relatedLinksTo(key: string): Promise<Link[]>;
  /** Every ownership rule of `tool`. */
  rulesFor(tool: Tool): Promise<OwnershipRule[]>;
  team(id: string): Promise<Team | null>;
  goal(id: string): Promise<Goal | null>;
  decision(id: string): Promise<Decision | null>;
  decisionsAbout(key: string): Promise<Decision[]>;
}

/** The small tables every resolution reads, in memory: a few hundred teams and rules, a few thousand goals. */
interface SmallTables {
  teams: Map<string, Team>;
  goals: Map<string, Goal>;
  /** In the `[tool+field]` index's order, as the mirror lists them. */
  rulesByTool: Map<Tool, OwnershipRule[]>;
}

const SMALL_TABLES = ['teams', 'goals', 'rules'] as const;

/**
 * One copy of the small tables per open mirror, read in one transaction on first use and dropped as soon as Dexie
 * reports a change to any of them (in this context at the commit itself, before the writer goes on; from another
 * context through Dexie's broadcast). Resolutions then look teams, goals (a goal's parents one after another) and
 * rules up in memory: only items, links and decisions, the large tables, cost IndexedDB round trips.
 */
const smallTableCaches = new WeakMap<HallwayDexie, () => Promise<SmallTables>>();

function smallTablesOf(db: HallwayDexie): () => Promise<SmallTables> {
  const known = smallTableCaches.get(db);
  if (known) return known;
  let loading: Promise<SmallTables> | null = null;
  const prefixes = SMALL_TABLES.map((table) => `idb://${db.name}/${table}/`);
  Dexie.on('storagemutated', (parts) => {
    if (Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix)))) loading = null;
  });
  const load = () =>
    // Outside any caller's transaction: a resolution's snapshot must not wait on another transaction's reads.
    Dexie.ignoreTransaction(() =>
      db.transaction('r', [db.teams, db.goals, db.rules], async () => {
        const [teams, goals, rules] = await Promise.all([
          db.teams.toArray(),
          db.goals.toArray(),
          db.rules.orderBy('[tool+field]').toArray(),
        ]);
        const rulesByTool = new Map<Tool, OwnershipRule[]>();
        for (const rule of rules) rulesByTool.set(rule.tool, [...(rulesByTool.get(rule.tool) ?? []), rule]);
        return { teams: byId(teams), goals: byId(goals), rulesByTool };
      }),
    );
  const current = () => {
    const started = load();
    loading ??= started;
    // A load that fails is not kept: the next resolution tries again.
    started.catch(() => {
      if (loading === started) loading = null;
    });
    return loading;
  };
  const cache = () => loading ?? current();
  smallTableCaches.set(db, cache);
  return cache;
}

const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((row) => [row.id, row]));

/** The large tables' reads of one resolution, and the indexes they use (utils/db/versions.ts declares them). */
interface LargeTableReads {
  itemByKey(key: string): Promise<Item | null>;
  itemsByKeys(keys: readonly string[]): Promise<Item[]>;
  linksFrom(key: string): Promise<Link[]>;
  relatedLinksTo(key: string): Promise<Link[]>;
  decision(id: string): Promise<Decision | null>;
  decisionsAbout(key: string): Promise<Decision[]>;
}

const LARGE_TABLES = ['items', 'links', 'decisions'] as const;

function dexieReads(db: HallwayDexie): LargeTableReads {
  return {
    itemByKey: async (key) => (await db.items.where('ref.key').equals(key).first()) ?? null,
    itemsByKeys: (keys) =>
      db.items
        .where('ref.key')
        .anyOf([...keys])
        .toArray(),
    linksFrom: (key) => db.links.where('itemKey').equals(key).toArray(),
    relatedLinksTo: (key) => db.links.where('relatedItemKey').equals(key).toArray(),
    decision: async (id) => (await db.decisions.get(id)) ?? null,
    decisionsAbout: (key) => db.decisions.where('itemKeys').equals(key).toArray(),
  };
}

/**
 * The same reads as `dexieReads`, as plain IndexedDB requests in one read-only transaction of Dexie's own connection:
 * a resolution is a handful of index lookups, and Dexie's transaction and promise machinery around each cost
 * several times the lookups themselves (the benchmark's raw index lookup is the floor). Nothing in the mirror
 * changes rows on read (no middleware), so the rows are the ones Dexie would return, in the same order. A
 * transaction that ended under a caller awaiting something else is replaced by a new one for the remaining reads.
 */
function idbReads(idb: IDBDatabase): LargeTableReads {
  const begin = () => idb.transaction([...LARGE_TABLES], 'readonly');
  let tx = begin();
  const request = <T>(make: (tx: IDBTransaction) => IDBRequest<T>): Promise<T> =>
    new Promise((resolve, reject) => {
      let pending: IDBRequest<T>;
      try {
        pending = make(tx);
      } catch (error) {
        if (!endedTransaction(error)) throw error;
        tx = begin();
        pending = make(tx);
      }
      pending.onsuccess = () => resolve(pending.result);
      pending.onerror = () => reject(pending.error);
    });
  const all = <T>(table: (typeof LARGE_TABLES)[number], index: string, key: string) =>
    request((tx) => tx.objectStore(table).index(index).getAll(key) as IDBRequest<T[]>);
  return {
    itemByKey: async (key) =>
      ((await request((tx) => tx.objectStore('items').index('ref.key').get(key))) as Item | undefined) ?? null,
    // In the index's order, as Dexie's anyOf answers.
    itemsByKeys: async (keys) =>
      (await Promise.all([...new Set(keys)].sort().map((key) => all<Item>('items', 'ref.key', key)))).flat(),
    linksFrom: (key) => all<Link>('links', 'itemKey', key),
    relatedLinksTo: (key) => all<Link>('links', 'relatedItemKey', key),
    decision: async (id) =>
      ((await request((tx) => tx.objectStore('decisions').get(id))) as Decision | undefined) ?? null,
    decisionsAbout: (key) => all<Decision>('decisions', 'itemKeys', key),
  };
}

/** A request on a transaction that committed (it was left idle) or is about to: a new transaction takes it. */
const endedTransaction = (error: unknown) =>
  error instanceof Error && (error.name === 'TransactionInactiveError' || error.name === 'InvalidStateError');

/**
 * Reads over Dexie's open connection, or null while it is not open or the browser closed it (another context
 * upgrades the mirror) before Dexie heard of it: Dexie then opens it, or refuses, as everywhere else.
 */
function connectionReads(db: HallwayDexie): LargeTableReads | null {
  if (!db.isOpen()) return null;
  try {
    return idbReads(db.backendDB());
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidStateError') return null;
    throw error;
  }
}

export function dexieSource(db: HallwayDexie): MirrorSource {
  const smallTables = smallTablesOf(db);
  const overDexie = dexieReads(db);
  const over = (reads: LargeTableReads, small: SmallTables | null): MirrorSource => {
    const inMemory = async () => small ?? (await smallTables());
    return {
      snapshot: async (read) => {
        const tables = await smallTables();
        const raw = connectionReads(db);
        if (raw) return read(over(raw, tables));
        return db.transaction('r', [db.items, db.links, db.decisions], () => read(over(overDexie, tables)));
      },
      ...reads,
      rulesFor: async (tool) => [...((await inMemory()).rulesByTool.get(tool) ?? [])],
      team: async (id) => (await inMemory()).teams.get(id) ?? null,
      goal: async (id) => (await inMemory()).goals.get(id) ?? null,
    };
  };
  return over(overDexie, null);
}

export interface MirrorArrays {
  teams: readonly Team[];
  goals: readonly Goal[];
  decisions: readonly Decision[];
  items: readonly Item[];
  links: readonly Link[];
  rules: readonly OwnershipRule[];
}

/** Indexes plain arrays once, so lookups cost what they cost over Dexie's indexes. */
export function arraySource(data: MirrorArrays): MirrorSource {
  const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((row) => [row.id, row]));
  const groupBy = <T>(rows: readonly T[], keysOf: (row: T) => readonly string[]) => {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      for (const key of keysOf(row)) groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    return groups;
  };
  const teams = byId(data.teams);
  const goals = byId(data.goals);
  const decisions = byId(data.decisions);
  const items = new Map(data.items.map((item) => [item.ref.key, item]));
  const linksFrom = groupBy(data.links, (link) => [link.itemKey]);
  const linksTo = groupBy(data.links, (link) => (link.kind === 'related' ? [link.relatedItemKey] : []));
  const decisionsAbout = groupBy(data.decisions, (decision) => decision.itemKeys);
  return {
    snapshot(read) {
      return read(this);
    },
    itemByKey: async (key) => items.get(key) ?? null,
    itemsByKeys: async (keys) => keys.flatMap((key) => items.get(key) ?? []),
    linksFrom: async (key) => linksFrom.get(key) ?? [],
    relatedLinksTo: async (key) => linksTo.get(key) ?? [],
    rulesFor: async (tool) => data.rules.filter((rule) => rule.tool === tool),
    team: async (id) => teams.get(id) ?? null,
    goal: async (id) => goals.get(id) ?? null,
    decision: async (id) => decisions.get(id) ?? null,
    decisionsAbout: async (key) => decisionsAbout.get(key) ?? [],
  };
}
