/**
 * The shared job queue on each database: a job runs once with its checked data, an exclusive queue takes one job per
 * key, a job sent in a transaction exists only if it commits, a failing job is retried then left failed with its
 * error; on PostgreSQL, two server instances sharing the database never run one job twice.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openPostgres } from '../db/postgres.ts';
import { createTemporaryDatabase, testDatabases } from '../testing/databases.ts';
import { type JobQueue, startJobQueue } from './queue.ts';

const zPing = z.object({ n: z.number().int() });
const waitLong = { timeout: 30_000, interval: 100 };

describe.each(testDatabases)('job queue on $name', (database) => {
  let db: Database;
  let jobs: JobQueue;
  beforeAll(async () => {
    db = await database.open();
    await migrate(db);
    jobs = await startJobQueue(db, { pollingIntervalSeconds: 0.5 });
  });
  afterAll(async () => {
    await jobs?.stop();
    await db?.close();
  });

  it('runs a job once with its data, and refuses data that does not fit the schema', async () => {
    const seen: number[] = [];
    await jobs.define('test.ping', {
      schema: zPing,
      handler: async ({ data }) => {
        seen.push(data.n);
      },
    });
    const id = await jobs.send('test.ping', { n: 7 });
    expect(id).toEqual(expect.any(String));
    await vi.waitFor(
      async () => expect((await jobs.state('test.ping', id as string))?.state).toBe('completed'),
      waitLong,
    );
    expect(seen).toEqual([7]);
    await expect(jobs.send('test.ping', { n: 'seven' })).rejects.toThrow();
    await expect(jobs.send('test.unknown', { n: 1 })).rejects.toThrow(/no queue "test.unknown"/);
  });

  it('takes one job per key on an exclusive queue while it is queued or running', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ran: number[] = [];
    await jobs.define('test.exclusive', {
      schema: zPing,
      policy: 'exclusive',
      handler: async ({ data }) => {
        ran.push(data.n);
        await gate;
      },
    });
    const first = await jobs.send('test.exclusive', { n: 1 }, { singletonKey: 'connector-a' });
    expect(first).toEqual(expect.any(String));
    expect(await jobs.send('test.exclusive', { n: 2 }, { singletonKey: 'connector-a' })).toBeNull();
    await vi.waitFor(() => expect(ran).toEqual([1]), waitLong);
    // Running: still one for that key, another key is free.
    expect(await jobs.send('test.exclusive', { n: 3 }, { singletonKey: 'connector-a' })).toBeNull();
    const other = await jobs.send('test.exclusive', { n: 4 }, { singletonKey: 'connector-b' });
    expect(other).toEqual(expect.any(String));
    release();
    await vi.waitFor(
      async () => expect((await jobs.state('test.exclusive', first as string))?.state).toBe('completed'),
      waitLong,
    );
    await vi.waitFor(
      async () => expect((await jobs.state('test.exclusive', other as string))?.state).toBe('completed'),
      waitLong,
    );
    expect(await jobs.send('test.exclusive', { n: 5 }, { singletonKey: 'connector-a' })).toEqual(expect.any(String));
  });

  it('keeps a job sent in a transaction only when the transaction commits', async () => {
    const seen: number[] = [];
    await jobs.define('test.tx', {
      schema: zPing,
      handler: async ({ data }) => {
        seen.push(data.n);
      },
    });
    let rolledBackId: string | null = null;
    await expect(
      db.transaction(async (tx) => {
        rolledBackId = await jobs.send('test.tx', { n: 1 }, { tx });
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    const committedId = await db.transaction((tx) => jobs.send('test.tx', { n: 2 }, { tx }));
    await vi.waitFor(
      async () => expect((await jobs.state('test.tx', committedId as string))?.state).toBe('completed'),
      waitLong,
    );
    expect(rolledBackId).toEqual(expect.any(String));
    expect(await jobs.state('test.tx', rolledBackId as unknown as string)).toBeNull();
    expect(seen).toEqual([2]);
  });

  it('retries a failing job, then leaves it failed with what its handler threw', async () => {
    let attempts = 0;
    await jobs.define('test.failing', {
      schema: zPing,
      retryLimit: 1,
      handler: async () => {
        attempts += 1;
        throw new Error(`the tool answered garbage (attempt ${attempts})`);
      },
    });
    const id = (await jobs.send('test.failing', { n: 1 })) as string;
    await vi.waitFor(async () => expect((await jobs.state('test.failing', id))?.state).toBe('failed'), waitLong);
    expect(attempts).toBe(2);
    expect(await jobs.state('test.failing', id)).toMatchObject({
      retryCount: 1,
      error: 'the tool answered garbage (attempt 2)',
    });
  });

  it('keeps a cron schedule per key and refuses one that is not a cron expression', async () => {
    await jobs.define('test.cron', { schema: zPing });
    await jobs.schedule('test.cron', '0 8 * * 1', { n: 1 }, { key: 'workspace-a', tz: 'Europe/Paris' });
    await jobs.schedule('test.cron', '30 9 * * 5', { n: 2 }, { key: 'workspace-b' });
    await expect(jobs.schedule('test.cron', 'every monday', { n: 3 }, { key: 'workspace-c' })).rejects.toThrow();
    await expect(jobs.schedule('test.cron', '0 8 * * 1', { n: 'one' })).rejects.toThrow();
    const rows = await db.query<{ key: string; cron: string; timezone: string }>(
      'SELECT key, cron, timezone FROM pgboss.schedule WHERE name = $1 ORDER BY key',
      ['test.cron'],
    );
    expect(rows).toEqual([
      { key: 'workspace-a', cron: '0 8 * * 1', timezone: 'Europe/Paris' },
      { key: 'workspace-b', cron: '30 9 * * 5', timezone: 'UTC' },
    ]);
    await jobs.unschedule('test.cron', 'workspace-a');
    expect(await db.query('SELECT key FROM pgboss.schedule WHERE name = $1', ['test.cron'])).toEqual([
      { key: 'workspace-b' },
    ]);
  });
});

const postgresUrl = process.env.TEST_DATABASE_URL;
describe.runIf(postgresUrl)('job queue shared by two server instances on PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('runs each of 40 jobs exactly once, never twice at the same time', async () => {
    const temporary = await createTemporaryDatabase(postgresUrl as string);
    cleanups.push(() => temporary.drop());
    const instances: { db: Database; jobs: JobQueue }[] = [];
    for (let i = 0; i < 2; i += 1) {
      const db = openPostgres(temporary.url, 4);
      cleanups.push(() => db.close());
      await migrate(db);
      const jobs = await startJobQueue(db, { pollingIntervalSeconds: 0.5 });
      cleanups.push(() => jobs.stop());
      instances.push({ db, jobs });
    }
    const runs: { n: number; instance: number }[] = [];
    const running = new Set<number>();
    let overlapped = false;
    for (const [index, { jobs }] of instances.entries()) {
      await jobs.define('test.shared', {
        schema: zPing,
        concurrency: 3,
        handler: async ({ data }) => {
          if (running.has(data.n)) overlapped = true;
          running.add(data.n);
          runs.push({ n: data.n, instance: index });
          await new Promise((resolve) => setTimeout(resolve, 20));
          running.delete(data.n);
        },
      });
    }
    for (let n = 0; n < 40; n += 1) await instances[n % 2]?.jobs.send('test.shared', { n });
    await vi.waitFor(() => expect(runs.length).toBeGreaterThanOrEqual(40), waitLong);
    // A duplicate would arrive after the 40th: give it a polling round to show up.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(runs.map((run) => run.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(overlapped).toBe(false);
    // Both instances took jobs: they competed for one queue rather than one of them doing it all.
    expect(new Set(runs.map((run) => run.instance)).size).toBe(2);
  }, 60_000);
});
