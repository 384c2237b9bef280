/**
 * The one place an error becomes the sentence the user reads: the server's refusals (`{ code, message, params }`,
 * `API_ERROR_CODES`) and the failures the extension's HTTP client names itself (`CLIENT_ERROR_CODES`), each said in
 * the browser's language from its code and params. A code this extension does not know (a newer server's) is shown
 * in the server's own words, its `message`.
 *
 * Pure: it answers `Message`s (utils/message.ts); `sayError` (utils/i18n.ts) says them. The background's message
 * router says an error that way as it answers (`ErrorInfo.message`); the pages say errors they read from the mirror
 * that way (a refused write's reason in the outbox, the last sync's failure).
 */
import type {
  ApiErrorCode,
  ApiErrorParams,
  DECISION_TRANSITIONS,
  DecisionTransition,
  ErrorSubject,
  SignInError,
} from './contract.ts';
import { type Message, type MessageValue, message } from './message.ts';

/** The failures `utils/sync/http.ts` and the sync engine name themselves, beside the server's codes. */
export const CLIENT_ERROR_CODES = [
  'network',
  'timeout',
  'invalid_response',
  'not_json',
  'redirected',
  'server_failed',
  'refused',
  'quota',
  'protocol',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** The server's params, and the client's own: the server's address, a timeout's seconds, an HTTP status. */
export type ErrorParams = ApiErrorParams & { base?: string; seconds?: number; httpStatus?: number };

/** An error as it travels: a code, English words (the server's, or the code for the client's own) and params. */
export interface ErrorLike {
  code: string;
  message: string;
  params?: ErrorParams | undefined;
}

/** The status each move leaves, checked against the contract's transition table (pages import no zod for this). */
const MOVED_TO = {
  accept: 'accepted',
  withdraw: 'withdrawn',
  revert: 'reverted',
  supersede: 'superseded',
} as const satisfies { [T in DecisionTransition]: (typeof DECISION_TRANSITIONS)[T]['to'] };

const role = (name: ApiErrorParams['role']) => (name ? message(`role.${name}`) : undefined);

const NOT_FOUND: Record<ErrorSubject, Message['key']> = {
  team: 'apiError.notFound.team',
  goal: 'apiError.notFound.goal',
  decision: 'apiError.notFound.decision',
  note: 'apiError.notFound.note',
  item: 'apiError.notFound.item',
  link: 'apiError.notFound.link',
  rule: 'apiError.notFound.rule',
  person: 'apiError.notFound.person',
  device: 'apiError.notFound.device',
  token: 'apiError.notFound.token',
  invite: 'apiError.notFound.invite',
  connector: 'apiError.notFound.connector',
  workspace: 'apiError.notFound.workspace',
  suggestion: 'apiError.notFound.suggestion',
  route: 'apiError.notFound.route',
};

/** Each server code in words; params it lacks (an older server sends none) leave a sentence without them. */
const SERVER_TEXTS: { [C in ApiErrorCode]: (params: ErrorParams, error: ErrorLike) => Message } = {
  invalid_request: (_, error) => message('apiError.invalidRequest', { detail: error.message }),
  invalid_json: () => message('apiError.invalidJson'),
  unauthorized: () => message('apiError.unauthorized'),
  token_expired: () => message('apiError.tokenExpired'),
  account_deactivated: () => message('apiError.accountDeactivated'),
  forbidden: (params) => {
    const [has, needed] = [role(params.role), role(params.needed)];
    if (has && needed) return message('write.refused.forbidden', { role: has, needed });
    return needed ? message('apiError.forbiddenNeeds', { needed }) : message('apiError.forbidden');
  },
  not_found: (params) =>
    params.missing
      ? message(`apiError.missing.${params.missing}`)
      : message(params.subject ? NOT_FOUND[params.subject] : 'apiError.notFound.other'),
  stale_version: () => message('refused.changedOnServer'),
  already_exists: () => message('apiError.alreadyExists'),
  slug_taken: () => message('apiError.slugTaken'),
  link_exists: () => message('apiError.linkExists'),
  too_many_items: (params) =>
    params.max === undefined
      ? message('apiError.tooManyItems')
      : message('apiError.tooManyItemsMax', { max: { number: params.max } }),
  referenced: () => message('apiError.referenced'),
  already_superseded: (params) =>
    params.title
      ? message('apiError.alreadySupersededBy', { title: { quoted: [params.title] } })
      : message('apiError.alreadySuperseded'),
  invalid_transition: (params) =>
    params.status && params.transition
      ? message('write.refused.transition', {
          status: message(`status.decision.${params.status}`),
          to: message(`status.decision.${MOVED_TO[params.transition]}`),
        })
      : message('apiError.invalidTransition'),
  cycle: () => message('apiError.cycle'),
  idempotency_mismatch: () => message('apiError.idempotencyMismatch'),
  payload_too_large: () => message('apiError.payloadTooLarge'),
  import_running: (params) =>
    params.name ? message('apiError.importRunningOf', { name: params.name }) : message('apiError.importRunning'),
  not_configured: () => message('apiError.notConfigured'),
  rate_limited: (params) =>
    params.retryAfterSeconds
      ? message('apiError.rateLimitedFor', { seconds: { number: params.retryAfterSeconds } })
      : message('apiError.rateLimited'),
  internal: () => message('apiError.internal'),
  unavailable: () => message('apiError.unavailable'),
  invalid_redirect_uri: () => message('apiError.invalidRedirectUri'),
  invalid_state: () => message('apiError.invalidState'),
  invalid_code: () => message('apiError.invalidCode'),
  code_used: () => message('apiError.codeUsed'),
  code_verifier_mismatch: () => message('apiError.codeVerifierMismatch'),
  oidc_not_configured: () => message('apiError.oidcNotConfigured'),
  invite_expired: () => message('apiError.inviteExpired'),
  invite_used_up: () => message('apiError.inviteUsedUp'),
  email_taken: () => message('apiError.emailTaken'),
  last_admin: () => message('apiError.lastAdmin'),
  already_decided: (params) =>
    params.decided === 'accepted'
      ? message('apiError.alreadyAccepted')
      : params.decided === 'rejected'
        ? message('apiError.alreadyRejected')
        : message('apiError.alreadyDecided'),
  already_covered: () => message('apiError.alreadyCovered'),
};

/** The sign-in redirect's own codes (`?error=`, `SIGN_IN_ERRORS`); those it shares with the API are said as above. */
const SIGN_IN_TEXTS: { [C in Exclude<SignInError, ApiErrorCode>]: () => Message } = {
  access_denied: () => message('apiError.signIn.accessDenied'),
  server_error: () => message('apiError.signIn.serverError'),
  email_not_verified: () => message('apiError.signIn.emailNotVerified'),
  email_domain_not_allowed: () => message('apiError.signIn.emailDomainNotAllowed'),
  provider_unavailable: () => message('apiError.signIn.providerUnavailable'),
  id_token_invalid: () => message('apiError.signIn.idTokenInvalid'),
  invite_not_found: () => message('apiError.notFound.invite'),
  email_taken_unverified: () => message('apiError.signIn.emailTakenUnverified'),
};

const CLIENT_TEXTS: { [C in ClientErrorCode]: (params: ErrorParams) => Message } = {
  network: (params) =>
    params.base ? message('apiError.client.network', { base: params.base }) : message('apiError.client.offline'),
  timeout: (params) =>
    params.base && params.seconds !== undefined
      ? message('apiError.client.timeout', { base: params.base, seconds: { number: params.seconds } })
      : message('apiError.client.noAnswer'),
  invalid_response: () => message('apiError.client.invalidResponse'),
  not_json: () => message('apiError.client.notJson'),
  redirected: () => message('apiError.client.redirected'),
  server_failed: (params) =>
    params.httpStatus === undefined
      ? message('apiError.internal')
      : message('apiError.client.serverFailed', { status: String(params.httpStatus) }),
  refused: (params) =>
    params.httpStatus === undefined
      ? message('apiError.client.refusedBare')
      : message('apiError.client.refused', { status: String(params.httpStatus) }),
  quota: () => message('apiError.client.quota'),
  protocol: () => message('apiError.client.protocol'),
};

/**
 * A refused answer of the background (a `Result`'s error, its message already said in the browser's language),
 * thrown on by a run of writes that stops at the first refusal; `sayCaught` (utils/i18n.ts) shows it as said.
 */
export class RefusedError extends Error implements ErrorLike {
  readonly code: string;
  readonly params: ErrorParams | undefined;
  constructor(error: ErrorLike) {
    super(error.message);
    this.name = 'RefusedError';
    this.code = error.code;
    this.params = error.params;
  }
}

const isKnown = <T extends object>(table: T, code: string): code is Extract<keyof T, string> =>
  Object.hasOwn(table, code);

/** The error in words of the catalogue, or null for a code this extension does not know. */
export function errorText(error: ErrorLike): Message | null {
  const params = error.params ?? {};
  if (isKnown(SERVER_TEXTS, error.code)) return SERVER_TEXTS[error.code](params, error);
  if (isKnown(CLIENT_TEXTS, error.code)) return CLIENT_TEXTS[error.code](params);
  if (isKnown(SIGN_IN_TEXTS, error.code)) return SIGN_IN_TEXTS[error.code]();
  return null;
}

/**
 * A caught error as a value of another sentence ("The server did not accept the sign-in: {reason}"): its words of
 * the catalogue where its code is known, else its own message.
 */
export function reasonOf(error: unknown): MessageValue {
  const { code, params } = (error ?? {}) as { code?: unknown; params?: ErrorParams };
  const words = error instanceof Error ? error.message : String(error);
  return (typeof code === 'string' && errorText({ code, message: words, params })) || words;
}
