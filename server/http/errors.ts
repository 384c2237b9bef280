import type { ApiError as ApiErrorBody } from '../../utils/contract.ts';

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
  referenced: 409,
  already_superseded: 409,
  cycle: 409,
  idempotency_mismatch: 422,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
} as const;

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
