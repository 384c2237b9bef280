import { type Db, fromPglite, PgBoss } from 'pg-boss';
import type { z } from 'zod';
import type { Database, Queryable } from '../db/database.ts';

/**
 * The one queue for all scheduled and background work (connector imports, the weekly digest, ...), kept in the
 * server's own PostgreSQL (PGlite or a PostgreSQL server) through pg-boss: a job is taken by one server process only
 * (`FOR UPDATE SKIP LOCKED`), however many run against the database. See server/README.md, "Jobs".
 *
 *   const jobs = await startJobQueue(db);
 *   await jobs.define('digest.weekly', { schema: zDigestJob, handler: async ({ data }) => { ... } });
 *   await jobs.send('digest.weekly', { workspaceId });                        // now, or { startAfter }
 *   await jobs.schedule('digest.weekly', '0 8 * * 1', { workspaceId }, { key: workspaceId, tz: 'Europe/Paris' });
 *   await jobs.send('connector.import', data, { singletonKey: connectorId, tx }); // with the caller's transaction
 */
export interface JobQueue {
  /**
   * Declares a queue: its data's schema (checked on `send` and again before the handler runs) and, in processes that
   * work (the default), the handler. Every process that sends to a queue defines it first.
   */
  define<Schema extends z.ZodType<object>>(name: string, definition: QueueDefinition<Schema>): Promise<void>;
  /**
   * Enqueues a job and answers its id; `null` when the queue is `exclusive` and a job with the same `singletonKey` is
   * already queued or running. With `tx`, the job exists only if that transaction commits.
   */
  send<Data extends object>(name: string, data: Data, options?: SendOptions): Promise<string | null>;
  /** A cron schedule (5 fields, `tz` default UTC): each slot makes one job, whichever processes are running. */
  schedule(name: string, cron: string, data: object, options?: { key?: string; tz?: string }): Promise<void>;
  unschedule(name: string, key?: string): Promise<void>;
  /** What became of a job: `created`, `retry`, `active`, `completed`, `cancelled` or `failed`; null when unknown. */
  state(name: string, id: string): Promise<JobState | null>;
  /** Stops taking jobs and waits (up to `timeoutMs`) for the running ones to end. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface QueueDefinition<Schema extends z.ZodType<object>> {
  schema: Schema;
  handler?: (job: { id: string; data: z.output<Schema>; retryCount: number }) => Promise<void>;
  /** `exclusive`: at most one job per `singletonKey` queued or running; `standard` (default): no such limit. */
  policy?: 'standard' | 'exclusive';
  /** Times a failed job is tried again (default 2). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A job running longer than this is taken as lost (its process died) and retried or failed (default 15 min). */
  expireInSeconds?: number;
  /** Jobs one process runs at a time for this queue (default 1). */
  concurrency?: number;
}

export interface SendOptions {
  singletonKey?: string;
  startAfter?: Date;
  /** Enqueue inside this transaction (from `db.transaction`). */
  tx?: Queryable;
}

export interface JobState {
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retryCount: number;
  /** For a failed job: what its handler threw. */
  error: string | null;
}

export interface JobQueueOptions {
  /** `false`: this process sends and schedules but runs no handlers (a CLI). Default true. */
  work?: boolean;
  /** How often an idle worker looks for jobs (pg-boss's minimum: 0.5). Default 2. */
  pollingIntervalSeconds?: number;
  /** Cron schedules are looked at this often (default 30 s); tests make it short. */
  cronIntervalSeconds?: number;
}

/** pg-boss's objects live in their own schema; it migrates it itself, under its own advisory lock. */
const SCHEMA = 'pgboss';

