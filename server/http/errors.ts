/** How the domain's error codes travel over HTTP: one status per code, and the Retry-After of `unavailable`. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError, ErrorCode } from '../domain/errors.ts';

const statusByCode = {
  invalid_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  token_expired: 401,
  account_deactivated: 401,
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
  import_running: 409,
  not_configured: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  invalid_redirect_uri: 400,
  invalid_state: 400,
  invalid_code: 400,
  code_used: 400,
  code_verifier_mismatch: 400,
  oidc_not_configured: 404,
  invite_expired: 410,
  invite_used_up: 410,
  email_taken: 409,
  last_admin: 409,
  // Per suggestion, in a 200 answer's results; never a request's status.
  already_decided: 409,
  already_covered: 409,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export const statusOf = (error: ApiError) => statusByCode[error.code];

/** How long a client waits before retrying a request PostgreSQL could not take (a restart, a failover). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;
