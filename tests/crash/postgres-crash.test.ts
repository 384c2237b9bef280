/**
 * Acked means durable, on PostgreSQL itself: the PostgreSQL server is stopped the way a
 * crash stops it (`pg_ctlcluster … stop -m immediate`: no checkpoint, crash recovery at the next start) right after
 * the Hallway server acknowledged a write. It runs alone, after the other suites, because it takes the database
 * server down; CI names the cluster in TEST_POSTGRES_CLUSTER (e.g. "15 main") and runs as root.
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { createTemporaryDatabase } from '../../server/testing/databases.ts';
import { expectGoalAfterRestart, killHard, startAndWriteGoal } from '../../server/testing/server-process.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;
const cluster = process.env.TEST_POSTGRES_CLUSTER?.split(' ');

async function waitUntilAccepting(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe('PostgreSQL crash', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  if (postgresUrl && cluster?.length === 2) {
    it('keeps a write acknowledged just before PostgreSQL crashed', async () => {
      const database = await createTemporaryDatabase(postgresUrl);
      cleanups.push(() => database.drop());
      const written = await startAndWriteGoal(cleanups, { DATABASE_URL: database.url });

      execFileSync('pg_ctlcluster', [...cluster, 'stop', '-m', 'immediate']);
      await killHard(written.server.child);
      execFileSync('pg_ctlcluster', [...cluster, 'start']);
      await waitUntilAccepting(postgresUrl);

      await expectGoalAfterRestart(cleanups, written);
    }, 120_000);
  }
});
