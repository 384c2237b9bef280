import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Change, type LinkInput, zMutationBatchResult, zPullPage, zTeam } from '../../utils/contract.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { testDatabases } from '../testing/databases.ts';
import { type Client, startTestServer, type TestServer, type TestWorkspace } from '../testing/test-server.ts';
import { createWorkspace } from './tokens.ts';

const ITEM = 'jira:acme.atlassian.net/PAY-1';

const linkCreate = (data: LinkInput) => ({ mutationId: randomUUID(), type: 'link.create', id: randomUUID(), data });

const push = async (client: Client, mutations: unknown[]) => {
  const response = await client.post('/v1/mutations', { mutations });
  expect(response.status).toBe(200);
  return zMutationBatchResult.parse(response.body).results;
};

const pullAll = async (client: Client, cursor = '0'): Promise<Change[]> => {
  const changes: Change[] = [];
  for (let next = cursor; ; ) {
    const page = zPullPage.parse((await client.get(`/v1/sync?cursor=${next}&limit=1000`)).body);
    changes.push(...page.changes);
    if (!page.hasMore) return changes;
    next = page.cursor;
  }
};

/** What a client's mirror holds after applying the whole feed: the links of ITEM, by id. */
const mirroredLinks = (changes: Change[]) => {
  const mirror = new Map<string, Extract<Change, { op: 'upsert'; entity: 'link' }>['data']>();
  for (const change of changes) {
    if (change.entity !== 'link') continue;
    if (change.op === 'delete') mirror.delete(change.id);
    else mirror.set(change.data.id, change.data);
  }
  return [...mirror.values()].filter((link) => link.itemKey === ITEM);
};

const linkRows = (db: Database, workspaceId: string) =>
  db.query<{ id: string; kind: string; team_id: string | null; goal_id: string | null }>(
    'SELECT id, kind, team_id, goal_id FROM links WHERE workspace_id = $1 AND item_key = $2 ORDER BY kind, id',
    [workspaceId, ITEM],
  );

