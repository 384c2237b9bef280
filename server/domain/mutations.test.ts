import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Mutation,
  type MutationType,
  may,
  PERMISSION_OF_MUTATION,
  zGoal,
  zMutationBatchResult,
  zPullPage,
  zTeam,
} from '../../utils/contract.ts';
import { testDatabases } from '../testing/databases.ts';
import { type Client, startTestServer, type TestServer } from '../testing/test-server.ts';
import type { Actor } from './actor.ts';
import { newDecisionFields } from './decisions.ts';
import { decisions } from './entities.ts';
import { ApiError } from './errors.ts';
import { applyMutations } from './mutations.ts';
import { updatePerson } from './people.ts';
import { writeInWorkspace } from './session.ts';
import { insertEntities, insertEntity } from './store.ts';
import { resolveToken } from './tokens.ts';

const push = async (client: Client, mutations: unknown[]) => {
  const response = await client.post('/v1/mutations', { mutations });
  expect(response.status).toBe(200);
  return zMutationBatchResult.parse(response.body).results;
};

const goalCreate = (title: string): Extract<Mutation, { type: 'goal.create' }> => ({
  mutationId: randomUUID(),
  type: 'goal.create',
  id: randomUUID(),
  data: {
    title,
    description: '',
    ownerTeamId: null,
    parentGoalId: null,
    status: 'on_track',
    progress: 0,
    targetDate: null,
  },
});

const decisionCreate = (title: string): Extract<Mutation, { type: 'decision.create' }> => ({
  mutationId: randomUUID(),
  type: 'decision.create',
  id: randomUUID(),
  data: {
    title,
    rationale: '',
    status: 'accepted',
    decidedAt: new Date().toISOString(),
    decidedBy: 'Whoever the body names',
    teamId: null,
    goalId: null,
    itemKeys: [],
    quote: null,
    sourceUrl: null,
    supersedes: null,
  },
});

const teamCreate = (slug: string) => ({
  mutationId: randomUUID(),
  type: 'team.create',
  id: randomUUID(),
  data: { name: slug, slug },
});

const goalTitles = async (client: Client) => {
  const page = zPullPage.parse((await client.get('/v1/sync?limit=1000')).body);
  return page.changes.flatMap((change) =>
    change.op === 'upsert' && change.entity === 'goal' ? [change.data.title] : [],
  );
};

