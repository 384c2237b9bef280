import { type HallwayDexie, openDb } from '../../utils/db/index.ts';

let db: HallwayDexie | undefined;

/** The popup's and capture window's read-only handle on the mirror; writes go through the background. */
export function captureDb(): HallwayDexie {
  db ??= openDb();
  return db;
}