export async function startJobQueue(db: Database, options: JobQueueOptions = {}): Promise<JobQueue> {
  const work = options.work ?? true;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  const boss = new PgBoss({
    db: adapterFor(db),
    backend: db.kind === 'pglite' ? 'pglite' : 'postgres',
    schema: SCHEMA,
    supervise: work,
    schedule: work,
    ...(options.cronIntervalSeconds === undefined
      ? {}
      : {
          cronWorkerIntervalSeconds: options.cronIntervalSeconds,
          cronMonitorIntervalSeconds: options.cronIntervalSeconds,
        }),
    registerInstance: false,
    openTelemetry: { enabled: false },
  });
  // pg-boss reports failures of its own timers (a maintenance query while PostgreSQL restarts) here; without a
  // listener an 'error' event would end the process.
  boss.on('error', (error) => console.error(`job queue: ${error.message}`));
  await boss.start();

  const schemas = new Map<string, z.ZodType<object>>();
  const schemaOf = (name: string) => {
    const schema = schemas.get(name);
    if (!schema) throw new Error(`job queue: no queue "${name}" is defined in this process`);
    return schema;
  };

  return {
    async define(name, definition) {
      if (schemas.has(name)) throw new Error(`job queue: "${name}" is already defined`);
      schemas.set(name, definition.schema);
      await boss.createQueue(name, {
        policy: definition.policy ?? 'standard',
        retryLimit: definition.retryLimit ?? 2,
        retryDelay: definition.retryDelaySeconds ?? 0,
        expireInSeconds: definition.expireInSeconds ?? 15 * 60,
      });
      const { handler } = definition;
      if (!work || !handler) return;
      await boss.work<object>(
        name,
        {
          pollingIntervalSeconds,
          batchSize: 1,
          localConcurrency: definition.concurrency ?? 1,
          includeMetadata: true,
        },
        async ([job]) => {
          if (!job) return;
          // Checked again here: a job sent by an older server version may not have the shape this one expects.
          const data = definition.schema.parse(job.data);
          await handler({ id: job.id, data, retryCount: (job as { retryCount?: number }).retryCount ?? 0 });
        },
      );
    },

    async send(name, data, sendOptions = {}) {
      const parsed = schemaOf(name).parse(data);
      return boss.send(name, parsed, {
        ...(sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {}),
        ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}),
        ...(sendOptions.tx ? { db: transactionAdapter(sendOptions.tx) } : {}),
      });
    },

    async schedule(name, cron, data, scheduleOptions = {}) {
      const parsed = schemaOf(name).parse(data);
      await boss.schedule(name, cron, parsed, {
        tz: scheduleOptions.tz ?? 'UTC',
        ...(scheduleOptions.key ? { key: scheduleOptions.key } : {}),
      });
    },

    async unschedule(name, key) {
      await boss.unschedule(name, key);
    },

    async state(name, id) {
      const [job] = await boss.findJobs<object>(name, { id });
      if (!job) return null;
      const output = job.output as { message?: unknown } | null;
      return {
        state: job.state as JobState['state'],
        retryCount: job.retryCount,
        error: job.state === 'failed' && typeof output?.message === 'string' ? output.message : null,
      };
    },

    async stop(timeoutMs = 10_000) {
      // `close` only ends a pool pg-boss opened itself; the server's own database stays open for its owner to close.
      await boss.stop({ graceful: true, timeout: timeoutMs });
    },
  };
}

/**
 * pg-boss sends multi-statement scripts without parameters (its migrations, its locked blocks) and single
 * statements with them. PGlite: pg-boss's own adapter. PostgreSQL: the server's pool, as pg-boss's built-in one
 * would do it (a script's results are flattened into one list of rows).
 */
function adapterFor(db: Database): Db {
  if (db.driver.kind === 'pglite') return fromPglite(db.driver.pglite);
  const { pool } = db.driver;
  return {
    async executeSql(text, values) {
      const result = (await pool.query(text, values as unknown[] | undefined)) as unknown;
      const results = (Array.isArray(result) ? result : [result]) as { rows?: unknown[] }[];
      return { rows: results.flatMap((one) => one.rows ?? []) };
    },
  };
}

/** One statement with parameters (a send) inside a transaction of the server's. */
function transactionAdapter(tx: Queryable): Db {
  return { executeSql: async (text, values) => ({ rows: await tx.query(text, values ?? []) }) };
}
