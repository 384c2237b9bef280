import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { zApiError, zMe, zMutationBatchResult } from '../../utils/contract.ts';
import { generateToken } from '../domain/tokens.ts';
import { createTemporaryDatabase } from '../testing/databases.ts';
import { startServer } from '../testing/server-process.ts';
import { named } from './database.ts';
import { isUnavailable } from './errors.ts';
import { openPostgres } from './postgres.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;

/** A loopback port nobody listens on: bound, then freed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

// Needs no PostgreSQL server, so this file has tests on every machine (PostgreSQL is optional).
describe('named statements', () => {
  it('keep their text, and one name never names two statements', () => {
    const sql = 'SELECT $1::int + 1 AS next -- named statements test';
    expect(named('hallway_test_next', sql)).toBe(sql);
    expect(named('hallway_test_next', sql)).toBe(sql);
    expect(() => named('hallway_test_next', 'SELECT $1::int + 2 AS next')).toThrow(/taken by another statement/);
  });
});

describe('the PostgreSQL pool without a server', () => {
  it('rejects queries and transactions with the connection error, and closes', async () => {
    const db = openPostgres(`postgres://hallway:secret@127.0.0.1:${await closedPort()}/hallway`, 2);
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const work = vi.fn(async () => 'never');
    await expect(db.transaction(work)).rejects.toThrow();
    expect(work).not.toHaveBeenCalled();
    await db.close();
  });
});

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
          `SELECT (count(*) FILTER (WHERE pg_terminate_backend(pid)))::int AS count FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        )
      ).rows;
      await admin.end();
      expect(ended?.count).toBeGreaterThan(0);

      // Each socket closes when its ended backend exits, which a loaded machine may take a while to see; until then
      // the pool could still hand out a connection that is gone.
      await vi.waitFor(() => expect(logged).toHaveBeenCalledTimes(ended?.count ?? 0), { timeout: 5000 });
      for (const [line] of logged.mock.calls) expect(String(line)).toMatch(/closed an idle connection/);
      expect(await db.query<{ answer: number }>('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
    });

    it("answers 503 with Retry-After when PostgreSQL ends a request's connection mid-transaction, and lives on", async () => {
      const database = await createTemporaryDatabase(postgresUrl);
      cleanups.push(database.drop);
      const token = generateToken();
      const server = await startServer({ DATABASE_URL: database.url, HALLWAY_BOOTSTRAP_TOKEN: token });
      cleanups.push(async () => void server.child.kill('SIGKILL'));
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, headers: response.headers, body: await response.json() };
      };
      const workspaceId = zMe.parse((await call('GET', '/v1/me')).body).workspace.id;
      const session = async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        cleanups.push(() => client.end());
        return client;
      };

      // Another session holds the workspace's row lock, so the request waits inside its transaction.
      const holder = await session();
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
      const batch = {
        mutations: [{ mutationId: randomUUID(), type: 'goal.create', id: randomUUID(), data: { title: 'Ship it' } }],
      };
      const pending = call('POST', '/v1/mutations', batch);
      const admin = await session();
      const waiting = await vi.waitFor(
        async () => {
          const { rows } = await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          expect(rows).toHaveLength(1);
          return rows[0]?.pid;
        },
        { timeout: 10_000, interval: 50 },
      );
      await admin.query('SELECT pg_terminate_backend($1)', [waiting]);

      const response = await pending;
      expect(response.status).toBe(503);
      expect(zApiError.parse(response.body).error.code).toBe('unavailable');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      // The process is still here: once the lock is free, the client's retry applies.
      await holder.query('ROLLBACK');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(server.child.exitCode).toBeNull();
      const retried = await call('POST', '/v1/mutations', batch);
      expect(retried.status).toBe(200);
      expect(zMutationBatchResult.parse(retried.body).results.map((result) => result.status)).toEqual(['applied']);
    });

    it('prepares a named statement once per connection when asked, and sends every statement unnamed otherwise', async () => {
      const database = await createTemporaryDatabase(postgresUrl);
      cleanups.push(database.drop);
      const statement = named('hallway_test_double', 'SELECT $1::int * 2 AS doubled');
      const preparedOn = async (preparedStatements: boolean) => {
        // One connection, so the second transaction runs where the first one prepared it.
        const db = openPostgres(database.url, 1, { preparedStatements });
        try {
          const first = await db.transaction((tx) => tx.query<{ doubled: number }>(statement, [21]));
          return await db.transaction(async (tx) => ({
            results: [...first, ...(await tx.query<{ doubled: number }>(statement, [4]))],
            prepared: await tx.query<{ name: string; statement: string }>(
              'SELECT name, statement FROM pg_prepared_statements',
            ),
          }));
        } finally {
          await db.close();
        }
      };
      const on = await preparedOn(true);
      expect(on.results).toEqual([{ doubled: 42 }, { doubled: 8 }]);
      expect(on.prepared).toEqual([{ name: 'hallway_test_double', statement }]);
      const off = await preparedOn(false);
      expect(off.results).toEqual([{ doubled: 42 }, { doubled: 8 }]);
      expect(off.prepared).toEqual([]);
    });

    it('survives PostgreSQL ending a transaction left idle, and the next transaction works', async () => {
      const database = await createTemporaryDatabase(postgresUrl);
      // One connection: the next transaction gets a new one only if the broken one was not put back.
      const db = openPostgres(database.url, 1);
      cleanups.push(database.drop, () => db.close());
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      cleanups.push(async () => logged.mockRestore());

      const idle = db.transaction(async (tx) => {
        await tx.query("SET LOCAL idle_in_transaction_session_timeout = '50ms'");
        // PostgreSQL ends the session while the transaction waits here, as a failover would.
        await new Promise((resolve) => setTimeout(resolve, 500));
        return tx.query('SELECT 1');
      });
      await expect(idle).rejects.toSatisfy(isUnavailable);
      expect(await db.transaction((tx) => tx.query<{ answer: number }>('SELECT 42 AS answer'))).toEqual([
        { answer: 42 },
      ]);
    });
  });
}
