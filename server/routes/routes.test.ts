import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  zApiError,
  zDecision,
  zGoal,
  zItem,
  zLink,
  zListPage,
  zMe,
  zOwnershipRule,
  zTeam,
} from '../../utils/contract.ts';
import { testDatabases } from '../testing/databases.ts';
import { startTestServer, type TestServer, type TestWorkspace } from '../testing/test-server.ts';

const errorCode = (body: unknown) => zApiError.parse(body).error.code;

const jiraRef = (key: string) => ({
  tool: 'jira',
  kind: 'issue',
  id: key,
  workspace: 'acme.atlassian.net',
  project: key.split('-')[0],
  key: `jira:acme.atlassian.net/${key}`,
  url: `https://acme.atlassian.net/browse/${key}`,
});

/** Creates a team (as admin) and a goal owned by it (as member); most resources reference them. */
async function basics(ws: TestWorkspace) {
  const team = zTeam.parse((await ws.admin.post('/v1/teams', { name: 'Payments', slug: 'payments' })).body);
  const goal = zGoal.parse((await ws.member.post('/v1/goals', { title: 'Launch SEPA', ownerTeamId: team.id })).body);
  return { team, goal };
}

interface Resource {
  path: string;
  schema: z.ZodType<{ id: string; version: number }>;
  /** The lowest role that may write it. */
  writer: 'admin' | 'member';
  valid(ws: TestWorkspace): Promise<object>;
  invalid: object;
  patch?: object;
  deletable?: 'versioned' | 'unversioned';
}

const resources: Resource[] = [
  {
    path: '/v1/teams',
    schema: zTeam,
    writer: 'admin',
    valid: async () => ({ name: 'Platform', slug: `platform-${randomUUID().slice(0, 8)}` }),
    invalid: { name: 'Platform', slug: 'Not A Slug' },
    patch: { description: 'Runs the platform' },
    deletable: 'versioned',
  },
  {
    path: '/v1/goals',
    schema: zGoal,
    writer: 'member',
    valid: async (ws) => ({ title: 'Ship it', ownerTeamId: (await basics(ws)).team.id, progress: 10 }),
    invalid: { title: '', progress: 101 },
    patch: { progress: 50 },
    deletable: 'versioned',
  },
  {
    path: '/v1/decisions',
    schema: zDecision,
    writer: 'member',
    valid: async () => ({ title: 'Use Stripe', decidedAt: '2026-01-01T00:00:00Z', decidedBy: 'Priya' }),
    invalid: { title: 'Use Stripe', decidedAt: 'yesterday', decidedBy: 'Priya' },
  },
  {
    path: '/v1/items',
    schema: zItem,
    writer: 'member',
    valid: async () => ({ ref: jiraRef(`PAY-${Math.floor(Math.random() * 1e6)}`), title: 'Checkout' }),
    invalid: { ref: { ...jiraRef('PAY-1'), url: 'javascript:alert(1)' } },
    patch: { title: 'Checkout v2' },
  },
  {
    path: '/v1/links',
    schema: zLink,
    writer: 'member',
    valid: async (ws) => ({
      kind: 'owner',
      itemKey: 'jira:acme.atlassian.net/PAY-1',
      teamId: (await basics(ws)).team.id,
    }),
    invalid: { kind: 'owner', itemKey: 'jira:acme.atlassian.net/PAY-1', teamId: 'not-a-uuid' },
    deletable: 'unversioned',
  },
  {
    path: '/v1/rules',
    schema: zOwnershipRule,
    writer: 'admin',
    valid: async (ws) => ({ tool: 'jira', field: 'jiraProject', pattern: 'PAY', teamId: (await basics(ws)).team.id }),
    invalid: { tool: 'jira', field: 'jiraEpic', pattern: 'PAY' },
    patch: { priority: 5 },
    deletable: 'versioned',
  },
];