describe.each(testDatabases)('owner and goal links on $name', (database) => {
  let server: TestServer;
  let ws: TestWorkspace;
  let teams: string[];
  let goals: string[];

  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server.close());

  const setUp = async () => {
    ws = await server.workspace();
    teams = [];
    for (const slug of ['payments', 'growth', 'platform', 'support', 'sales', 'legal']) {
      teams.push(zTeam.parse((await ws.admin.post('/v1/teams', { name: slug, slug })).body).id);
    }
    goals = [];
    for (const title of ['SEPA GA', 'EU payments']) {
      goals.push(((await ws.member.post('/v1/goals', { title })).body as { id: string }).id);
    }
  };

  it('replaces the owner link when the owner changes, and tells pullers of the old one with a tombstone', async () => {
    await setUp();
    const first = linkCreate({ kind: 'owner', itemKey: ITEM, teamId: teams[0] as string });
    await push(ws.member, [first]);
    const before = await pullAll(ws.viewer);
    const { seq: cursor } = before.at(-1) as Change;
    const second = linkCreate({ kind: 'owner', itemKey: ITEM, teamId: teams[1] as string });
    expect((await push(ws.member, [second]))[0]).toMatchObject({ status: 'applied', entity: 'link', id: second.id });

    expect(await linkRows(server.db, ws.id)).toEqual([
      { id: second.id, kind: 'owner', team_id: teams[1], goal_id: null },
    ]);
    const since = await pullAll(ws.viewer, cursor);
    expect(since.map((change) => [change.op, change.op === 'delete' ? change.id : change.data.id])).toEqual([
      ['delete', first.id],
      ['upsert', second.id],
    ]);
    expect(mirroredLinks(await pullAll(ws.viewer)).map((link) => link.id)).toEqual([second.id]);
  });

  it('replaces the goal link the same way, and keeps the owner link and every related link', async () => {
    await setUp();
    const owner = linkCreate({ kind: 'owner', itemKey: ITEM, teamId: teams[0] as string });
    const related = ['notion:a', 'notion:b'].map((key) =>
      linkCreate({ kind: 'related', itemKey: ITEM, relatedItemKey: key }),
    );
    const oldGoal = linkCreate({ kind: 'goal', itemKey: ITEM, goalId: goals[0] as string });
    await push(ws.member, [owner, ...related, oldGoal]);
    const newGoal = linkCreate({ kind: 'goal', itemKey: ITEM, goalId: goals[1] as string });
    await push(ws.member, [newGoal]);
    const mirror = mirroredLinks(await pullAll(ws.viewer));
    expect(mirror.map((link) => link.id).sort()).toEqual([owner.id, ...related.map((r) => r.id), newGoal.id].sort());
  });

  it('keeps only the last of several owner changes made in one batch', async () => {
    await setUp();
    const changes = teams.slice(0, 3).map((teamId) => linkCreate({ kind: 'owner', itemKey: ITEM, teamId }));
    const results = await push(ws.member, changes);
    expect(results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await linkRows(server.db, ws.id)).toEqual([
      { id: changes[2]?.id, kind: 'owner', team_id: teams[2], goal_id: null },
    ]);
    expect(mirroredLinks(await pullAll(ws.viewer)).map((link) => link.id)).toEqual([changes[2]?.id]);
  });

  it('leaves exactly one owner link when several users change it at once', async () => {
    await setUp();
    const changes = teams.map((teamId) => linkCreate({ kind: 'owner', itemKey: ITEM, teamId }));
    const results = await Promise.all(changes.map((change) => push(ws.member, [change])));
    expect(results.flat().map((result) => result.status)).toEqual(changes.map(() => 'applied'));
    const rows = await linkRows(server.db, ws.id);
    expect(rows).toHaveLength(1);
    // Every client converges on the same single link, whichever change committed last.
    expect(mirroredLinks(await pullAll(ws.viewer)).map((link) => link.id)).toEqual([rows[0]?.id]);
  });

  it('refuses linking an item to the owner it has already, changing nothing', async () => {
    await setUp();
    const first = linkCreate({ kind: 'owner', itemKey: ITEM, teamId: teams[0] as string });
    await push(ws.member, [first]);
    const again = linkCreate({ kind: 'owner', itemKey: ITEM, teamId: teams[0] as string });
    expect((await push(ws.member, [again]))[0]).toMatchObject({ status: 'rejected', code: 'link_exists' });
    expect((await linkRows(server.db, ws.id)).map((row) => row.id)).toEqual([first.id]);
  });

  it('replaces through the REST API too', async () => {
    await setUp();
    const first = await ws.member.post('/v1/links', { kind: 'goal', itemKey: ITEM, goalId: goals[0] });
    const second = await ws.member.post('/v1/links', { kind: 'goal', itemKey: ITEM, goalId: goals[1] });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await linkRows(server.db, ws.id)).map((row) => row.goal_id)).toEqual([goals[1]]);
  });

  it('has the database refuse a second owner link of an item, whatever writes it', async () => {
    await setUp();
    await push(ws.member, [linkCreate({ kind: 'owner', itemKey: ITEM, teamId: teams[0] as string })]);
    const insert = server.db.query(
      `INSERT INTO links (workspace_id, id, kind, item_key, team_id, created_by, version, created_at, updated_at)
       VALUES ($1, $2, 'owner', $3, $4, 'x', 1, now(), now())`,
      [ws.id, randomUUID(), ITEM, teams[1]],
    );
    await expect(insert).rejects.toMatchObject({ code: '23505' });
  });
});

