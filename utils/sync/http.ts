/**
 * The sync endpoints (and the account's renames) over an injected `fetch`, with a timeout and no retries of its own (the scheduler backs
 * off). Every answer is validated with the shared contract; anything else becomes a typed `SyncHttpError`.
 */
import type { z } from 'zod';
import {
  type Me,
  type Mutation,
  type MutationBatchResult,
  type PullPage,
  zApiError,
  zMe,
  zMutationBatchResult,
  zPullPage,
} from '../contract.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type SyncFailure =
  | { kind: 'unauthorized' }
  | { kind: 'rate_limited'; retryAfterMs: number | null }
  | { kind: 'server'; status: number }
  | { kind: 'refused'; status: number }
  | { kind: 'network' }
  | { kind: 'timeout' }
  | { kind: 'invalid_response'; detail: string };

export class SyncHttpError extends Error {
  readonly failure: SyncFailure;
  constructor(failure: SyncFailure, message: string) {
    super(message);
    this.name = 'SyncHttpError';
    this.failure = failure;
  }
}

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

export function createSyncApi(options: SyncApiOptions) {
  const { connection, timeoutMs = DEFAULT_TIMEOUT_MS, now = Date.now } = options;
  const base = connection.serverUrl.replace(/\/+$/, '');

  async function request<S extends z.ZodType>(path: string, schema: S, init: RequestInit = {}): Promise<z.output<S>> {
    let response: Response;
    try {
      response = await options.fetch(`${base}${path}`, {
        ...init,
        // A redirect here is a login page or a proxy, never the API: see it instead of following it.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: { authorization: `Bearer ${connection.token}`, accept: 'application/json', ...init.headers },
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw timedOut
        ? new SyncHttpError({ kind: 'timeout' }, `No answer from ${base} within ${timeoutMs / 1000} s.`)
        : new SyncHttpError({ kind: 'network' }, `Cannot reach ${base}.`);
    }
    if (response.status === 401) {
      throw new SyncHttpError({ kind: 'unauthorized' }, 'The server refused the token: reconnect in the options.');
    }
    if (response.status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      throw new SyncHttpError({ kind: 'rate_limited', retryAfterMs }, 'The server asked to slow down.');
    }
    if (response.status >= 500) {
      throw new SyncHttpError({ kind: 'server', status: response.status }, `The server failed (${response.status}).`);
    }
    if (response.status === 0 || (response.status >= 300 && response.status < 400)) {
      throw new SyncHttpError({ kind: 'invalid_response', detail: 'redirect' }, 'The server redirected the request.');
    }
    if (response.status >= 400) {
      // The server says why in its one error shape; that reason is what the person can act on.
      const reason = zApiError.safeParse(await response.json().catch(() => undefined));
      throw new SyncHttpError(
        { kind: 'refused', status: response.status },
        reason.success ? reason.data.error.message : `The server refused the request (${response.status}).`,
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new SyncHttpError(
        { kind: 'invalid_response', detail: 'not JSON' },
        'The server answered with something other than JSON.',
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new SyncHttpError(
        { kind: 'invalid_response', detail: parsed.error.issues[0]?.message ?? 'invalid' },
        'The server answered with data Hallway does not understand.',
      );
    }
    return parsed.data;
  }

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
      return request(target === 'workspace' ? '/v1/workspace' : '/v1/me', zMe, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
    },
    push(mutations: Mutation[]): Promise<MutationBatchResult> {
      return request('/v1/mutations', zMutationBatchResult, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mutations }),
      });
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
