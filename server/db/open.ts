import { mkdir } from 'node:fs/promises';
import type { Env } from '../env.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR) and migrates it,
 * through DATABASE_DIRECT_URL when that is set (DATABASE_URL then goes through a transaction pooler).
 */
export async function openConfiguredDatabase(
  env: Pick<Env, 'DATABASE_URL' | 'DATABASE_DIRECT_URL' | 'DATABASE_POOL_SIZE' | 'DATA_DIR'>,
) {
  let db: Database;
  if (env.DATABASE_URL) {
    db = openPostgres(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
    if (env.DATABASE_DIRECT_URL && env.DATABASE_DIRECT_URL !== env.DATABASE_URL) {
      const direct = openPostgres(env.DATABASE_DIRECT_URL, 1);
      try {
        await migrate(direct);
      } finally {
        await direct.close();
      }
      return db;
    }
  } else {
    await mkdir(env.DATA_DIR, { recursive: true });
    db = await openPglite(env.DATA_DIR);
  }
  await migrate(db);
  return db;
}
