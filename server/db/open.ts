import { mkdir } from 'node:fs/promises';
import type { Env } from '../env.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

type DatabaseEnv = Pick<
  Env,
  'DATABASE_URL' | 'DATABASE_DIRECT_URL' | 'DATABASE_POOL_SIZE' | 'DATABASE_PREPARED_STATEMENTS' | 'DATA_DIR'
>;

/**
 * Whether DATABASE_URL's connections prepare the server's named statements. `auto` says yes unless a
 * DATABASE_DIRECT_URL other than DATABASE_URL is set: that is how a transaction pooler (PgBouncer) is configured, and
 * PgBouncer 1.18 in transaction mode runs each transaction on whichever server connection is free, which may never
 * have prepared the name.
 */
export function usesPreparedStatements(env: Omit<DatabaseEnv, 'DATA_DIR' | 'DATABASE_POOL_SIZE'>): boolean {
  if (!env.DATABASE_URL) return false;
  if (env.DATABASE_PREPARED_STATEMENTS !== 'auto') return env.DATABASE_PREPARED_STATEMENTS === 'on';
  return !env.DATABASE_DIRECT_URL || env.DATABASE_DIRECT_URL === env.DATABASE_URL;
}

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR) and migrates it,
 * through DATABASE_DIRECT_URL when that is set (DATABASE_URL then goes through a transaction pooler).
 */
export async function openConfiguredDatabase(env: DatabaseEnv) {
  let db: Database;
  if (env.DATABASE_URL) {
    db = openPostgres(env.DATABASE_URL, env.DATABASE_POOL_SIZE, { preparedStatements: usesPreparedStatements(env) });
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
