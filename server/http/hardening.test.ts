import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zApiError, zHealth } from '../../utils/contract.ts';
import { testDatabases } from '../testing/databases.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const errorCode = (body: unknown) => zApiError.parse(body).error.code;

describe.each(testDatabases)('hardening on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database, {
      rateLimit: { perSecond: 1, burst: 5 },
      bodyLimitBytes: 64 * 1024,
      corsOrigins: ['https://hub.acme.test'],
    });
  });
  afterAll(() => server.close());

  it('answers 413 to an oversized body', async () => {
    const ws = await server.workspace();
    const response = await ws.member.post('/v1/goals', { title: 'x', description: 'a'.repeat(100_000) });
    expect(response.status).toBe(413);
    expect(errorCode(response.body)).toBe('payload_too_large');
  });

  it('answers 400, not 500, to JSON nested 10,000 levels deep', async () => {
    const ws = await server.workspace();
    const deep = `{"mutations":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const response = await ws.member.post('/v1/mutations', deep);
    expect(response.status).toBe(400);
    expect(errorCode(response.body)).toBe('invalid_json');
  });

  it('refuses prototype-polluting keys and malformed JSON with 400', async () => {
    const ws = await server.workspace();
    for (const body of [
      '{"title":"x","__proto__":{"admin":true}}',
      '{"title":"x","constructor":{"prototype":{"admin":true}}}',
      '{"title":',
    ]) {
      const response = await ws.member.post('/v1/goals', body);
      expect(response.status).toBe(400);
      expect(errorCode(response.body)).toBe('invalid_json');
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses strings over their bound and integers beyond 2^53', async () => {
    const ws = await server.workspace();
    expect((await ws.member.post('/v1/goals', { title: 'x'.repeat(201) })).status).toBe(400);
    expect((await ws.member.post('/v1/goals', '{"title":"x","progress":9007199254740993}')).status).toBe(400);
  });

  it('limits each token with 429 and Retry-After, per token, and stays healthy', async () => {
    const ws = await server.workspace();
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++) statuses.push((await ws.viewer.get('/v1/me')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await ws.viewer.get('/v1/me');
    expect(limited.status).toBe(429);
    expect(errorCode(limited.body)).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await ws.member.get('/v1/me')).status).toBe(200);
    expect(zHealth.parse(await (await server.app.request('/healthz')).json()).status).toBe('ok');
  });

  it('allows CORS only from extension origins and configured ones', async () => {
    const preflight = (origin: string) =>
      server.app.request('/v1/sync', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    for (const origin of [
      'chrome-extension://abcdefghijklmnop',
      'moz-extension://4b1c2d3e-aaaa-bbbb',
      'https://hub.acme.test',
    ]) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of ['https://evil.test', 'https://notion.so', 'null']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
    const allowedPreflight = await preflight('chrome-extension://abcdefghijklmnop');
    expect(allowedPreflight.status).toBe(204);
    expect(allowedPreflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(allowedPreflight.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
  });

  it('answers an allowed origin with CORS headers on the request itself, and a refused one without', async () => {
    const ws = await server.workspace();
    const me = (origin: string) =>
      server.app.request('/v1/me', { headers: { origin, authorization: `Bearer ${ws.viewer.token}` } });
    const allowed = await me('moz-extension://4b1c2d3e-aaaa-bbbb');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('moz-extension://4b1c2d3e-aaaa-bbbb');
    expect(allowed.headers.get('access-control-expose-headers')).toBe('Retry-After,Link');
    expect(allowed.headers.get('vary')).toBe('Origin');
    const refused = await me('https://evil.test');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers unknown routes with the one error shape and never a stack trace', async () => {
    const ws = await server.workspace();
    const response = await ws.viewer.get('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(errorCode(response.body)).toBe('not_found');
    expect(JSON.stringify(response.body)).not.toMatch(/at .+\.ts:\d+/);
  });

  it('serves an OpenAPI document generated from the contract', async () => {
    const document = (await (await server.app.request('/v1/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/sync', '/v1/mutations', '/v1/teams/{id}', '/v1/items/by-key', '/v1/tokens']),
    );
    expect(JSON.stringify(document.paths['/v1/goals'])).toContain('"maxLength":200');
  });
});
