/**
 * The local mirror. Open it only in extension contexts (service worker, extension pages): in a content script,
 * IndexedDB belongs to the host page's origin.
 */
import { Dexie, type DexieOptions } from 'dexie';
import type { HallwayDexie } from './schema.ts';
import { declareVersions } from './versions.ts';

export const DB_NAME = 'hallway';

/** `options` lets Node tests pass fake-indexeddb's `indexedDB` and `IDBKeyRange`. */
export function openDb(name = DB_NAME, options?: DexieOptions): HallwayDexie {
  const db = new Dexie(name, options) as HallwayDexie;
  declareVersions(db);
  return db;
}

export type { HallwayDexie } from './schema.ts';
