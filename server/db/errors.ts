/**
 * What a failed query tells the server, the same for PGlite and node-postgres: its SQLSTATE code, whether the text
 * it carried cannot be stored, whether the connection to PostgreSQL was lost, and a log line without user content.
 */

interface DatabaseErrorLike {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  routine?: unknown;
  /** The statement, attached by PGlite, and by postgres.ts for node-postgres; its parameters never are logged. */
  query?: unknown;
}

const fieldOf = (error: unknown, field: keyof DatabaseErrorLike): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as DatabaseErrorLike)[field];
  return typeof value === 'string' ? value : undefined;
};

/** The SQLSTATE of a PostgreSQL error (five characters), or undefined for any other error. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = fieldOf(error, 'code');
  return code && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * 22021 `character_not_in_repertoire` (a NUL in text: "invalid byte sequence for encoding") and 22P05
 * `untranslatable_character` (`\u0000` in jsonb: "unsupported Unicode escape sequence").
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

export const isUnstorableText = (error: unknown): boolean => UNSTORABLE_TEXT.has(sqlStateOf(error) ?? '');

/**
 * Class 22, data exception: a value PostgreSQL cannot take (unstorable text, a year 0, a number out of range). The
 * server's statements are fixed, so the value came with the request: it, not the server, is at fault.
 */
export const isBadValue = (error: unknown): boolean => sqlStateOf(error)?.startsWith('22') ?? false;

/**
 * PostgreSQL went away or cannot take the query now: an administrator or a restart ended the backend (57P01,
 * 57P02), it is starting up (57P03), an idle-in-transaction timeout (25P03), no connection slot (53300), any
 * connection exception (class 08), or the socket failed before PostgreSQL could say why.
 */
const UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '25P03', '53300']);
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const LOST_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

export function isUnavailable(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state) return UNAVAILABLE.has(state) || state.startsWith('08');
  const code = fieldOf(error, 'code');
  if (code && SOCKET_ERRORS.has(code)) return true;
  return error instanceof Error && LOST_CONNECTION.test(error.message);
}

/**
 * A log line for a failed query: the SQLSTATE, the schema objects involved and the statement, never the parameters
 * or PostgreSQL's message and detail, which quote the values (titles, quotes, names). Any other error is described
 * by its stack.
 */
export function describeError(error: unknown): string {
  const state = sqlStateOf(error);
  if (!state) return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const facts = (['constraint', 'table', 'column', 'routine'] as const).flatMap((field) => {
    const value = fieldOf(error, field);
    return value ? [`${field} ${value}`] : [];
  });
  const statement = fieldOf(error, 'query')?.replace(/\s+/g, ' ').trim().slice(0, 2000);
  return [`PostgreSQL error ${state}`, ...facts, statement ? `in: ${statement}` : 'statement unknown'].join('; ');
}
