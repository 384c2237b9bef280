/** The lookups context resolution needs, over the Dexie mirror or over plain arrays (tests, benchmarks). */
import { Dexie } from 'dexie';
import type { Decision, Goal, Item, Link, OwnershipRule, Team, Tool } from '../contract.ts';
import type { HallwayDexie } from '../db/schema.ts';

export interface MirrorSource {
  /**
   * Runs all of one resolution's lookups: over Dexie in one read transaction, so they see one state of the mirror
   * (never half of a sync page) and share one IndexedDB transaction instead of opening one each.
   */
  snapshot<T>(read: () => Promise<T>): Promise<T>;
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

export function dexieSource(db: HallwayDexie): MirrorSource {
  const smallTables = smallTablesOf(db);
  /** The small tables as the current snapshot found them (set before its transaction starts). */
  let small: SmallTables | null = null;
  const inMemory = async () => small ?? (await smallTables());
  return {
    snapshot: async (read) => {
      const tables = await smallTables();
      return db.transaction('r', [db.items, db.links, db.decisions], () => {
        small = tables;
        return read();
      });
    },
    itemByKey: async (key) => (await db.items.where('ref.key').equals(key).first()) ?? null,
    itemsByKeys: (keys) =>
      db.items
        .where('ref.key')
        .anyOf([...keys])
        .toArray(),
    linksFrom: (key) => db.links.where('itemKey').equals(key).toArray(),
    relatedLinksTo: (key) => db.links.where('relatedItemKey').equals(key).toArray(),
    rulesFor: async (tool) => [...((await inMemory()).rulesByTool.get(tool) ?? [])],
    team: async (id) => (await inMemory()).teams.get(id) ?? null,
    goal: async (id) => (await inMemory()).goals.get(id) ?? null,
    decision: async (id) => (await db.decisions.get(id)) ?? null,
    decisionsAbout: (key) => db.decisions.where('itemKeys').equals(key).toArray(),
  };
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
    snapshot: (read) => read(),
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
