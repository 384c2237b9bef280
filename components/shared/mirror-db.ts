import { type HallwayDexie, openDb } from '../../utils/db/index.ts';

let db: HallwayDexie | undefined;

/**
 * The extension pages' read-only handle on the mirror (popup, capture window, sidebar), one per page; writes go
 * through the background (`mirror.write`).
 */
export function mirrorDb(): HallwayDexie {
  db ??= openDb();
  return db;
}
