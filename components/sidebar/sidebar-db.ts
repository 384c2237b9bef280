import { type HallwayDexie, openDb } from '../../utils/db/index.ts';

let db: HallwayDexie | undefined;

/** The sidebar's read-only handle on the mirror; writes go through the background (`mirror.write`). */
export function sidebarDb(): HallwayDexie {
  db ??= openDb();
  return db;
}
