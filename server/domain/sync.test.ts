import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PullPage, zGoal, zPullPage } from '../../utils/contract.ts';
import { createDemoWorkspace, DEMO } from '../seed/demo.ts';
import { testDatabases } from '../testing/databases.ts';
import { type Client, startTestServer, type TestServer } from '../testing/test-server.ts';

const pull = async (client: Client, cursor: string, limit: number): Promise<PullPage> => {
  const response = await client.get(`/v1/sync?cursor=${cursor}&limit=${limit}`);
  expect(response.status).toBe(200);
  return zPullPage.parse(response.body);
};

const pullAll = async (client: Client, cursor = '0', limit = 3) => {
  const pages: PullPage[] = [];
  for (let page = await pull(client, cursor, limit); ; page = await pull(client, page.cursor, limit)) {
    pages.push(page);
    if (!page.hasMore) return pages;
  }
};

describe.each(testDatabases)('GET /v1/sync on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server.close());

  it('pages through every change in increasing seq order, resuming from the cursor', async () => {
    const ws = await server.workspace();
    for (let index = 0; index < 7; index++) await ws.member.post('/v1/goals', { title: `Goal ${index}` });
    const pages = await pullAll(ws.viewer);
    const changes = pages.flatMap((page) => page.changes);
    expect(changes).toHaveLength(7);
    const seqs = changes.map((change) => BigInt(change.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : 1)));
    expect(pages.map((page) => page.changes.length)).toEqual([3, 3, 1]);
    const last = pages.at(-1);
    expect(last?.cursor).toBe(changes.at(-1)?.seq);
    expect(await pull(ws.viewer, last?.cursor ?? '0', 3)).toEqual({
      changes: [],
      cursor: last?.cursor,
      hasMore: false,
    });
  });

  it('shows a write on the last page at once, though that page was just served to other pullers', async () => {
    const ws = await server.workspace();
    const goal = zGoal.parse((await ws.member.post('/v1/goals', { title: 'Draft' })).body);
    const before = await Promise.all([pull(ws.viewer, '0', 50), pull(ws.member, '0', 50)]);
    expect(before[0]).toEqual(before[1]);
    await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: 1, title: 'Final' });
    const after = await pull(ws.member, '0', 50);
    expect(after.changes).toMatchObject([{ op: 'upsert', data: { id: goal.id, title: 'Final', version: 2 } }]);
  });

  it('links each page to the next one while there is more, and the last page to none', async () => {
    const ws = await server.workspace();
    for (let index = 0; index < 5; index++) await ws.member.post('/v1/goals', { title: `Goal ${index}` });
    const pages = await pullAll(ws.viewer, '0', 2);
    const links: (string | null)[] = [];
    for (let path: string | null = '/v1/sync?cursor=0&limit=2'; path !== null; ) {
      const response = await ws.viewer.get(path);
      const link = response.headers.get('link');
      links.push(link);
      path = link ? (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null) : null;
    }
    expect(links).toEqual([
      ...pages.slice(0, -1).map((page) => `</v1/sync?cursor=${page.cursor}&limit=2>; rel="next"`),
      null,
    ]);
  });

  it('sends a page gzip-compressed to a client that accepts gzip, and plain to one that does not', async () => {
    const ws = await server.workspace();
    for (let index = 0; index < 4; index++) await ws.member.post('/v1/goals', { title: `Goal ${index}` });
    const fetchPage = (acceptEncoding: string) =>
      server.app.request('/v1/sync?cursor=0&limit=2', {
        headers: { authorization: `Bearer ${ws.viewer.token}`, 'accept-encoding': acceptEncoding },
      });
    const plain = await fetchPage('identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    // Caches between the extension and the server must key the page on both.
    expect(plain.headers.get('vary')?.split(/,\s*/).sort()).toEqual(['Accept-Encoding', 'Origin']);
    const text = await plain.text();
    expect(zPullPage.parse(JSON.parse(text)).changes).toHaveLength(2);
    for (const accepted of ['gzip', 'br, gzip;q=0.8']) {
      const compressed = await fetchPage(accepted);
      expect(compressed.headers.get('content-encoding')).toBe('gzip');
      expect(gunzipSync(Buffer.from(await compressed.arrayBuffer())).toString()).toBe(text);
    }
    expect((await fetchPage('gzip;q=0')).headers.get('content-encoding')).toBeNull();
  });

  it('keeps the latest state per entity and reports deletions as tombstones', async () => {
    const ws = await server.workspace();
    const goal = zGoal.parse((await ws.member.post('/v1/goals', { title: 'Draft' })).body);
    const { cursor } = await pull(ws.viewer, '0', 100);
    await ws.member.patch(`/v1/goals/${goal.id}`, { baseVersion: 1, title: 'Final' });
    const afterUpdate = await pull(ws.viewer, '0', 100);
    expect(afterUpdate.changes).toHaveLength(1);
    expect(afterUpdate.changes[0]).toMatchObject({
      op: 'upsert',
      entity: 'goal',
      data: { title: 'Final', version: 2 },
    });

    await ws.member.delete(`/v1/goals/${goal.id}?baseVersion=2`);
    const sinceFirst = await pull(ws.viewer, cursor, 100);
    expect(sinceFirst.changes).toEqual([{ op: 'delete', seq: sinceFirst.cursor, entity: 'goal', id: goal.id }]);
  });

  it('shows mutations and REST writes in one feed, and never another workspace', async () => {
    const ws = await server.workspace();
    const other = await server.workspace();
    await other.member.post('/v1/goals', { title: 'Secret' });
    await ws.member.post('/v1/goals', { title: 'Via REST' });
    await ws.member.post('/v1/mutations', {
      mutations: [{ mutationId: randomUUID(), type: 'goal.create', id: randomUUID(), data: { title: 'Via sync' } }],
    });
    const titles = (await pull(ws.viewer, '0', 100)).changes.map((change) =>
      change.op === 'upsert' && change.entity === 'goal' ? change.data.title : change.op,
    );
    expect(titles).toEqual(['Via REST', 'Via sync']);
  });

  it('validates the cursor and the limit', async () => {
    const ws = await server.workspace();
    for (const query of ['cursor=-1', 'cursor=abc', 'limit=0', 'limit=1001', 'cursor=99999999999999999999']) {
      expect((await ws.viewer.get(`/v1/sync?${query}`)).status).toBe(400);
    }
  });

  it('serves the demo workspace as contract-valid changes, with PAY-1 owned by Payments', async () => {
    const { token } = await createDemoWorkspace(server.db);
    const client = server.client(token);
    const changes = (await pullAll(client, '0', 500)).flatMap((page) => page.changes);
    const entities = new Set(changes.map((change) => change.entity));
    expect([...entities].sort()).toEqual(['decision', 'goal', 'item', 'link', 'rule', 'team']);
    const ownerLink = changes.find(
      (change) =>
        change.op === 'upsert' &&
        change.entity === 'link' &&
        change.data.kind === 'owner' &&
        change.data.itemKey === DEMO.items.pay1,
    );
    expect(ownerLink).toMatchObject({ data: { teamId: DEMO.teams.payments } });
    const adyen = changes.find((change) => change.op === 'upsert' && change.data.id === DEMO.decisions.adyen);
    expect(adyen).toMatchObject({ data: { status: 'superseded', supersededBy: DEMO.decisions.stripe } });
  });
});
