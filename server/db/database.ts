import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/** The one data layer every part of the server talks to; PGlite and node-postgres both implement it. */
export interface Queryable {
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * The driver underneath, only for a library that brings its own SQL (the job queue, server/jobs/queue.ts):
   * everything else goes through `query` and `transaction`.
   */
  readonly driver: { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; pool: pg.Pool };
}

/**
 * Type parsing both drivers share: `date` stays a `YYYY-MM-DD` string (node-postgres would shift it into the local
 * time zone) and `int8` stays a decimal string (sequence numbers can exceed 2^53).
 */
export const DATE_OID = 1082;
export const INT8_OID = 20;
export const keepText = (value: string) => value;
