/**
 * The server's domain errors: what went wrong, in the codes clients act on. How each code travels over HTTP (its
 * status) is the HTTP layer's business (`server/http/errors.ts`); the domain never names a status.
 */
import type { ApiError as ApiErrorBody } from '../../utils/contract.ts';
import { isBadValue, isUnavailable, isUnstorableText } from '../db/errors.ts';

export const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'unauthorized',
  'token_expired',
  'account_deactivated',
  'forbidden',
  'not_found',
  'stale_version',
  'already_exists',
  'slug_taken',
  'link_exists',
  'too_many_items',
  'referenced',
  'already_superseded',
  'invalid_transition',
  'cycle',
  'idempotency_mismatch',
  'payload_too_large',
  'import_running',
  'not_configured',
  'rate_limited',
  'internal',
  'unavailable',
  // Sign-in
  'invalid_redirect_uri',
  'invalid_state',
  'invalid_code',
  'code_used',
  'code_verifier_mismatch',
  'oidc_not_configured',
  'invite_expired',
  'invite_used_up',
  'email_taken',
  'last_admin',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error type of the server; the HTTP layer turns it into `{ error: { code, message } }`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** Set for `stale_version`: the version the client would have overwritten. */
  readonly serverVersion: number | undefined;

  constructor(code: ErrorCode, message: string, serverVersion?: number) {
    super(message);
    this.code = code;
    this.serverVersion = serverVersion;
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);

/**
 * The answer to an error that is not an ApiError, when there is one: a value PostgreSQL cannot store is the
 * request's fault, a lost or refused database connection is temporary (`unavailable`). Undefined: a bug.
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
