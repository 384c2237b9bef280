/**
 * The weekly digest on the shared job queue (server/jobs): one cron schedule, `digest.tick` every 15 minutes, makes
 * one job per slot whichever processes run; its handler sends every digest that is due (each team's previous week,
 * from Monday 08:00 in the team's time zone) and retries the failed ones whose back-off has passed. Teams in any
 * time zone, half-hour ones included, get theirs within 15 minutes of 08:00. Once per team, week and channel holds
 * by the delivery record (deliver.ts), even if a job ran twice.
 */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/session.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { type DeliveryOptions, type DigestTransports, deliverDueDigests } from './deliver.ts';

export const DIGEST_TICK = 'digest.tick';
export const DIGEST_TICK_CRON = '*/15 * * * *';
const zTick = z.object({});

export interface DigestJobOptions extends DeliveryOptions {
  transports: DigestTransports;
  /** Schedules the tick (the default); off in processes that only send jobs. */
  schedule?: boolean;
}

/** What the digest's job needs (server/jobs/definitions.ts hands it its JobContext). */
export interface DigestJobContext {
  db: Database;
  clock: Clock;
  jobs: JobQueue;
}

export async function defineDigestJobs(context: DigestJobContext, options: DigestJobOptions): Promise<void> {
  const { transports, schedule = true, ...delivery } = options;
  await context.jobs.define(DIGEST_TICK, {
    schema: zTick,
    // One tick at a time: a tick that overran its slot is not doubled by the next one.
    policy: 'exclusive',
    retryLimit: 0,
    expireInSeconds: 14 * 60,
    handler: async () => {
      const outcomes = await deliverDueDigests(context.db, context.clock(), transports, delivery);
      for (const outcome of outcomes.filter((o) => o.status === 'failed')) {
        console.error(`digest ${outcome.teamId} ${outcome.week} ${outcome.channel}: ${outcome.error}`);
      }
    },
  });
  if (schedule) await context.jobs.schedule(DIGEST_TICK, DIGEST_TICK_CRON, {}, { key: 'all' });
}