describe.each(testDatabases)('REST resources on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server.close());

  describe.each(resources)('$path', (resource) => {
    const deletePath = (id: string, version: number) =>
      resource.deletable === 'versioned' ? `${resource.path}/${id}?baseVersion=${version}` : `${resource.path}/${id}`;

    it('creates, gets, lists, updates and deletes', async () => {
      const ws = await server.workspace();
      const writer = ws[resource.writer];
      const created = await writer.post(resource.path, await resource.valid(ws));
      expect(created.status).toBe(201);
      const entity = resource.schema.parse(created.body);
      expect(entity.version).toBe(1);

      const got = await ws.viewer.get(`${resource.path}/${entity.id}`);
      expect(got.status).toBe(200);
      expect(resource.schema.parse(got.body)).toEqual(entity);

      const list = zListPage(resource.schema).parse((await ws.viewer.get(resource.path)).body);
      expect(list.data.map((row) => row.id)).toContain(entity.id);

      let version = entity.version;
      if (resource.patch) {
        const updated = await writer.patch(`${resource.path}/${entity.id}`, { baseVersion: 1, ...resource.patch });
        expect(updated.status).toBe(200);
        const after = resource.schema.parse(updated.body);
        expect(after).toMatchObject({ ...resource.patch, version: 2 });
        version = after.version;
      }
      if (resource.deletable) {
        expect((await writer.delete(deletePath(entity.id, version))).status).toBe(204);
        expect((await ws.viewer.get(`${resource.path}/${entity.id}`)).status).toBe(404);
      }
    });

    it('answers 400 to an invalid body and changes nothing', async () => {
      const ws = await server.workspace();
      const response = await ws.admin.post(resource.path, resource.invalid);
      expect(response.status).toBe(400);
      expect(errorCode(response.body)).toBe('invalid_request');
      expect(zListPage(resource.schema).parse((await ws.admin.get(resource.path)).body).data).toEqual([]);
    });

    it('answers 404 to unknown and malformed ids', async () => {
      const ws = await server.workspace();
      for (const id of [randomUUID(), 'not-a-uuid']) {
        const response = await ws.viewer.get(`${resource.path}/${id}`);
        expect(response.status).toBe(404);
        expect(errorCode(response.body)).toBe('not_found');
      }
      if (resource.patch) {
        expect(
          (await ws.admin.patch(`${resource.path}/${randomUUID()}`, { baseVersion: 1, ...resource.patch })).status,
        ).toBe(404);
      }
      if (resource.deletable) expect((await ws.admin.delete(deletePath(randomUUID(), 1))).status).toBe(404);
    });

    it('answers 401 without a valid token', async () => {
      const ws = await server.workspace();
      const anonymous = await server.app.request(resource.path);
      expect(anonymous.status).toBe(401);
      expect(errorCode(await anonymous.json())).toBe('unauthorized');
      const forged = server.client(`hw_${'A'.repeat(43)}`);
      expect((await forged.post(resource.path, await resource.valid(ws))).status).toBe(401);
    });

    it('lets viewers read but not write (403), and members write only member resources', async () => {
      const ws = await server.workspace();
      const body = await resource.valid(ws);
      const denied = resource.writer === 'admin' ? [ws.viewer, ws.member] : [ws.viewer];
      for (const client of denied) {
        const response = await client.post(resource.path, body);
        expect(response.status).toBe(403);
        expect(errorCode(response.body)).toBe('forbidden');
      }
      expect((await ws.viewer.get(resource.path)).status).toBe(200);
    });

    it("answers 404 to another workspace's ids and changes nothing", async () => {
      const owner = await server.workspace();
      const intruder = await server.workspace();
      const entity = resource.schema.parse((await owner.admin.post(resource.path, await resource.valid(owner))).body);
      expect((await intruder.admin.get(`${resource.path}/${entity.id}`)).status).toBe(404);
      if (resource.patch) {
        expect(
          (await intruder.admin.patch(`${resource.path}/${entity.id}`, { baseVersion: 1, ...resource.patch })).status,
        ).toBe(404);
      }
      if (resource.deletable) expect((await intruder.admin.delete(deletePath(entity.id, 1))).status).toBe(404);
      expect(zListPage(resource.schema).parse((await intruder.admin.get(resource.path)).body).data).toEqual([]);
      expect(resource.schema.parse((await owner.admin.get(`${resource.path}/${entity.id}`)).body)).toEqual(entity);
    });
  });

  describe.each(resources.filter((resource) => resource.patch || resource.deletable))('$path', (resource) => {
    it('refuses edits and deletes to roles that may not write it (403) and changes nothing', async () => {
      const ws = await server.workspace();
      const entity = resource.schema.parse((await ws.admin.post(resource.path, await resource.valid(ws))).body);
      const path = `${resource.path}/${entity.id}`;
      const denied = resource.writer === 'admin' ? [ws.viewer, ws.member] : [ws.viewer];
      for (const client of denied) {
        const attempts = [
          ...(resource.patch ? [client.patch(path, { baseVersion: 1, ...resource.patch })] : []),
          ...(resource.deletable
            ? [client.delete(resource.deletable === 'versioned' ? `${path}?baseVersion=1` : path)]
            : []),
        ];
        for (const response of await Promise.all(attempts)) {
          expect(response.status).toBe(403);
          expect(errorCode(response.body)).toBe('forbidden');
        }
      }
      expect(resource.schema.parse((await ws.viewer.get(path)).body)).toEqual(entity);
    });
  });

  it("refuses references to another workspace's entities (404)", async () => {
    const owner = await server.workspace();
    const intruder = await server.workspace();
    const { team, goal } = await basics(owner);
    const response = await intruder.member.post('/v1/goals', {
      title: 'Sneaky',
      ownerTeamId: team.id,
      parentGoalId: goal.id,
    });
    expect(response.status).toBe(404);
    const link = await intruder.member.post('/v1/links', { kind: 'goal', itemKey: 'notion:abc', goalId: goal.id });
    expect(link.status).toBe(404);
  });

  it('filters and pages lists with a keyset cursor', async () => {
    const ws = await server.workspace();
    const { team } = await basics(ws);
    for (let index = 0; index < 5; index++) {
      await ws.member.post('/v1/goals', { title: `Goal ${index}`, status: index % 2 ? 'at_risk' : 'on_track' });
    }
    const atRisk = zListPage(zGoal).parse((await ws.viewer.get('/v1/goals?status=at_risk')).body);
    expect(atRisk.data.map((goal) => goal.title)).toEqual(['Goal 1', 'Goal 3']);
    const ownedByTeam = zListPage(zGoal).parse((await ws.viewer.get(`/v1/goals?teamId=${team.id}`)).body);
    expect(ownedByTeam.data.map((goal) => goal.title)).toEqual(['Launch SEPA']);

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = zListPage(zGoal).parse(
        (await ws.viewer.get(`/v1/goals?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body,
      );
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((goal) => goal.title));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect((await ws.viewer.get('/v1/goals?cursor=garbage')).status).toBe(400);
    expect((await ws.viewer.get('/v1/goals?limit=100000')).status).toBe(400);
  });

  it('keeps decisions append-only: superseding marks the old one and a second supersession is refused', async () => {
    const ws = await server.workspace();
    const base = { decidedAt: '2026-01-01T00:00:00Z', decidedBy: 'Priya', itemKeys: ['jira:acme.atlassian.net/PAY-1'] };
    const first = zDecision.parse((await ws.member.post('/v1/decisions', { ...base, title: 'Use Adyen' })).body);
    const second = zDecision.parse(
      (await ws.member.post('/v1/decisions', { ...base, title: 'Use Stripe', supersedes: first.id })).body,
    );
    const old = zDecision.parse((await ws.viewer.get(`/v1/decisions/${first.id}`)).body);
    expect(old).toMatchObject({ status: 'superseded', supersededBy: second.id, version: 2 });
    const again = await ws.member.post('/v1/decisions', { ...base, title: 'Use Mollie', supersedes: first.id });
    expect(again.status).toBe(409);
    expect(errorCode(again.body)).toBe('already_superseded');
    const byItem = zListPage(zDecision).parse(
      (await ws.viewer.get('/v1/decisions?itemKey=jira:acme.atlassian.net/PAY-1&status=accepted')).body,
    );
    expect(byItem.data.map((decision) => decision.title)).toEqual(['Use Stripe']);
    expect((await ws.member.patch(`/v1/decisions/${first.id}`, { baseVersion: 2, title: 'x' })).status).toBe(404);
    expect((await ws.admin.delete(`/v1/decisions/${first.id}`)).status).toBe(404);
  });

  it("names the token's user as who decided and the server's clock as when it was logged, whatever the body says", async () => {
    const ws = await server.workspace();
    const forged = {
      decidedAt: '2020-03-04T05:06:07Z',
      decidedBy: 'Demo admin (CEO)',
      createdAt: '2020-03-04T05:06:07Z',
      updatedAt: '2020-03-04T05:06:07Z',
      version: 7,
    };
    const before = Date.now();
    const rest = zDecision.parse((await ws.member.post('/v1/decisions', { ...forged, title: 'Over REST' })).body);
    const ids = [randomUUID(), randomUUID()];
    const pushed = await ws.member.post('/v1/mutations', {
      mutations: [
        // A plain create goes the batched way, a superseding one the one-by-one way: both must hold.
        { mutationId: randomUUID(), type: 'decision.create', id: ids[0], data: { ...forged, title: 'Pushed' } },
        {
          mutationId: randomUUID(),
          type: 'decision.create',
          id: ids[1],
          data: { ...forged, title: 'Pushed again', supersedes: rest.id },
        },
      ],
    });
    expect(pushed.status).toBe(200);
    const after = Date.now();
    for (const id of [rest.id, ...ids]) {
      const stored = zDecision.parse((await ws.viewer.get(`/v1/decisions/${id}`)).body);
      expect(stored.decidedBy).toBe('member user');
      // The decision's own date is kept, apart from when it was logged.
      expect(stored.decidedAt).toBe('2020-03-04T05:06:07.000Z');
      expect(Date.parse(stored.createdAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(stored.createdAt)).toBeLessThanOrEqual(after);
      expect(stored.version).toBeLessThanOrEqual(2);
    }
    const link = zLink.parse(
      (
        await ws.member.post('/v1/links', {
          kind: 'related',
          itemKey: 'notion:a',
          relatedItemKey: 'notion:b',
          createdBy: 'CEO',
        })
      ).body,
    );
    expect(link.createdBy).toBe('member user');
  });

  it('upserts items by key and finds them by key', async () => {
    const ws = await server.workspace();
    const first = await ws.member.post('/v1/items', { ref: jiraRef('PAY-7'), title: 'Old title' });
    expect(first.status).toBe(201);
    const again = await ws.member.post('/v1/items', { ref: jiraRef('PAY-7'), title: 'New title' });
    expect(again.status).toBe(200);
    expect(zItem.parse(again.body)).toMatchObject({ id: zItem.parse(first.body).id, title: 'New title', version: 2 });
    const found = await ws.viewer.get(`/v1/items/by-key?key=${encodeURIComponent('jira:acme.atlassian.net/PAY-7')}`);
    expect(zItem.parse(found.body).title).toBe('New title');
    expect((await ws.viewer.get('/v1/items/by-key?key=jira:nope')).status).toBe(404);
  });

  it("ties an item's URL to its key: a URL elsewhere is refused, another form of the item's own URL stored canonical", async () => {
    const ws = await server.workspace();
    const phishing = { ...jiraRef('PAY-77'), url: 'https://acme-atlassian.evil.test/browse/PAY-77' };
    const lookalikes = [
      phishing,
      { ...jiraRef('PAY-77'), url: 'https://acme.atlassian.net/browse/PAY-78' },
      { ...jiraRef('PAY-77'), url: 'http://acme.atlassian.net/browse/PAY-77' },
      { ...jiraRef('PAY-77'), tool: 'notion' },
      { tool: 'notion', kind: 'page', id: 'a'.repeat(32), key: `notion:${'a'.repeat(32)}`, url: 'https://evil.test/' },
    ];
    for (const ref of lookalikes) {
      const response = await ws.member.post('/v1/items', { ref, title: 'Pay now' });
      expect(response.status, ref.url).toBe(400);
      expect(errorCode(response.body)).toBe('invalid_request');
    }
    const pushed = await ws.member.post('/v1/mutations', {
      mutations: [{ mutationId: randomUUID(), type: 'item.upsert', id: randomUUID(), data: { ref: phishing } }],
    });
    expect(pushed.body).toMatchObject({ results: [{ status: 'rejected', code: 'invalid_request' }] });
    expect((await ws.viewer.get(`/v1/items/by-key?key=${encodeURIComponent(phishing.key)}`)).status).toBe(404);

    const board = {
      ...jiraRef('PAY-77'),
      url: 'https://acme.atlassian.net/jira/software/projects/PAY/boards/1?selectedIssue=PAY-77',
    };
    const stored = zItem.parse((await ws.member.post('/v1/items', { ref: board, title: 'Pay' })).body);
    expect(stored.ref).toEqual(jiraRef('PAY-77'));
    const notionId = '4f8e2a1c9b7d4e6fa1b2c3d4e5f60718';
    const notion = { tool: 'notion', kind: 'page', id: notionId, key: `notion:${notionId}` };
    const batch = await ws.member.post('/v1/mutations', {
      mutations: [
        {
          mutationId: randomUUID(),
          type: 'item.upsert',
          id: randomUUID(),
          data: { ref: { ...notion, url: `https://www.notion.so/acme/SEPA-design-${notionId}` } },
        },
      ],
    });
    expect(batch.body).toMatchObject({ results: [{ status: 'applied' }] });
    const page = zItem.parse((await ws.viewer.get(`/v1/items/by-key?key=notion:${notionId}`)).body);
    expect(page.ref.url).toBe(`https://www.notion.so/${notionId}`);
  });

  it("repairs an item stored with a URL elsewhere before URLs were tied to keys, at the item's next capture", async () => {
    const ws = await server.workspace();
    const ref = jiraRef('PAY-78');
    const created = zItem.parse((await ws.member.post('/v1/items', { ref, title: 'Pay' })).body);
    const phishing = { ...ref, url: 'https://acme-atlassian.evil.test/browse/PAY-78' };
    await server.db.query('UPDATE items SET ref = $2 WHERE id = $1', [created.id, JSON.stringify(phishing)]);
    const captured = zItem.parse((await ws.member.post('/v1/items', { ref, title: 'Pay' })).body);
    expect(captured.ref.url).toBe(ref.url);
    expect(captured.version).toBe(2);
  });

  it('answers a stale update with 409 and keeps the newer data', async () => {
    const ws = await server.workspace();
    const { goal } = await basics(ws);
    expect((await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: 1, progress: 40 })).status).toBe(200);
    const stale = await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: 1, progress: 10 });
    expect(stale.status).toBe(409);
    expect(errorCode(stale.body)).toBe('stale_version');
    expect(zGoal.parse((await ws.viewer.get(`/v1/goals/${goal.id}`)).body)).toMatchObject({ progress: 40, version: 2 });
  });

  it('changes only the fields a patch sends', async () => {
    const ws = await server.workspace();
    const { goal } = await basics(ws);
    await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: 1, description: 'Why it matters' });
    const after = zGoal.parse((await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: 2, progress: 5 })).body);
    expect(after).toMatchObject({ description: 'Why it matters', progress: 5, ownerTeamId: goal.ownerTeamId });
  });

  it("keeps a goal's status history: created, then each change of status or progress, with who and when", async () => {
    const ws = await server.workspace();
    const { goal } = await basics(ws);
    const created = { status: 'on_track', progress: 0, by: 'member user', at: goal.createdAt };
    expect(goal.statusHistory).toEqual([created]);
    const done = zGoal.parse(
      (await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: 1, status: 'done', progress: 100 })).body,
    );
    expect(done.statusHistory).toEqual([
      created,
      { status: 'done', progress: 100, by: 'member user', at: done.updatedAt },
    ]);
    const renamed = zGoal.parse(
      (await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: 2, title: 'SEPA' })).body,
    );
    expect(renamed.statusHistory).toEqual(done.statusHistory);
    expect(zGoal.parse((await ws.viewer.get(`/v1/goals/${goal.id}`)).body).statusHistory).toHaveLength(2);
  });

  it('keeps only the last 100 status changes of a goal', async () => {
    const ws = await server.workspace();
    const { goal } = await basics(ws);
    let latest = goal;
    for (let progress = 1; progress <= 100; progress++) {
      latest = zGoal.parse(
        (await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: latest.version, progress })).body,
      );
    }
    expect(latest.statusHistory).toHaveLength(100);
    expect(latest.statusHistory[0]?.progress).toBe(1);
    expect(latest.statusHistory.at(-1)?.progress).toBe(100);
  });

  it('refuses deleting a referenced team and cycles in the goal tree', async () => {
    const ws = await server.workspace();
    const { team, goal } = await basics(ws);
    const referenced = await ws.admin.delete(`/v1/teams/${team.id}?baseVersion=1`);
    expect(referenced.status).toBe(409);
    expect(errorCode(referenced.body)).toBe('referenced');
    const child = zGoal.parse((await ws.member.post('/v1/goals', { title: 'Child', parentGoalId: goal.id })).body);
    const cycle = await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: 1, parentGoalId: child.id });
    expect(cycle.status).toBe(409);
    expect(errorCode(cycle.body)).toBe('cycle');
  });

  // Why an item can never keep an owner link (or a rule) to a deleted team: the server refuses to delete a team while
  // anything names it, and refuses a link to a team deleted meanwhile (another client's, made offline), saying so.
  it('refuses deleting a team a link or a rule gives items to, and a link to a deleted team, saying which', async () => {
    const ws = await server.workspace();
    const owning = zTeam.parse((await ws.admin.post('/v1/teams', { name: 'Fraud', slug: 'fraud' })).body);
    const ruling = zTeam.parse((await ws.admin.post('/v1/teams', { name: 'Risk', slug: 'risk' })).body);
    const link = await ws.member.post('/v1/links', {
      kind: 'owner',
      itemKey: 'jira:acme.atlassian.net/PAY-7',
      teamId: owning.id,
    });
    expect(link.status).toBe(201);
    const rule = { tool: 'jira', field: 'jiraProject', pattern: 'RISK', teamId: ruling.id };
    expect((await ws.admin.post('/v1/rules', rule)).status).toBe(201);
    for (const team of [owning, ruling]) {
      const refused = await ws.admin.delete(`/v1/teams/${team.id}?baseVersion=1`);
      expect(refused.status).toBe(409);
      expect(errorCode(refused.body)).toBe('referenced');
    }

    const gone = zTeam.parse((await ws.admin.post('/v1/teams', { name: 'Gone', slug: 'gone' })).body);
    expect((await ws.admin.delete(`/v1/teams/${gone.id}?baseVersion=1`)).status).toBe(204);
    const late = await ws.member.post('/v1/links', {
      kind: 'owner',
      itemKey: 'jira:acme.atlassian.net/PAY-8',
      teamId: gone.id,
    });
    expect(late.status).toBe(404);
    expect(zApiError.parse(late.body).error.message).toBe(
      'the team this link names does not exist (it may have been deleted)',
    );
  });

  it('tells the caller who they are', async () => {
    const ws = await server.workspace();
    const me = zMe.parse((await ws.member.get('/v1/me')).body);
    expect(me).toMatchObject({ workspace: { id: ws.id }, user: { role: 'member' } });
  });

  it('renames the workspace (admins only) and oneself (anyone), at once and only within the workspace', async () => {
    const ws = await server.workspace();
    const other = await server.workspace();
    const otherName = zMe.parse((await other.viewer.get('/v1/me')).body).workspace.name;

    const renamed = await ws.admin.patch('/v1/workspace', { name: '  Acme Payments  ' });
    expect(renamed.status).toBe(200);
    expect(zMe.parse(renamed.body).workspace.name).toBe('Acme Payments');
    expect(zMe.parse((await ws.viewer.get('/v1/me')).body).workspace.name).toBe('Acme Payments');
    expect(zMe.parse((await other.viewer.get('/v1/me')).body).workspace.name).toBe(otherName);

    for (const client of [ws.member, ws.viewer]) {
      const refused = await client.patch('/v1/workspace', { name: 'Mine now' });
      expect(refused.status).toBe(403);
      expect(errorCode(refused.body)).toBe('forbidden');
    }
    for (const body of [{ name: '' }, { name: 'x'.repeat(201) }, { name: 'Acme', id: other.id }, {}]) {
      const invalid = await ws.admin.patch('/v1/workspace', body);
      expect(invalid.status).toBe(400);
      expect(errorCode(invalid.body)).toBe('invalid_request');
    }

    // A rename shows in the very next answer, not after the token cache lets the old name go.
    const viewer = await ws.viewer.patch('/v1/me', { name: 'Vera Viewer' });
    expect(zMe.parse(viewer.body).user).toMatchObject({ name: 'Vera Viewer', role: 'viewer' });
    expect(zMe.parse((await ws.viewer.get('/v1/me')).body).user.name).toBe('Vera Viewer');
    expect(zMe.parse((await ws.member.get('/v1/me')).body).user.name).not.toBe('Vera Viewer');
    expect((await ws.viewer.patch('/v1/me', { name: ' ' })).status).toBe(400);
    expect((await ws.viewer.patch('/v1/me', { name: 'Boss', role: 'admin' })).status).toBe(400);

    for (const path of ['/v1/me', '/v1/workspace']) {
      const anonymous = await server.app.request(path, { method: 'PATCH', body: '{"name":"x"}' });
      expect(anonymous.status).toBe(401);
    }
    expect(zMe.parse((await ws.viewer.get('/v1/me')).body).workspace.name).toBe('Acme Payments');
  });

  it('lets admins create, list and revoke tokens', async () => {
    const ws = await server.workspace();
    expect((await ws.member.get('/v1/tokens')).status).toBe(403);
    const created = await ws.admin.post('/v1/tokens', { name: 'CI bot', role: 'viewer' });
    expect(created.status).toBe(201);
    const { id, token } = created.body as { id: string; token: string };
    const bot = server.client(token);
    expect(zMe.parse((await bot.get('/v1/me')).body).user.role).toBe('viewer');
    const other = await server.workspace();
    expect((await other.admin.delete(`/v1/tokens/${id}`)).status).toBe(404);
    expect((await ws.admin.delete(`/v1/tokens/${id}`)).status).toBe(204);
    expect((await bot.get('/v1/me')).status).toBe(401);
    expect((await ws.admin.post('/v1/tokens', { name: 'x', role: 'owner' })).status).toBe(400);
  });
});
