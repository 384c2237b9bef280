import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintOpenApi, unexpectedProblems } from '../../scripts/openapi-lint.ts';
import { GENERATED_TYPES_FILE, renderOpenApiTypes } from '../../scripts/openapi-types.ts';
import { zDigestAnswer } from '../../utils/contract.ts';
import { createApp, SERVER_VERSION } from '../app.ts';
import { testDatabases } from '../testing/databases.ts';
import { startTestServer, type TestServer, type TestWorkspace } from '../testing/test-server.ts';
import type { paths } from './openapi.generated.ts';
import { buildOpenApi, PAGES_OUTSIDE_THE_API, REFERENCE_PATH } from './openapi.ts';

const document = buildOpenApi(SERVER_VERSION);
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];
const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => ({
    path,
    method,
    operation: item[method] as { operationId?: string; summary?: string; responses: Record<string, unknown> },
  })),
);

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended rules (redocly.yaml)", async () => {
    const problems = unexpectedProblems(await lintOpenApi(document), document);
    expect(problems.map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}`)).toEqual([]);
  });

  it('lets the lint find what it is there to find: an operation without a summary fails it', async () => {
    const broken = structuredClone(document) as { paths: Record<string, Record<string, { summary?: string }>> };
    delete broken.paths['/v1/teams']?.get?.summary;
    const problems = unexpectedProblems(await lintOpenApi(broken), broken);
    expect(problems.map((problem) => problem.ruleId)).toContain('operation-summary');
  });

  it('gives every operation a unique operation id and a summary', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.filter(({ operation }) => !operation.summary)).toEqual([]);
  });

  it("has exactly the app's routes: every route of createApp is in it, and it names no route the app lacks", () => {
    const app = createApp({ db: {} as never });
    // Middleware is registered on wildcard paths; pages for people (the reference, the invite page) are not API.
    const served = app.routes
      .filter(({ path, method }) => !path.includes('*') && method !== 'ALL' && !PAGES_OUTSIDE_THE_API.includes(path))
      // Middleware on named paths (the sign-in rate limit) takes `next`; an endpoint answers from the context alone.
      .filter(({ handler }) => handler.length < 2)
      .map(({ method, path }) => `${method} ${path}`);
    const documented = operations.map(
      ({ method, path }) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
    );
    expect(
      [...new Set(served)].sort(),
      'a route and the document disagree: describe the route in server/http/openapi.ts, then run `npm run openapi:types`',
    ).toEqual([...new Set(documented)].sort());
  });

  it('is what the committed typed client was generated from (run `npm run openapi:types` after changing it)', async () => {
    expect(readFileSync(GENERATED_TYPES_FILE, 'utf8')).toBe(await renderOpenApiTypes());
  });
});

describe('the interactive reference', () => {
  it('is served with its script from the server itself, never from a CDN', async () => {
    const app = createApp({ db: {} as never });
    const page = await app.request(REFERENCE_PATH);
    expect(page.status).toBe(200);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts).toEqual([`${REFERENCE_PATH}/scalar.js`]);
    expect(html).toContain('"url": "/v1/openapi.json"');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await app.request(`${REFERENCE_PATH}/scalar.js`);
    expect(bundle.headers.get('content-type')).toContain('text/javascript');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });
});

describe.each(testDatabases)(
  'the typed client generated from the document, against the running server ($name)',
  (database) => {
    let server: TestServer;
    let http: ServerType;
    let baseUrl: string;
    let ws: TestWorkspace;
    /** Every status the server answered, by operation: each must be one the document declares for it. */
    const answered: { operation: string; status: number }[] = [];

    beforeAll(async () => {
      server = await startTestServer(database);
      http = await new Promise<ServerType>((resolve) => {
        const listening: ServerType = serve({ fetch: server.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
          resolve(listening),
        );
      });
      baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      ws = await server.workspace();
    });
    afterAll(async () => {
      await new Promise((resolve) => http?.close(resolve));
      await server?.close();
    });

    const clientFor = (token?: string) => {
      const client = createClient<paths>({ baseUrl, headers: token ? { authorization: `Bearer ${token}` } : {} });
      client.use({
        onResponse({ request, response, schemaPath }) {
          const method = request.method.toLowerCase();
          answered.push({ operation: `${method} ${schemaPath}`, status: response.status });
        },
      });
      return client;
    };

    it('reads, writes and fails as the document says, with the types it generates', async () => {
      const admin = clientFor(ws.admin.token);
      const viewer = clientFor(ws.viewer.token);

      const health = await clientFor().GET('/healthz');
      expect(health.data?.status).toBe('ok');

      const me = await admin.GET('/v1/me');
      expect(me.data?.user.role).toBe('admin');
      expect((await clientFor('hw_not-a-token').GET('/v1/me')).response.status).toBe(401);

      const slug = `payments-${randomUUID().slice(0, 8)}`;
      const created = await admin.POST('/v1/teams', { body: { name: 'Payments', slug } });
      expect(created.response.status).toBe(201);
      const team = created.data;
      if (!team) throw new Error(`no team: ${JSON.stringify(created.error)}`);
      expect((await admin.POST('/v1/teams', { body: { name: 'Payments again', slug } })).response.status).toBe(409);
      expect((await viewer.POST('/v1/teams', { body: { name: 'Nope', slug: 'nope' } })).response.status).toBe(403);

      const read = await admin.GET('/v1/teams/{id}', { params: { path: { id: team.id } } });
      expect(read.data?.slug).toBe(slug);
      expect((await admin.GET('/v1/teams/{id}', { params: { path: { id: randomUUID() } } })).response.status).toBe(404);

      const renamed = await admin.PATCH('/v1/teams/{id}', {
        params: { path: { id: team.id } },
        body: { baseVersion: team.version, description: 'Takes the money' },
      });
      expect(renamed.data?.description).toBe('Takes the money');
      const stale = await admin.PATCH('/v1/teams/{id}', {
        params: { path: { id: team.id } },
        body: { baseVersion: team.version, description: 'Stale' },
      });
      expect(stale.error?.error.code).toBe('stale_version');

      const listed = await admin.GET('/v1/teams', { params: { query: { limit: 10 } } });
      expect(listed.data?.data.map(({ id }) => id)).toContain(team.id);

      const goal = await admin.POST('/v1/goals', { body: { title: 'Launch SEPA', ownerTeamId: team.id } });
      expect(goal.response.status).toBe(201);
      const decision = await admin.POST('/v1/decisions', {
        body: { title: 'Use Stripe', status: 'proposed', decidedAt: '2026-11-01T00:00:00Z', teamId: team.id },
      });
      const decisionId = decision.data?.id ?? '';
      const accepted = await admin.POST('/v1/decisions/{id}/accept', { params: { path: { id: decisionId } } });
      expect(accepted.data?.status).toBe('accepted');
      const again = await admin.POST('/v1/decisions/{id}/withdraw', { params: { path: { id: decisionId } } });
      expect(again.response.status).toBe(409);

      const ref = {
        tool: 'jira' as const,
        kind: 'issue' as const,
        id: 'PAY-12',
        workspace: 'acme.atlassian.net',
        project: 'PAY',
        key: 'jira:acme.atlassian.net/PAY-12',
        url: 'https://acme.atlassian.net/browse/PAY-12',
      };
      expect((await admin.POST('/v1/items', { body: { ref, title: 'Checkout' } })).response.status).toBe(201);
      const found = await admin.GET('/v1/items/by-key', { params: { query: { key: ref.key } } });
      expect(found.data?.title).toBe('Checkout');
      const link = await admin.POST('/v1/links', { body: { kind: 'owner', itemKey: ref.key, teamId: team.id } });
      expect(link.response.status).toBe(201);
      const unlinked = await admin.DELETE('/v1/links/{id}', { params: { path: { id: link.data?.id ?? '' } } });
      expect(unlinked.response.status).toBe(204);

      const pushed = await admin.POST('/v1/mutations', {
        body: {
          mutations: [
            {
              mutationId: randomUUID(),
              type: 'note.create',
              id: randomUUID(),
              data: { title: 'Ask finance', itemKeys: [ref.key] },
            },
          ],
        },
      });
      expect(pushed.data?.results[0]?.status).toBe('applied');
      const pulled = await admin.GET('/v1/sync', { params: { query: { limit: 500 } } });
      expect(pulled.data?.changes.length).toBeGreaterThan(0);
      expect((await admin.GET('/v1/sync', { params: { query: { cursor: 'x' } } })).response.status).toBe(400);

      const digest = await admin.GET('/v1/digest', { params: { query: { teams: team.id, week: '2026-10-26' } } });
      expect(zDigestAnswer.parse(digest.data).digest.decisionsMade.total).toBe(1);
      expect(digest.data?.digest.teams).toEqual([{ id: team.id, name: 'Payments' }]);
      const notMonday = await admin.GET('/v1/digest', { params: { query: { teams: 'mine', week: '2026-10-27' } } });
      expect(notMonday.response.status).toBe(400);
      const settings = await admin.PUT('/v1/teams/{id}/digest-settings', {
        params: { path: { id: team.id } },
        body: { emailEnabled: false, webhookUrl: 'https://hooks.example.test/T1/B1/secret' },
      });
      expect(settings.data).toEqual({ emailEnabled: false, webhook: true });
      const viewerSettings = await viewer.PUT('/v1/teams/{id}/digest-settings', {
        params: { path: { id: team.id } },
        body: { emailEnabled: true },
      });
      expect(viewerSettings.response.status).toBe(403);

      const token = await admin.POST('/v1/tokens', { body: { name: 'CI', role: 'viewer' } });
      expect(token.data?.token).toMatch(/^hw_/);
      expect((await viewer.GET('/v1/tokens')).response.status).toBe(403);
      const revoked = await admin.DELETE('/v1/tokens/{id}', { params: { path: { id: token.data?.id ?? '' } } });
      expect(revoked.response.status).toBe(204);

      const undeclared = answered.filter(({ operation, status }) => {
        const [method = '', path = ''] = operation.split(' ');
        const responses = operations.find((entry) => entry.method === method && entry.path === path)?.operation
          .responses;
        return !responses || !(String(status) in responses);
      });
      expect(undeclared).toEqual([]);
      expect(answered.length).toBeGreaterThan(20);
    });
  },
);
