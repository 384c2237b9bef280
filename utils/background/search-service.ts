/**
 * The background's search over the mirror: one in-memory index, filled once per worker start and kept current by
 * following every connection to the mirror that this worker opens (the sync engine opens its own).
 */
import { Dexie } from 'dexie';
import { DB_NAME } from '../db/index.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { MessageError, message } from '../message.ts';
import type { MirrorCounts } from '../messaging/protocol.ts';
import { createMirrorFollower } from '../search/follow-mirror.ts';
import type { SearchKind } from '../search/records.ts';
import { createSearchIndex, type SearchHit } from '../search/search-index.ts';

/**
 * Must run before the worker opens any connection to the mirror: the follower hooks each one as Dexie constructs
 * it (`Dexie.addons`), so a connection opened later by another module is followed without that module knowing.
 */
export function startSearchService() {
  const index = createSearchIndex();
  const follower = createMirrorFollower(index);
  Dexie.addons.push((db) => {
    if (db.name === DB_NAME) follower.follow(db as HallwayDexie);
  });
  let loading: Promise<void> | null = null;
  return {
    index,
    /** Starts filling the index; searches wait for it. */
    load(db: HallwayDexie): Promise<void> {
      loading ??= follower.load(db);
      return loading;
    },
    async search(text: string, limit?: number, kinds?: readonly SearchKind[]): Promise<SearchHit[]> {
      if (!loading) throw new MessageError('search_not_loaded', message('error.searchNotLoaded'));
      await loading;
      return index.search(text, limit, kinds);
    },
    teamName: (id: string) => index.get('team', id)?.title,
    /**
     * How many rows each table holds once the index is filled: the index follows every write (its rows are the
     * mirror's), so only the rules, which it does not hold and which are few, are counted in IndexedDB.
     */
    async counts(db: HallwayDexie): Promise<MirrorCounts> {
      if (!loading) throw new MessageError('search_not_loaded', message('error.searchNotLoaded'));
      await loading;
      const rules = await db.rules.count();
      const rows = (table: string) => index.rowCount(table);
      return { teams: rows('teams'), goals: rows('goals'), decisions: rows('decisions'), rules, items: rows('items') };
    },
  };
}
export type SearchService = ReturnType<typeof startSearchService>;
