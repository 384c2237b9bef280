import { defineImportJobs, type SourceOptions } from '../connectors/imports.ts';
import type { SecretBox } from '../connectors/secrets.ts';
import type { Database } from '../db/database.ts';
import { type DigestJobOptions, defineDigestJobs } from '../digest/jobs.ts';
import type { Clock } from '../domain/session.ts';
import type { JobQueue } from './queue.ts';

/** What a job handler may use: the same database, clock and secrets as the routes. */
export interface JobContext {
  db: Database;
  clock: Clock;
  jobs: JobQueue;
  /** Where the weekly digests go (SMTP, webhooks); without it no digest is sent. */
  digest?: DigestJobOptions;
  secrets: SecretBox;
  /** The connectors' clients, where a test needs them otherwise (a short retry back-off). */
  sources?: SourceOptions;
}

/**
 * Defines every queue of the server, in every process (each sends and works on all of them). A feature with
 * background or scheduled work adds its `jobs.define(...)` here, or a function of its own called from here.
 */
export async function defineServerJobs(context: JobContext): Promise<void> {
  if (context.digest) await defineDigestJobs(context, context.digest);
  await defineImportJobs(context.jobs, context);
}
