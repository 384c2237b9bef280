import type { ApiError as ApiErrorBody } from '../../utils/contract.ts';
import { isBadValue, isUnavailable, isUnstorableText } from '../db/errors.ts';

const statusByCode = {
  invalid_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  stale_version: 409,
  already_exists: 409,
  slug_taken: 409,
  link_exists: 409,
  too_many_items: 422,
  referenced: 409,
  already_superseded: 409,
  invalid_transition: 409,
  cycle: 409,
  idempotency_mismatch: 422,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

/** How long a client waits before retrying a request PostgreSQL could not take (a restart, a failover). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

export type ErrorCode = keyof typeof statusByCode;

/** The one error type of the server; `onError` turns it into `{ error: { code, message } }`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** Set for `stale_version`: the version the client would have overwritten. */
  readonly serverVersion: number | undefined;

  constructor(code: ErrorCode, message: string, serverVersion?: number) {
    super(message);
    this.code = code;
    this.serverVersion = serverVersion;
  }

  get status() {
    return statusByCode[this.code];
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);

/**
 * The answer to an error that is not an ApiError, when there is one: a value PostgreSQL cannot store is the
 * request's fault (400), a lost or refused database connection is temporary (503, retried after Retry-After). Undefined: a
 * bug, answered with 500.
 */
export function answerFor(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (isUnstorableText(error)) {
    return new ApiError('invalid_request', 'the request has text with characters that cannot be stored (such as NUL)');
  }
  if (isBadValue(error)) return new ApiError('invalid_request', 'the request has a value the database cannot store');
  if (isUnavailable(error)) return new ApiError('unavailable', 'the database is unavailable; retry shortly');
  return undefined;
}