describe.each(testDatabases)('migration 004 on $name', (database) => {
  it('keeps the newest owner link of each item, tombstones the others in the feed, then allows only one', async () => {
    const db = await database.open();
    try {
      await migrate(db, { before: '004_one_owner_one_goal.sql' });
      const workspaceId = await createWorkspace(db, 'Old data', new Date('2026-01-01T00:00:00Z'));
      const team = async (slug: string) => {
        const id = randomUUID();
        await db.query(
          `INSERT INTO teams (workspace_id, id, name, slug, description, members, version, created_at, updated_at)
           VALUES ($1, $2, $3, $3, '', '[]', 1, now(), now())`,
          [workspaceId, id, slug],
        );
        return id;
      };
      const [payments, growth, platform] = [await team('payments'), await team('growth'), await team('platform')];
      let seq = 0;
      const link = async (kind: 'owner' | 'related', itemKey: string, target: string, at: string) => {
        const id = randomUUID();
        seq += 1;
        await db.query(
          `INSERT INTO links (workspace_id, id, kind, item_key, team_id, related_item_key, created_by, version, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'Ana', 1, $7, $7)`,
          [workspaceId, id, kind, itemKey, kind === 'owner' ? target : null, kind === 'related' ? target : null, at],
        );
        await db.query(
          `INSERT INTO changes (workspace_id, entity, entity_id, seq, op, data) VALUES ($1, 'link', $2, $3, 'upsert', '{}')`,
          [workspaceId, id, seq],
        );
        return id;
      };
      const oldest = await link('owner', ITEM, payments, '2026-01-01T00:00:00Z');
      const newest = await link('owner', ITEM, growth, '2026-03-01T00:00:00Z');
      const middle = await link('owner', ITEM, platform, '2026-02-01T00:00:00Z');
      const other = await link('owner', 'jira:acme.atlassian.net/PAY-2', payments, '2026-01-01T00:00:00Z');
      const relatedA = await link('related', ITEM, 'notion:a', '2026-01-01T00:00:00Z');
      const relatedB = await link('related', ITEM, 'notion:b', '2026-01-02T00:00:00Z');
      await db.query('UPDATE workspaces SET last_seq = $2 WHERE id = $1', [workspaceId, seq]);

      expect(await migrate(db)).toContain('004_one_owner_one_goal.sql');

      const kept = await db.query<{ id: string }>('SELECT id FROM links WHERE workspace_id = $1 ORDER BY id', [
        workspaceId,
      ]);
      expect(kept.map((row) => row.id)).toEqual([newest, other, relatedA, relatedB].sort());
      const feed = await db.query<{ entity_id: string; seq: string; op: string }>(
        `SELECT entity_id, seq::text, op FROM changes WHERE workspace_id = $1 AND seq > $2 ORDER BY seq`,
        [workspaceId, seq],
      );
      // Tombstones after every change a client may have pulled, so a mirror at any cursor drops the old links.
      expect(feed.map((row) => [row.entity_id, row.op]).sort()).toEqual(
        [
          [oldest, 'delete'],
          [middle, 'delete'],
        ].sort(),
      );
      expect(feed.map((row) => row.seq)).toEqual([String(seq + 1), String(seq + 2)]);
      const [workspace] = await db.query<{ last_seq: string }>('SELECT last_seq::text FROM workspaces WHERE id = $1', [
        workspaceId,
      ]);
      expect(workspace?.last_seq).toBe(String(seq + 2));
      const insertAnother = db.query(
        `INSERT INTO links (workspace_id, id, kind, item_key, team_id, created_by, version, created_at, updated_at)
         VALUES ($1, $2, 'owner', $3, $4, 'x', 1, now(), now())`,
        [workspaceId, randomUUID(), ITEM, payments],
      );
      await expect(insertAnother).rejects.toMatchObject({ code: '23505' });
    } finally {
      await db.close();
    }
  });
});

describe.each(testDatabases)('linking items to a decision on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server.close());

  const decisionCreate = (itemKeys: string[]) => ({
    mutationId: randomUUID(),
    type: 'decision.create',
    id: randomUUID(),
    data: { title: 'Use Stripe', decidedAt: '2026-03-10T15:30:00Z', decidedBy: 'Priya', itemKeys },
  });

  it('adds item keys to a decision once, in a new version pullers get, and refuses a viewer', async () => {
    const ws = await server.workspace();
    const decision = decisionCreate([ITEM]);
    await push(ws.member, [decision]);
    const relink = (itemKeys: string[]) => ({
      mutationId: randomUUID(),
      type: 'decision.linkItems',
      id: decision.id,
      itemKeys,
    });
    const results = await push(ws.member, [relink(['notion:a', ITEM]), relink(['notion:a'])]);
    expect(results.map((result) => result.status)).toEqual(['applied', 'applied']);
    expect((await push(ws.viewer, [relink(['notion:b'])]))[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const pulled = (await pullAll(ws.viewer)).filter(
      (change) => change.op === 'upsert' && change.entity === 'decision',
    );
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toMatchObject({ data: { id: decision.id, itemKeys: [ITEM, 'notion:a'] } });
  });

  it('refuses a missing decision and more item keys than a decision holds, changing nothing', async () => {
    const ws = await server.workspace();
    const decision = decisionCreate(Array.from({ length: 49 }, (_, index) => `notion:${index}`));
    await push(ws.member, [decision]);
    const results = await push(ws.member, [
      { mutationId: randomUUID(), type: 'decision.linkItems', id: randomUUID(), itemKeys: [ITEM] },
      { mutationId: randomUUID(), type: 'decision.linkItems', id: decision.id, itemKeys: [ITEM, 'notion:x'] },
    ]);
    expect(results.map((result) => (result.status === 'rejected' ? result.code : result.status))).toEqual([
      'not_found',
      'too_many_items',
    ]);
    const [row] = await server.db.query<{ n: number }>(
      'SELECT cardinality(item_keys) AS n FROM decisions WHERE workspace_id = $1 AND id = $2',
      [ws.id, decision.id],
    );
    expect(row?.n).toBe(49);
  });
});
