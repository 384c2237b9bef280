import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/session.ts';
import type { JobQueue } from './queue.ts';

/** What a job handler may use: the same database and clock as the routes. */
export interface JobContext {
  db: Database;
  clock: Clock;
  jobs: JobQueue;
}

/**
 * Defines every queue of the server, in every process (each sends and works on all of them). A feature with
 * background or scheduled work adds its `jobs.define(...)` here, or a function of its own called from here.
 */
export async function defineServerJobs(context: JobContext): Promise<void> {
  void context;
}
