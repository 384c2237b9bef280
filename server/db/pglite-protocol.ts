/**
 * The words between the server's thread and PGlite's (pglite.ts, pglite-worker.ts): a call carries an id and is
 * answered once under it; a notification of a channel listened to comes on its own.
 */

export interface PgliteWorkerData {
  /** Undefined keeps the database in memory (tests). */
  dataDir: string | undefined;
  startParams: string[];
}

/** `tx`: inside the server's transaction of that id, else outside any. */
export type Call = { id: number } & (
  | { op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { op: 'exec'; sql: string }
  | { op: 'begin'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; channel: string }
  | { op: 'close' }
);

/** Distributes over the union: one call without its id, as the server's side asks for it. */
export type CallOf<C = Call> = C extends Call ? Omit<C, 'id'> : never;

export type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ErrorFields }
  | { notify: string; payload: string }
  | { ready: true };

/** An error as fields: PostgreSQL's (`code`, `constraint`, `table`, the statement...) cross the thread as they are. */
export interface ErrorFields {
  name: string;
  message: string;
  [field: string]: unknown;
}

export function errorFields(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields: ErrorFields = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function') continue;
    // Only what survives a structured clone; a field that does not is left behind rather than failing the answer.
    try {
      fields[key] = structuredClone(value);
    } catch {}
  }
  if (error.stack) fields.stack = error.stack;
  return fields;
}

/** The error again on the server's side, with PostgreSQL's fields where `server/db/errors.ts` reads them. */
export function errorOf(fields: ErrorFields): Error {
  const { name, message, stack, ...rest } = fields;
  const error = Object.assign(new Error(message), rest);
  error.name = name;
  if (typeof stack === 'string') error.stack = stack;
  return error;
}
