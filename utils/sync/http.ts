/**
 * The sync endpoints (and the account's renames) through ky over an injected `fetch`, with a timeout and no retries
 * of its own (the scheduler backs off). Every answer is validated with the shared contract; anything else becomes a typed `SyncHttpError`.
 * Its words are a code (the server's, or one of `CLIENT_ERROR_CODES`) and params, said by utils/errors.ts.
 */

import ky, { isHTTPError, isTimeoutError, type KyInstance, SchemaValidationError } from 'ky';
import type { z } from 'zod';
import {
  type ConnectorInput,
  type Me,
  type Mutation,
  type MutationBatchResult,
  type PullPage,
  zApiError,
  zConnector,
  zContainerRecord,
  zImportRun,
  zListPage,
  zMe,
  zMutationBatchResult,
  zPullPage,
  zRuleSuggestion,
  zSuggestionDecisionResults,
} from '../contract.ts';
import type { ClientErrorCode, ErrorParams } from '../errors.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type SyncFailure =
  /** 401; `code` is the server's reason when it gives one (`account_deactivated`, `token_expired`, …). */
  | { kind: 'unauthorized'; code?: string }
  | { kind: 'rate_limited'; retryAfterMs: number | null }
  | { kind: 'server'; status: number }
  | { kind: 'refused'; status: number }
  | { kind: 'network' }
  | { kind: 'timeout' }
  | { kind: 'invalid_response'; detail: string };

/**
 * A failed request: what the engine acts on (`failure`), and what the user is told: the server's code, English
 * message and params where it answered its error shape, else a code of the client's own with its params (the
 * message is then the code). `sayError` (utils/errors.ts) says it; the message router keeps code and params.
 */
export class SyncHttpError extends Error {
  readonly failure: SyncFailure;
  readonly code: string;
  readonly params: ErrorParams | undefined;
  constructor(failure: SyncFailure, reason: ServerReason | { code: ClientErrorCode; params?: ErrorParams }) {
    super('message' in reason ? reason.message : reason.code);
    this.name = 'SyncHttpError';
    this.failure = failure;
    this.code = reason.code;
    this.params = reason.params;
  }
}

/** The server's own error shape (`{ error: { code, message, params } }`), when the body is one. */
type ServerReason = { code: string; message: string; params?: ErrorParams };
const serverReason = (data: unknown): ServerReason | null => {
  const parsed = zApiError.safeParse(data);
  return parsed.success ? parsed.data.error : null;
};

/** Whether the last sync ended on the server's word that an admin deactivated this person (not an expired sign-in). */
export const endedDeactivated = (lastError: { code: string } | null | undefined): boolean =>
  lastError?.code === 'account_deactivated';

export interface Connection {
  serverUrl: string;
  token: string;
}

export interface SyncApiOptions {
  fetch: FetchLike;
  connection: Connection;
  /** Chrome drops a service worker whose fetch takes over 30 s: give up well before. */
  timeoutMs?: number;
  /** Epoch milliseconds, to turn an HTTP-date Retry-After into a delay. */
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface HallwayKyOptions {
  fetch: FetchLike;
  serverUrl: string;
  timeoutMs?: number;
}

/**
 * The one HTTP client of the extension's pages and background: ky with Hallway's base address, a timeout, JSON
 * accepted and redirects seen instead of followed (a redirect here is a login page or a proxy, never the API).
 *
 * No retries of ky's own, for any method. A POST is re-sent by the outbox with the same mutation ids, and the
 * scheduler owns back-off for every pass (GETs too): it honours the server's `Retry-After` between passes, so a
 * retry inside a pass would stack a second back-off on top and keep a fetch running toward Chrome's 30 s limit.
 * For the same reason ky's own `Retry-After` waiting never applies: the hint is read here and handed to the
 * scheduler as `retryAfterMs`.
 */
export function hallwayKy(options: HallwayKyOptions): KyInstance {
  return ky.create({
    prefix: options.serverUrl.replace(/\/+$/, ''),
    fetch: overFetchLike(options.fetch),
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: 0,
    redirect: 'manual',
    headers: { accept: 'application/json' },
  });
}

/** ky hands `fetch` a `Request`; the injected `FetchLike` (tests, the background's bound `fetch`) takes a URL and init. */
function overFetchLike(fetchLike: FetchLike): typeof globalThis.fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    return fetchLike(request.url, {
      method: request.method,
      headers: request.headers,
      body: hasBody ? await request.text() : undefined,
      redirect: request.redirect,
      mode: request.mode,
      signal: request.signal,
    });
  };
}

export interface ApiRequestOptions {
  fetch: FetchLike;
  serverUrl: string;
  /** The device token; absent for the sign-in endpoints, which come before one. */
  token?: string;
  timeoutMs?: number;
  now?: () => number;
}

export type ApiMethod = 'GET' | 'PATCH' | 'POST' | 'DELETE';

/**
 * One JSON request to the Hallway API through `hallwayKy`, its answer checked with `schema`: every failure (network,
 * timeout, status, schema) becomes a typed `SyncHttpError`, the server's own reason kept where it gives one.
 */
