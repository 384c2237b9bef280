/**
 * The sync API's HTTP layer (ky over an injected fetch): each failure becomes its typed kind, requests are sent once
 * (no retries of ky's own: the outbox and the scheduler own those), and redirects are seen, not followed.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorParams } from '../../utils/errors.ts';
import { sayError } from '../../utils/i18n.ts';
import { createSyncApi, type FetchLike, type SyncFailure, SyncHttpError } from '../../utils/sync/http.ts';
import { speaking } from '../support/locale-messages.ts';

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

async function caught(call: Promise<unknown>): Promise<SyncHttpError> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SyncHttpError)) throw new Error(`expected a SyncHttpError, got ${String(error)}`);
  return error;
}

async function failureOf(call: Promise<unknown>): Promise<{ failure: SyncFailure; message: string }> {
  const error = await caught(call);
  return { failure: error.failure, message: error.message };
}

/** What the user is told of a failure: its code and params, and the sentence in English and in German. */
async function toldOf(call: Promise<unknown>): Promise<{ code: string; params?: ErrorParams; en: string; de: string }> {
  const error = await caught(call);
  const en = sayError(error);
  const de = await speaking('de', () => sayError(error));
  return { code: error.code, ...(error.params ? { params: error.params } : {}), en, de };
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
    expect((await failureOf(api(html).me())).failure).toEqual({ kind: 'invalid_response', detail: 'not_json' });

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

  it("words its own failures as codes with params and keeps the server's, said in the user's language", async () => {
    const lost = fakeFetch(() => Promise.reject(new TypeError('network connection lost')));
    expect(await toldOf(api(lost).me())).toEqual({
      code: 'network',
      params: { base: 'https://hallway.test' },
      en: 'Cannot reach https://hallway.test.',
      de: 'https://hallway.test ist nicht erreichbar.',
    });
    const hang = fakeFetch(
      ({ init }) =>
        new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    );
    expect(await toldOf(api(hang, 50).me())).toMatchObject({
      code: 'timeout',
      en: 'No answer from https://hallway.test within 0.05 s.',
      de: 'Keine Antwort von https://hallway.test innerhalb von 0,05 s.',
    });
    // A refusal without the server's error shape (a proxy's page): its status, in either language.
    const teapot = fakeFetch(() => new Response('no', { status: 418 }));
    expect(await toldOf(api(teapot).me())).toMatchObject({
      code: 'refused',
      en: 'The server refused the request (HTTP 418).',
      de: 'Der Server hat die Anfrage abgelehnt (HTTP 418).',
    });
    const failing = fakeFetch(() => new Response('<html>bad gateway</html>', { status: 502 }));
    expect(await toldOf(api(failing).me())).toMatchObject({ code: 'server_failed', params: { httpStatus: 502 } });
    const redirect = fakeFetch(() => new Response(null, { status: 302, headers: { location: '/login' } }));
    expect((await toldOf(api(redirect).me())).code).toBe('redirected');
    const html = fakeFetch(() => new Response('<html>login</html>', { status: 200 }));
    expect((await toldOf(api(html).me())).de).toBe('Der Server hat mit etwas anderem als JSON geantwortet.');

    // The server's refusal keeps its code and params: the role names are said in the user's language.
    const forbidden = fakeFetch(() =>
      json(
        {
          error: {
            code: 'forbidden',
            message: 'a viewer may not do this: it needs the member role',
            params: { role: 'viewer', needed: 'member' },
          },
        },
        403,
      ),
    );
    expect(await toldOf(api(forbidden).rename('me', 'x'))).toEqual({
      code: 'forbidden',
      params: { role: 'viewer', needed: 'member' },
      en: 'A viewer may not do this: it needs the member role.',
      de: 'Als Betrachter darfst du das nicht: Dafür braucht es die Rolle Mitglied.',
    });
    const slowDown = fakeFetch(() =>
      json({ error: { code: 'rate_limited', message: 'too many requests; retry in 7 s' } }, 429, {
        'retry-after': '7',
      }),
    );
    expect(await toldOf(api(slowDown).me())).toMatchObject({
      code: 'rate_limited',
      de: 'Der Server bittet, langsamer zu machen: Versuche es in 7 s noch einmal.',
    });
    // A 401 says the server's reason: an account an admin deactivated.
    const deactivated = fakeFetch(() =>
      json({ error: { code: 'account_deactivated', message: 'this account was deactivated by an admin' } }, 401),
    );
    expect((await toldOf(api(deactivated).me())).de).toBe(
      'Ein Admin dieses Arbeitsbereichs hat dein Konto deaktiviert.',
    );
    // A code this extension does not know (a newer server's) is shown in the server's own words.
    const later = fakeFetch(() => json({ error: { code: 'added_later', message: 'Name is too long.' } }, 422));
    expect(await toldOf(api(later).rename('me', 'x'))).toMatchObject({
      code: 'added_later',
      en: 'Name is too long.',
      de: 'Name is too long.',
    });
  });
});
