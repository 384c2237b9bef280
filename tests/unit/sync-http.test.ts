/**
 * The sync API's HTTP layer (ky over an injected fetch): each failure becomes its typed kind, requests are sent once
 * (no retries of ky's own: the outbox and the scheduler own those), and redirects are seen, not followed.
 */
import { describe, expect, it } from 'vitest';
import { createSyncApi, type FetchLike, type SyncFailure, SyncHttpError } from '../../utils/sync/http.ts';

interface Sent {
  url: string;
  init: RequestInit;
  body: string | undefined;
}

function fakeFetch(answer: (sent: Sent) => Response | Promise<Response>): FetchLike & { sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    const request = { url, init, body: typeof init.body === 'string' ? init.body : undefined };
    sent.push(request);
    return answer(request);
  };
  return Object.assign(fetch, { sent });
}

const now = Date.parse('2026-04-01T12:00:00Z');
const api = (fetch: FetchLike, timeoutMs = 1000) =>
  createSyncApi({
    fetch,
    connection: { serverUrl: 'https://hallway.test/', token: 'hw_t' },
    timeoutMs,
    now: () => now,
  });

async function failureOf(call: Promise<unknown>): Promise<{ failure: SyncFailure; message: string }> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SyncHttpError)) throw new Error(`expected a SyncHttpError, got ${String(error)}`);
  return { failure: error.failure, message: error.message };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers });

describe('the sync API over ky', () => {
  it('sends the token, accepts JSON, keeps redirects manual and posts the batch as JSON', async () => {
    const fetch = fakeFetch(() => json({ error: { code: 'internal', message: 'boom' } }, 500));
    await failureOf(api(fetch).push([]));
    expect(fetch.sent).toHaveLength(1);
    const [{ url, init, body }] = fetch.sent as [Sent];
    expect(url).toBe('https://hallway.test/v1/mutations');
    expect(init.method).toBe('POST');
    expect(init.redirect).toBe('manual');
    const headers = new Headers(init.headers);
    expect(headers.get('authorization')).toBe('Bearer hw_t');
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(body ?? 'null')).toEqual({ mutations: [] });
  });

  it('sends a pull once, with its cursor and limit, even when it fails', async () => {
    const fetch = fakeFetch(() => json({ error: { code: 'internal', message: 'boom' } }, 503));
    expect((await failureOf(api(fetch).pull('c1', 7))).failure).toEqual({ kind: 'server', status: 503 });
    expect(fetch.sent.map((sent) => sent.url)).toEqual(['https://hallway.test/v1/sync?limit=7&cursor=c1']);
  });

  it('never retries a POST itself: a 429 or a 500 is one request, handed back typed', async () => {
    const limited = fakeFetch(() => json({}, 429, { 'retry-after': '7' }));
    expect((await failureOf(api(limited).push([]))).failure).toEqual({ kind: 'rate_limited', retryAfterMs: 7000 });
    expect(limited.sent).toHaveLength(1);
  });

  it('reads Retry-After as seconds or as an HTTP date, and null when it has none', async () => {
    const date = new Date(now + 30_000).toUTCString();
    const dated = fakeFetch(() => json({}, 429, { 'retry-after': date }));
    expect((await failureOf(api(dated).me())).failure).toEqual({ kind: 'rate_limited', retryAfterMs: 30_000 });
    const bare = fakeFetch(() => json({}, 429));
    expect((await failureOf(api(bare).me())).failure).toEqual({ kind: 'rate_limited', retryAfterMs: null });
  });

  it('tells apart unauthorized, refused (with the server reason), redirects and answers it cannot read', async () => {
    expect((await failureOf(api(fakeFetch(() => json({}, 401))).me())).failure).toEqual({ kind: 'unauthorized' });
    // The server's reason is kept: a deactivated account is not an expired sign-in.
    const deactivated = fakeFetch(() =>
      json({ error: { code: 'account_deactivated', message: 'this account was deactivated by an admin' } }, 401),
    );
    expect((await failureOf(api(deactivated).me())).failure).toEqual({
      kind: 'unauthorized',
      code: 'account_deactivated',
    });

    const refused = fakeFetch(() => json({ error: { code: 'invalid_name', message: 'Name is too long.' } }, 422));
    expect(await failureOf(api(refused).rename('me', 'x'))).toEqual({
      failure: { kind: 'refused', status: 422 },
      message: 'Name is too long.',
    });
    expect(refused.sent[0]?.init.method).toBe('PATCH');

    const redirect = fakeFetch(() => new Response(null, { status: 302, headers: { location: '/login' } }));
    expect((await failureOf(api(redirect).me())).failure).toEqual({ kind: 'invalid_response', detail: 'redirect' });

    const html = fakeFetch(() => new Response('<html>login</html>', { status: 200 }));
    expect((await failureOf(api(html).me())).failure).toEqual({ kind: 'invalid_response', detail: 'not JSON' });

    const wrongShape = fakeFetch(() => json({ hello: 'world' }));
    expect((await failureOf(api(wrongShape).me())).failure).toMatchObject({ kind: 'invalid_response' });
  });

  it('gives up after the timeout and tells a lost connection from it', async () => {
    const hang = fakeFetch(
      ({ init }) =>
        new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    );
    expect((await failureOf(api(hang, 50).me())).failure).toEqual({ kind: 'timeout' });
    expect(hang.sent).toHaveLength(1);

    const lost = fakeFetch(() => Promise.reject(new TypeError('network connection lost')));
    expect((await failureOf(api(lost).push([]))).failure).toEqual({ kind: 'network' });
    expect(lost.sent).toHaveLength(1);
  });
});
