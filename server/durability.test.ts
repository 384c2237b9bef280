import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { createTemporaryDatabase } from './testing/databases.ts';
import { writeKillRead } from './testing/server-process.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;
/** Two server processes start one after the other (PGlite initialises its database in each): 20 s is too tight. */
const PROCESS_TEST_TIMEOUT_MS = 90_000;

describe('durability', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it(
    'keeps a write acknowledged by PGlite before SIGKILL',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'hallway-durability-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      await writeKillRead(cleanups, { DATA_DIR: join(dir, 'pglite'), DATABASE_URL: '' });
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  // Registered only where CI gives a PostgreSQL server, like the other suites' PostgreSQL variants. The server
  // process dies; PostgreSQL itself keeps running (stopping it would cut the other test files' databases).
  if (postgresUrl) {
    it(
      'keeps a write acknowledged on PostgreSQL when the server is killed with SIGKILL',
      async () => {
        const database = await createTemporaryDatabase(postgresUrl);
        cleanups.push(() => database.drop());
        await writeKillRead(cleanups, { DATABASE_URL: database.url });
      },
      PROCESS_TEST_TIMEOUT_MS,
    );
  }
});