describe.each(testDatabases)('POST /v1/mutations on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server.close());

  it('applies a batch and answers one result per mutation, in order', async () => {
    const ws = await server.workspace();
    const mutations = [goalCreate('A'), goalCreate('B')];
    const results = await push(ws.member, mutations);
    expect(results).toEqual(
      mutations.map((m) => ({ mutationId: m.mutationId, status: 'applied', entity: 'goal', id: m.id, version: 1 })),
    );
  });

  it('applies a retried batch once and replays the first results as duplicates', async () => {
    const ws = await server.workspace();
    const mutations = [goalCreate('Once'), goalCreate('Twice')];
    await push(ws.member, mutations);
    const retried = await push(ws.member, mutations);
    expect(retried.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
    expect(await goalTitles(ws.viewer)).toEqual(['Once', 'Twice']);
  });

  it('applies concurrent duplicate batches exactly once', async () => {
    const ws = await server.workspace();
    const mutations = Array.from({ length: 10 }, (_, index) => goalCreate(`Goal ${index}`));
    const all = await Promise.all(Array.from({ length: 6 }, () => push(ws.member, mutations)));
    for (const [index] of mutations.entries()) {
      const statuses = all.map((results) => results[index]?.status);
      expect(statuses.filter((status) => status === 'applied')).toHaveLength(1);
      expect(statuses.filter((status) => status === 'duplicate')).toHaveLength(5);
    }
    const rows = await server.db.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM goals WHERE workspace_id = $1',
      [ws.id],
    );
    expect(rows[0]?.count).toBe('10');
  });

  it('rejects one malformed mutation (third of ten) and applies the other nine', async () => {
    const ws = await server.workspace();
    const mutations: unknown[] = Array.from({ length: 10 }, (_, index) => goalCreate(`Goal ${index}`));
    const bad = { mutationId: randomUUID(), type: 'goal.create', id: randomUUID(), data: { title: '', progress: 900 } };
    mutations[2] = bad;
    const results = await push(ws.member, mutations);
    expect(results[2]).toMatchObject({ mutationId: bad.mutationId, status: 'rejected', code: 'invalid_request' });
    expect(results.filter((result) => result.status === 'applied')).toHaveLength(9);
    expect(await goalTitles(ws.viewer)).toHaveLength(9);
  });

  it('rejects a reused mutation id with a different payload', async () => {
    const ws = await server.workspace();
    const original = goalCreate('Original');
    await push(ws.member, [original]);
    const [result] = await push(ws.member, [{ ...original, data: { ...original.data, title: 'Changed' } }]);
    expect(result).toMatchObject({ status: 'rejected', code: 'idempotency_mismatch' });
    expect(await goalTitles(ws.viewer)).toEqual(['Original']);
  });

  it('answers a stale base version with a conflict carrying the server version', async () => {
    const ws = await server.workspace();
    const create = goalCreate('Goal');
    await push(ws.member, [create]);
    const update = (progress: number, baseVersion: number) => ({
      mutationId: randomUUID(),
      type: 'goal.update',
      id: create.id,
      baseVersion,
      data: { progress },
    });
    const [first, stale] = await push(ws.member, [update(30, 1), update(60, 1)]);
    expect(first).toMatchObject({ status: 'applied', version: 2 });
    expect(stale).toMatchObject({ status: 'conflict', code: 'stale_version', serverVersion: 2 });
    const goal = zGoal.parse((await ws.viewer.get(`/v1/goals/${create.id}`)).body);
    expect(goal).toMatchObject({ progress: 30, title: 'Goal', version: 2 });
  });

  it('records the first status history entry of goals created in a batch, and feeds it to pulls', async () => {
    const ws = await server.workspace();
    const creates = [goalCreate('One'), goalCreate('Two')];
    await push(ws.member, creates);
    const page = zPullPage.parse((await ws.viewer.get('/v1/sync?limit=1000')).body);
    const histories = page.changes.flatMap((change) =>
      change.op === 'upsert' && change.entity === 'goal' ? [change.data.statusHistory] : [],
    );
    expect(histories).toEqual([
      [{ status: 'on_track', progress: 0, by: 'member user', at: expect.any(String) }],
      [{ status: 'on_track', progress: 0, by: 'member user', at: expect.any(String) }],
    ]);
  });

  it('checks roles per mutation: a viewer is refused, an admin-only mutation by a member too', async () => {
    const ws = await server.workspace();
    const [viewer] = await push(ws.viewer, [goalCreate('Nope')]);
    // The role it needs as data, for a client saying the refusal in the user's language.
    expect(viewer).toMatchObject({
      status: 'rejected',
      code: 'forbidden',
      params: { role: 'viewer', needed: 'member' },
    });
    const teamCreate = {
      mutationId: randomUUID(),
      type: 'team.create',
      id: randomUUID(),
      data: { name: 'Payments', slug: 'payments' },
    };
    const [member, ok] = await push(ws.member, [teamCreate, goalCreate('Fine')]);
    expect(member).toMatchObject({
      status: 'rejected',
      code: 'forbidden',
      params: { role: 'member', needed: 'admin' },
    });
    expect(ok).toMatchObject({ status: 'applied' });
  });

  it('refuses exactly what the contract table refuses the role, for every mutation type', async () => {
    const ws = await server.workspace();
    const id = randomUUID();
    const ref = {
      tool: 'jira',
      kind: 'issue',
      id: 'PAY-7',
      key: 'jira:acme.atlassian.net/PAY-7',
      url: 'https://acme.atlassian.net/browse/PAY-7',
    };
    // Well-formed mutations; most name entities that do not exist, so the allowed ones fail later, never as forbidden.
    const bodies: Record<MutationType, object> = {
      'team.create': { id, data: { name: 'Payments', slug: `payments-${id.slice(0, 8)}` } },
      'team.update': { id, baseVersion: 1, data: { description: 'x' } },
      'team.delete': { id, baseVersion: 1 },
      'goal.create': { id, data: { title: 'Ship' } },
      'goal.update': { id, baseVersion: 1, data: { progress: 5 } },
      'goal.delete': { id, baseVersion: 1 },
      'decision.create': { id, data: { title: 'Use Stripe', decidedAt: '2026-01-01T00:00:00Z', decidedBy: 'Priya' } },
      'decision.linkItems': { id, itemKeys: [ref.key] },
      'decision.transition': { id, data: { transition: 'accept' } },
      'decision.review': { id, data: {} },
      'goal.review': { id, data: { everyDays: 30 } },
      'rule.review': { id, data: { verified: false, reviewBy: '2027-01-01' } },
      'note.create': { id, data: { title: 'Legal wants a review' } },
      'item.upsert': { id, data: { ref } },
      'link.create': { id, data: { kind: 'related', itemKey: ref.key, relatedItemKey: 'asana:1' } },
      'link.delete': { id },
      'rule.create': { id, data: { tool: 'jira', field: 'jiraProject', pattern: 'PAY', teamId: randomUUID() } },
      'rule.update': { id, baseVersion: 1, data: { priority: 2 } },
      'rule.delete': { id, baseVersion: 1 },
    };
    for (const role of ['viewer', 'member', 'admin'] as const) {
      for (const [type, body] of Object.entries(bodies) as [MutationType, object][]) {
        const [result] = await push(ws[role], [{ mutationId: randomUUID(), type, ...body }]);
        const refused = result?.status === 'rejected' && result.code === 'forbidden';
        expect({ role, type, refused }).toEqual({ role, type, refused: !may(role, PERMISSION_OF_MUTATION[type]) });
      }
    }
  });

  it("rejects references to missing or another workspace's entities as not_found, changing nothing", async () => {
    const owner = await server.workspace();
    const intruder = await server.workspace();
    const team = zTeam.parse((await owner.admin.post('/v1/teams', { name: 'Payments', slug: 'payments' })).body);
    const goal = goalCreate('Mine');
    await push(owner.member, [goal]);
    const results = await push(intruder.admin, [
      { ...goalCreate('Theirs'), data: { title: 'Theirs', ownerTeamId: team.id } },
      { mutationId: randomUUID(), type: 'goal.update', id: goal.id, baseVersion: 1, data: { title: 'Hijacked' } },
      { mutationId: randomUUID(), type: 'team.delete', id: team.id, baseVersion: 1 },
      { mutationId: randomUUID(), type: 'link.delete', id: randomUUID() },
    ]);
    expect(results.map((result) => result.status === 'rejected' && result.code)).toEqual([
      'not_found',
      'not_found',
      'not_found',
      'not_found',
    ]);
    // What is missing, as data: the team the new goal names, the goal to update.
    expect(results.map((result) => result.status === 'rejected' && result.params)).toEqual([
      { subject: 'goal', missing: 'team' },
      { subject: 'goal' },
      { subject: 'team' },
      { subject: 'link' },
    ]);
    expect(await goalTitles(owner.viewer)).toEqual(['Mine']);
    expect(await goalTitles(intruder.viewer)).toEqual([]);
  });

  it('applies a batch of creates as if one by one: order of references, repeated item keys and mutation ids', async () => {
    const ws = await server.workspace();
    const parent = goalCreate('Parent');
    const child = goalCreate('Child');
    child.data.parentGoalId = parent.id;
    const later = goalCreate('Later');
    const linkToLater: Mutation = {
      mutationId: randomUUID(),
      type: 'link.create',
      id: randomUUID(),
      data: { kind: 'goal', itemKey: 'jira:x/PAY-1', goalId: later.id },
    };
    const ref = {
      tool: 'jira',
      kind: 'issue',
      id: 'PAY-1',
      key: 'jira:x/PAY-1',
      url: 'https://x/browse/PAY-1',
    } as const;
    const capture = (title: string): Mutation => ({
      mutationId: randomUUID(),
      type: 'item.upsert',
      id: randomUUID(),
      data: { ref, title, context: {} },
    });
    const first = capture('First title');
    const second = capture('Second title');
    const results = await push(ws.member, [parent, child, linkToLater, later, first, second, first]);
    expect(results.map((result) => result.status)).toEqual([
      'applied',
      'applied',
      'rejected',
      'applied',
      'applied',
      'applied',
      'duplicate',
    ]);
    expect(results[2]).toMatchObject({ code: 'not_found' });
    // The second capture of the same key refreshes the item the first one created.
    expect(results[5]).toMatchObject({ entity: 'item', id: first.id, version: 2 });
    expect(await goalTitles(ws.viewer)).toEqual(['Parent', 'Child', 'Later']);
  });

  const actorOf = async (client: Client): Promise<Actor> => {
    const actor = await resolveToken(server.db, client.token);
    if (!actor || 'refused' in actor) throw new Error('a test token did not resolve');
    return actor;
  };
  const clock = () => new Date();

  it('inserts rows in one statement exactly as one by one, whatever characters their arrays and JSON hold', async () => {
    const ws = await server.workspace();
    const actor = await actorOf(ws.member);
    const tricky = 'a "quoted", {braced} \\back\\slash\\" NULL é ☃ \u{1F600}';
    const fields = newDecisionFields(
      {
        ...decisionCreate(tricky).data,
        rationale: `${tricky}\nsecond line\ttab`,
        quote: tricky,
        itemKeys: [tricky, 'NULL', '{a,b}', '"', '\\', '', 'jira:x/PAY-1'],
      },
      actor.userName,
    );
    const [batchedId, aloneId] = [randomUUID(), randomUUID()];
    const [batched, alone] = await writeInWorkspace(server.db, actor, clock, async (session) => [
      (await insertEntities(session, decisions, [{ id: batchedId, fields }])).get(batchedId),
      await insertEntity(session, decisions, aloneId, fields),
    ]);
    expect(batched).toEqual({ ...alone, id: batchedId });
    expect(batched).toMatchObject({ quote: tricky, itemKeys: fields.itemKeys, rationale: fields.rationale });
  });

  it('answers batches of several people that wait together for the workspace each with its own results, as its own author', async () => {
    const ws = await server.workspace();
    const [admin, member, viewer] = await Promise.all([actorOf(ws.admin), actorOf(ws.member), actorOf(ws.viewer)]);
    const byAdmin = decisionCreate('By the admin');
    const byMember = decisionCreate('By the member');
    const batches: [Actor, unknown[]][] = [
      [admin, [goalCreate('First')]],
      [admin, [teamCreate('payments'), byAdmin]],
      [member, [teamCreate('billing'), byMember]],
      [viewer, [goalCreate('Not for a viewer')]],
      [member, [goalCreate('Last')]],
    ];
    // Submitted in one go: the first batch takes the workspace at once, the others wait for it and go together.
    const answers = await Promise.all(
      batches.map(([actor, mutations]) => applyMutations(server.db, actor, clock, mutations as never)),
    );
    expect(
      answers.map((results) => results.map((result) => (result.status === 'rejected' ? result.code : result.status))),
    ).toEqual([['applied'], ['applied', 'applied'], ['forbidden', 'applied'], ['forbidden'], ['applied']]);
    for (const [index, [, mutations]] of batches.entries()) {
      const sent = (mutations as { mutationId: string }[]).map((mutation) => mutation.mutationId);
      expect(answers[index]?.map((result) => result.mutationId)).toEqual(sent);
    }
    const decidedBy = async (id: string) =>
      ((await ws.viewer.get(`/v1/decisions/${id}`)).body as { decidedBy: string }).decidedBy;
    expect([await decidedBy(byAdmin.id), await decidedBy(byMember.id)]).toEqual(['admin user', 'member user']);
    expect(await goalTitles(ws.viewer)).toEqual(['First', 'Last']);
  });

  it("refuses a deactivated person's batch whole, and applies the batches that waited with it", async () => {
    const ws = await server.workspace();
    const [admin, member] = await Promise.all([actorOf(ws.admin), actorOf(ws.member)]);
    // As a server that still caches the member's token would: the actor is resolved before the deactivation.
    await updatePerson(server.db, ws.id, member.userId, { status: 'deactivated' });
    const answers = await Promise.allSettled([
      applyMutations(server.db, admin, clock, [goalCreate('One')]),
      applyMutations(server.db, member, clock, [goalCreate('Refused'), goalCreate('Refused too')]),
      applyMutations(server.db, admin, clock, [goalCreate('Two')]),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refusal = answers[1]?.status === 'rejected' ? answers[1].reason : undefined;
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).code).toBe('account_deactivated');
    expect(await goalTitles(ws.viewer)).toEqual(['One', 'Two']);
  });

  it('answers 400 when the envelope itself is malformed', async () => {
    const ws = await server.workspace();
    for (const body of [{}, { mutations: [] }, { mutations: [{ type: 'goal.create' }] }, [1, 2], 'text']) {
      expect((await ws.member.post('/v1/mutations', body)).status).toBe(400);
    }
    const tooMany = Array.from({ length: 101 }, () => goalCreate('x'));
    expect((await ws.member.post('/v1/mutations', { mutations: tooMany })).status).toBe(400);
  });
});

