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

/** A throwaway database on the PostgreSQL server of `TEST_DATABASE_URL`, dropped on close. */
async function openTemporaryPostgres(adminUrl: string): Promise<Database> {
  const name = `hallway_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), 8);
  return {
    ...db,
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

const postgresUrl = process.env.TEST_DATABASE_URL;

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL points at a server (CI sets it). */
export const testDatabases: TestDatabase[] = [
  { name: 'pglite', open: () => openPglite() },
  ...(postgresUrl ? [{ name: 'postgres' as const, open: () => openTemporaryPostgres(postgresUrl) }] : []),
];
