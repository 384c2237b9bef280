import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { zApiError, zDecision, zGoal, zHealth, zItem, zMutationBatchResult, zTeam } from '../../utils/contract.ts';
import type { Queryable } from '../db/database.ts';
import { type TestDatabase, testDatabases } from '../testing/databases.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const errorCode = (body: unknown) => zApiError.parse(body).error.code;

describe.each(testDatabases)('hardening on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database, {
      rateLimit: { perSecond: 1, burst: 5 },
      authFailureLimit: { perSecond: 0.5, burst: 3 },
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
    // Brackets in strings do not count, an escaped quote does not end a string, an escaped backslash before a quote
    // does not escape it.
    const hidden = JSON.stringify({ title: `\\"${'['.repeat(100)}` });
    expect((await ws.member.post('/v1/goals', hidden)).status).toBe(201);
    const nested = `{"title":"a\\\\","x":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(JSON.parse(nested)).toMatchObject({ title: 'a\\' });
    expect(errorCode((await ws.member.post('/v1/goals', nested)).body)).toBe('invalid_json');
  });

  it('refuses prototype-polluting keys and malformed JSON with 400', async () => {
    const ws = await server.workspace();
    for (const body of [
      '{"title":"x","__proto__":{"admin":true}}',
      '{"title":"x","constructor":{"prototype":{"admin":true}}}',
      // The same keys spelled with escapes.
      '{"title":"x","\\u005f_proto__":{"admin":true}}',
      '{"title":"x","constructo\\u0072":{"prototype":{"admin":true}}}',
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

  it('removes NUL and other characters PostgreSQL text refuses from every text field, and stores the write', async () => {
    const ws = await server.workspace();
    const team = await ws.admin.post('/v1/teams', {
      name: 'Pay\u0000ments',
      slug: 'payments',
      description: 'Money\u0000 in',
      members: [{ name: 'Priya\u0000' }],
    });
    expect(team.status).toBe(201);
    expect(zTeam.parse(team.body)).toMatchObject({
      name: 'Payments',
      description: 'Money in',
      members: [{ name: 'Priya' }],
    });
    const goal = await ws.member.post('/v1/goals', { title: 'SEPA\u0000', description: '\u0000\ud800' });
    expect(goal.status).toBe(201);
    expect(zGoal.parse(goal.body)).toMatchObject({ title: 'SEPA', description: '' });
    const key = 'jira:acme.atlassian.net/PAY-9';
    const ref = {
      tool: 'jira',
      kind: 'issue',
      id: 'PAY-9',
      workspace: 'acme.atlassian.net',
      project: 'PAY',
      key,
      url: 'https://acme.atlassian.net/browse/PAY-9',
    };
    const decisionId = randomUUID();
    const pushed = await ws.member.post('/v1/mutations', {
      mutations: [
        {
          mutationId: randomUUID(),
          type: 'item.upsert',
          id: randomUUID(),
          data: { ref, title: 'Checkout \u0000fails', context: { jiraProject: 'PAY\u0000', gmailLabels: ['a\u0000'] } },
        },
        {
          mutationId: randomUUID(),
          type: 'decision.create',
          id: decisionId,
          data: {
            title: 'Retry\u0000',
            decidedAt: '2026-01-01T00:00:00Z',
            decidedBy: 'member user',
            quote: 'the page said \u0000 this',
            rationale: '\u0000',
            itemKeys: [`${key}\u0000`],
          },
        },
      ],
    });
    expect(pushed.status).toBe(200);
    expect(zMutationBatchResult.parse(pushed.body).results.map((result) => result.status)).toEqual([
      'applied',
      'applied',
    ]);
    const item = zItem.parse((await ws.viewer.get(`/v1/items/by-key?key=${encodeURIComponent(key)}`)).body);
    expect(item).toMatchObject({ title: 'Checkout fails', context: { jiraProject: 'PAY', gmailLabels: ['a'] } });
    expect(zDecision.parse((await ws.viewer.get(`/v1/decisions/${decisionId}`)).body)).toMatchObject({
      title: 'Retry',
      quote: 'the page said  this',
      rationale: '',
      itemKeys: [key],
    });
  });

  it('answers 400, never 500, to text PostgreSQL refuses that reaches a query outside the contract', async () => {
    const ws = await server.workspace();
    for (const path of [
      '/v1/items/by-key?key=jira%3Aacme.atlassian.net%2FPAY-1%00',
      '/v1/items?key=a%00b',
      '/v1/decisions?itemKey=%00',
    ]) {
      const response = await ws.viewer.get(path);
      expect(response.status, path).toBe(400);
      expect(errorCode(response.body)).toBe('invalid_request');
    }
    const token = await ws.admin.post('/v1/tokens', { name: 'CI\u0000bot', role: 'viewer' });
    expect(token.status).toBe(400);
    expect(errorCode(token.body)).toBe('invalid_request');
    // The contract's date formats allow year 0, which PostgreSQL has not.
    const decision = { title: 'Old', decidedAt: '0000-01-01T00:00:00Z', decidedBy: 'x' };
    const early = await ws.member.post('/v1/decisions', decision);
    expect(early.status).toBe(400);
    expect(errorCode(early.body)).toBe('invalid_request');
    const pushed = zMutationBatchResult.parse(
      (
        await ws.member.post('/v1/mutations', {
          mutations: [
            { mutationId: randomUUID(), type: 'decision.create', id: randomUUID(), data: decision },
            { mutationId: randomUUID(), type: 'goal.create', id: randomUUID(), data: { title: 'Fine' } },
          ],
        })
      ).body,
    );
    expect(pushed.results.map((result) => ('code' in result ? result.code : result.status))).toEqual([
      'invalid_request',
      'applied',
    ]);
  });

  it('answers 400 to a pull cursor beyond a PostgreSQL bigint', async () => {
    const ws = await server.workspace();
    for (const cursor of ['9223372036854775808', '9999999999999999999']) {
      const response = await ws.viewer.get(`/v1/sync?cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(errorCode(response.body)).toBe('invalid_request');
    }
    expect((await ws.viewer.get('/v1/sync?cursor=9223372036854775807')).status).toBe(200);
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

  it('limits failed token lookups per client address with 429 and Retry-After; known tokens there still work', async () => {
    const ws = await server.workspace();
    // As @hono/node-server hands the socket to the app.
    const from = (remoteAddress: string, token: string) =>
      server.app.request(
        '/v1/me',
        { headers: { authorization: `Bearer ${token}` } },
        {
          incoming: { socket: { remoteAddress } },
        },
      );
    expect((await from('203.0.113.7', ws.viewer.token)).status).toBe(200);
    const guesses: number[] = [];
    for (let index = 0; index < 5; index++) {
      guesses.push((await from('203.0.113.7', `hw_${String(index).padStart(43, 'A')}`)).status);
    }
    expect(guesses).toEqual([401, 401, 401, 429, 429]);
    const limited = await from('203.0.113.7', `hw_${'B'.repeat(43)}`);
    expect(limited.status).toBe(429);
    expect(errorCode(await limited.json())).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another address is not limited, and a token this server already knows keeps working from the limited one.
    expect((await from('198.51.100.2', `hw_${'B'.repeat(43)}`)).status).toBe(401);
    expect((await from('203.0.113.7', ws.viewer.token)).status).toBe(200);
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

describe.each(testDatabases)('failed queries on $name', (database) => {
  it('log the statement and the SQLSTATE, never a value of the request', async () => {
    // A database whose goal inserts fail as a bug would, with the request's values as the statement's parameters.
    const failing: TestDatabase = {
      name: database.name,
      async open() {
        const db = await database.open();
        const broken = (tx: Queryable): Queryable => ({
          query: (sql, params) =>
            sql.includes('INSERT INTO goals')
              ? tx.query(`SELECT $1::text, $2::text FROM no_such_table`, params?.slice(-8, -6))
              : tx.query(sql, params),
        });
        return { ...db, ...broken(db), transaction: (fn) => db.transaction((tx) => fn(broken(tx))) };
      },
    };
    const server = await startTestServer(failing);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const ws = await server.workspace();
      const response = await ws.member.post('/v1/goals', { title: 'Secret plan', description: 'Acquire Initech' });
      expect(response.status).toBe(500);
      expect(errorCode(response.body)).toBe('internal');
      const pushed = await ws.member.post('/v1/mutations', {
        mutations: [
          { mutationId: randomUUID(), type: 'goal.create', id: randomUUID(), data: { title: 'Secret plan' } },
        ],
      });
      expect(zMutationBatchResult.parse(pushed.body).results[0]).toMatchObject({
        status: 'rejected',
        code: 'internal',
      });
      const lines = logged.mock.calls.map((call) =>
        call.map((part) => (part instanceof Error ? part.stack : String(part))).join(' '),
      );
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line).toContain('42P01');
        expect(line).toContain('FROM no_such_table');
        expect(line).not.toMatch(/Secret plan|Initech/);
      }
    } finally {
      logged.mockRestore();
      await server.close();
    }
  });
});
