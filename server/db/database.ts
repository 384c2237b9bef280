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
  readonly driver: { kind: 'pglite'; pglite: PgliteCalls } | { kind: 'postgres'; pool: pg.Pool };
}

/** PGlite's own calls, for pg-boss's PGlite adapter; they run on PGlite's thread, like the server's (pglite.ts). */
export interface PgliteCalls {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<{ rows: unknown[] }[]>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

/**
 * Type parsing both drivers share: `date` stays a `YYYY-MM-DD` string (node-postgres would shift it into the local
 * time zone) and `int8` stays a decimal string (sequence numbers can exceed 2^53).
 */
export const DATE_OID = 1082;
export const INT8_OID = 20;
export const keepText = (value: string) => value;

/** The server's fixed statements by their text, and their texts by name (see `named`). */
const nameOfText = new Map<string, string>();
const textOfName = new Map<string, string>();

/**
 * Marks `sql` as one of the server's fixed, hot statements and returns it unchanged. On a PostgreSQL server reached
 * directly (DATABASE_PREPARED_STATEMENTS, see server/README.md), each connection prepares it once under `name` and
 * then only binds and executes it: no parse, analysis and planning per call. Only for statements whose text is one
 * of a few (each text stays prepared on every connection for the connection's life), and never `SELECT *`, whose
 * prepared result type a migration of another process would change under it. PGlite ignores it.
 */
export function named(name: string, sql: string): string {
  const known = textOfName.get(name);
  if (known === undefined) {
    textOfName.set(name, sql);
    nameOfText.set(sql, name);
  } else if (known !== sql) {
    throw new Error(`the statement name ${name} is taken by another statement`);
  }
  return sql;
}

/** The name `named` gave this statement's text, or undefined for any other statement. */
export const statementName = (sql: string): string | undefined => nameOfText.get(sql);