const postgresDatabase = testDatabases.find((database) => database.name === 'postgres');

describe.runIf(postgresDatabase)('a write waiting for the workspace on PostgreSQL', () => {
  let server: TestServer;
  beforeAll(async () => {
    if (postgresDatabase) server = await startTestServer(postgresDatabase);
  });
  afterAll(() => server?.close());

  it('is refused when its person was deactivated while it waited', async () => {
    const ws = await server.workspace();
    const actor = await resolveToken(server.db, ws.member.token);
    if (!actor || 'refused' in actor) throw new Error('a test token did not resolve');
    const member = actor;
    const clock = () => new Date();
    const { driver } = server.db;
    if (driver.kind !== 'postgres') throw new Error('PostgreSQL only');
    const deactivation = await driver.pool.connect();
    try {
      // A deactivation in progress, as updatePerson does it: the workspace's lock first, then the status.
      await deactivation.query('BEGIN');
      await deactivation.query('SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE', [ws.id]);
      await deactivation.query("UPDATE users SET status = 'deactivated' WHERE workspace_id = $1 AND id = $2", [
        ws.id,
        member.userId,
      ]);
      const write = applyMutations(server.db, member, clock, [goalCreate('Too late')]).then(
        () => 'applied',
        (error: unknown) => (error instanceof ApiError ? error.code : String(error)),
      );
      // The write's first statement waits for the lock (its snapshot still sees the member active).
      for (let waiting = 0; waiting === 0; ) {
        const [row] = await server.db.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        waiting = row?.count ?? 0;
        if (waiting === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await deactivation.query('COMMIT');
      expect(await write).toBe('account_deactivated');
    } finally {
      deactivation.release();
    }
    expect(await goalTitles(ws.viewer)).toEqual([]);
  });
});
