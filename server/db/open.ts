import { mkdir } from 'node:fs/promises';
import type { Env } from '../env.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR) and migrates it. */
export async function openConfiguredDatabase(env: Pick<Env, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATA_DIR'>) {
  let db: Database;
  if (env.DATABASE_URL) {
    db = openPostgres(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
  } else {
    await mkdir(env.DATA_DIR, { recursive: true });
    db = await openPglite(env.DATA_DIR);
  }
  await migrate(db);
  return db;
}
