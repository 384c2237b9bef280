import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database of its own; `close()` drops it. */
  open(): Promise<Database>;
}

/** Creates an empty database on the server of `adminUrl`; `drop()` removes it, even with connections left open. */
export async function createTemporaryDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hallway_test_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async (attempt = 1): Promise<void> => {
    try {
      await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch (error) {
      // After a heavy write, an autovacuum worker (the superuser's) may be in the database, which FORCE may not
      // end for an ordinary role (42501); it finishes on its own, so try again shortly.
      if ((error as { code?: string }).code !== '42501' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
      await drop(attempt + 1);
    }
  };
  return { url: url.toString(), drop: () => drop() };
}

async function openTemporaryPostgres(adminUrl: string): Promise<Database> {
  const temporary = await createTemporaryDatabase(adminUrl);
  // As the server reaches PostgreSQL directly: its named statements prepared (DATABASE_PREPARED_STATEMENTS=auto).
  const db = openPostgres(temporary.url, 8, { preparedStatements: true });
  return {
    ...db,
    async close() {
      await db.close();
      await temporary.drop();
    },
  };
}

const postgresUrl = process.env.TEST_DATABASE_URL;

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL points at a server (CI sets it). */
export const testDatabases: TestDatabase[] = [
  { name: 'pglite', open: () => openPglite() },
  ...(postgresUrl ? [{ name: 'postgres' as const, open: () => openTemporaryPostgres(postgresUrl) }] : []),
];