export function createApiRequest(options: ApiRequestOptions) {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, now = Date.now } = options;
  const base = options.serverUrl.replace(/\/+$/, '');
  const client = hallwayKy({ fetch: options.fetch, serverUrl: base, timeoutMs }).extend({
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    // Every failure of a request (network, timeout, status, schema) leaves ky as a typed SyncHttpError.
    hooks: { beforeError: [({ error }) => toSyncHttpError(error)] },
  });

  /** The hook covers what ky raises; a body that is not JSON surfaces from the parse itself, so it is caught here too. */
  async function request<S extends z.ZodType>(
    path: string,
    schema: S,
    init: { method?: ApiMethod; json?: unknown } = {},
  ): Promise<z.output<S>> {
    try {
      const response = client(path, init);
      // 204 No Content (a sign-out, a delete): nothing to parse, the schema decides whether that is acceptable.
      if ((await response).status === 204) return schema.parse(undefined) as z.output<S>;
      return (await response.json(schema)) as z.output<S>;
    } catch (error) {
      throw toSyncHttpError(error);
    }
  }

  function toSyncHttpError(error: unknown): SyncHttpError {
    if (error instanceof SyncHttpError) return error;
    if (isTimeoutError(error)) {
      return new SyncHttpError({ kind: 'timeout' }, { code: 'timeout', params: { base, seconds: timeoutMs / 1000 } });
    }
    if (isHTTPError(error)) return fromStatus(error.response, error.data);
    if (error instanceof SchemaValidationError) {
      return new SyncHttpError(
        { kind: 'invalid_response', detail: error.issues[0]?.message ?? 'invalid' },
        { code: 'invalid_response' },
      );
    }
    if (error instanceof SyntaxError) {
      return new SyncHttpError({ kind: 'invalid_response', detail: 'not_json' }, { code: 'not_json' });
    }
    // ky's NetworkError and whatever else the fetch threw (a lost connection is not always worded as ky expects).
    return new SyncHttpError({ kind: 'network' }, { code: 'network', params: { base } });
  }

  function fromStatus(response: Response, data: unknown): SyncHttpError {
    // The server says why in its one error shape; that reason is what the person can act on.
    const reason = serverReason(data);
    const { status } = response;
    if (status === 401) {
      return new SyncHttpError(
        { kind: 'unauthorized', ...(reason ? { code: reason.code } : {}) },
        reason ?? { code: 'unauthorized', message: 'unauthorized' },
      );
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      const retryAfterSeconds = retryAfterMs === null ? undefined : Math.ceil(retryAfterMs / 1000);
      return new SyncHttpError(
        { kind: 'rate_limited', retryAfterMs },
        {
          code: 'rate_limited',
          message: reason?.message ?? 'rate_limited',
          params: { ...reason?.params, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) },
        },
      );
    }
    if (status >= 500) {
      return new SyncHttpError(
        { kind: 'server', status },
        reason ?? { code: 'server_failed', params: { httpStatus: status } },
      );
    }
    if (status === 0 || (status >= 300 && status < 400)) {
      return new SyncHttpError({ kind: 'invalid_response', detail: 'redirect' }, { code: 'redirected' });
    }
    return new SyncHttpError(
      { kind: 'refused', status },
      reason ?? { code: 'refused', params: { httpStatus: status } },
    );
  }

  return request;
}

export function createSyncApi(options: SyncApiOptions) {
  const request = createApiRequest({ ...options, ...options.connection });
  return {
    /** Who the token belongs to now: an admin may have changed the user's role since the last pass. */
    me(): Promise<Me> {
      return request('/v1/me', zMe);
    },
    pull(cursor: string | null, limit: number): Promise<PullPage> {
      const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
      return request(`/v1/sync?${query}`, zPullPage);
    },
    /** Renames the workspace (admins) or the caller; answers who the caller is now. */
    rename(target: 'workspace' | 'me', name: string): Promise<Me> {
      return request(target === 'workspace' ? '/v1/workspace' : '/v1/me', zMe, { method: 'PATCH', json: { name } });
    },
    push(mutations: Mutation[]): Promise<MutationBatchResult> {
      return request('/v1/mutations', zMutationBatchResult, { method: 'POST', json: { mutations } });
    },
    /** Admins: the connected tools, each with its last import. */
    connectors() {
      return request('/v1/connectors', zListPage(zConnector));
    },
    /** Admins: connect a tool; the secret goes to the server and never comes back. */
    createConnector(input: ConnectorInput) {
      return request('/v1/connectors', zConnector, { method: 'POST', json: input });
    },
    startImport(connectorId: string) {
      return request(`/v1/connectors/${encodeURIComponent(connectorId)}/imports`, zImportRun, {
        method: 'POST',
        json: {},
      });
    },
    containers(query: { tool?: string; q?: string; cursor?: string; limit?: number }) {
      const params = new URLSearchParams(
        Object.entries(query).flatMap(([key, value]) =>
          value === undefined || value === '' ? [] : [[key, String(value)]],
        ),
      );
      return request(`/v1/containers?${params}`, zListPage(zContainerRecord));
    },
    suggestions() {
      return request('/v1/suggestions', zListPage(zRuleSuggestion));
    },
    decideSuggestions(decisions: { id: string; action: 'accept' | 'reject'; teamId?: string }[]) {
      return request('/v1/suggestions/decisions', zSuggestionDecisionResults, { method: 'POST', json: { decisions } });
    },
  };
}
export type SyncApi = ReturnType<typeof createSyncApi>;

/** Seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
