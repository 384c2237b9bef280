import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTemporaryDatabase } from '../testing/databases.ts';
import { openPostgres } from './postgres.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;

// Needs a PostgreSQL server (CI sets TEST_DATABASE_URL); PGlite has no connections to lose.
if (postgresUrl) {
  describe('the PostgreSQL pool', () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('survives the server ending its idle connections, and the next query works', async () => {
      const database = await createTemporaryDatabase(postgresUrl);
      const db = openPostgres(database.url, 2);
      cleanups.push(database.drop, () => db.close());
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      cleanups.push(async () => logged.mockRestore());
      await Promise.all([db.query('SELECT 1'), db.query('SELECT 2')]);

      // As a restart or an administrator would: end every other connection to this database.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      const [ended] = (
        await admin.query<{ count: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS count FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        )
      ).rows;
      await admin.end();
      expect(ended?.count).toBeGreaterThan(0);

      await vi.waitFor(() => expect(logged).toHaveBeenCalled());
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/closed an idle connection/);
      expect(await db.query<{ answer: number }>('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
    });
  });
}
