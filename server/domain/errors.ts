/**
 * The server's domain errors: what went wrong, in the codes clients act on. How each code travels over HTTP (its
 * status) is the HTTP layer's business (`server/http/errors.ts`); the domain never names a status.
 */
import type { ApiError as ApiErrorBody, ApiErrorCode, ApiErrorParams, ErrorSubject } from '../../utils/contract.ts';
import { isBadValue, isUnavailable, isUnstorableText } from '../db/errors.ts';

/** The codes are the contract's (`API_ERROR_CODES`), so the extension can say each in the user's language. */
export type ErrorCode = ApiErrorCode;

/**
 * The one error type of the server; the HTTP layer turns it into `{ error: { code, message, params } }`. The message
 * is English (API users, logs); `params` carry the data it names, for clients that say the code in their language.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** Set for `stale_version`: the version the client would have overwritten. */
  readonly serverVersion: number | undefined;
  readonly params: ApiErrorParams | undefined;

  constructor(code: ErrorCode, message: string, extra: { serverVersion?: number; params?: ApiErrorParams } = {}) {
    super(message);
    this.code = code;
    this.serverVersion = extra.serverVersion;
    this.params = extra.params;
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.params ? { params: this.params } : {}) } };
  }
}

/** `<subject> not found`, the subject also as a param ("ownership rule" is the rule's word in English). */
export const notFound = (subject: ErrorSubject, what: string = subject) =>
  new ApiError('not_found', `${what} not found`, { params: { subject } });

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
