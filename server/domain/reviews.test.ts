import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zMutationBatchResult, zPullPage, zTeam } from '../../utils/contract.ts';
import { testDatabases } from '../testing/databases.ts';
import { type Client, startTestServer, type TestServer } from '../testing/test-server.ts';

const push = async (client: Client, mutations: unknown[]) => {
  const response = await client.post('/v1/mutations', { mutations });
  expect(response.status).toBe(200);
  return zMutationBatchResult.parse(response.body).results;
};
const mutation = (type: string, id: string, body: object) => ({ mutationId: randomUUID(), type, id, ...body });

async function pulled(client: Client, entity: string, id: string) {
  const page = zPullPage.parse((await client.get('/v1/sync?limit=1000')).body);
  const change = page.changes.findLast((c) => c.op === 'upsert' && c.entity === entity && c.data.id === id);
  return change?.op === 'upsert' ? (change.data as Record<string, unknown>) : undefined;
}

describe.each(testDatabases)('reviews and team renames on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server.close());

  it('schedules and verifies a goal and a decision: verified by the session user, pulled by everyone', async () => {
    const ws = await server.workspace();
    const goalId = randomUUID();
    const decisionId = randomUUID();
    await push(ws.member, [
      mutation('goal.create', goalId, { data: { title: 'Checkout to 4%' } }),
      mutation('decision.create', decisionId, { data: { title: 'Use Stripe', decidedAt: '2026-01-01T00:00:00Z' } }),
    ]);
    expect(await pulled(ws.viewer, 'goal', goalId)).not.toHaveProperty('review');

    const results = await push(ws.member, [
      mutation('goal.review', goalId, { data: { verified: false, everyDays: 30 } }),
      mutation('decision.review', decisionId, { data: { reviewBy: '2026-06-01', verified: false } }),
    ]);
    expect(results.map((r) => r.status === 'applied' && r.version)).toEqual([2, 2]);
    expect((await pulled(ws.viewer, 'goal', goalId))?.review).toEqual({
      reviewBy: null,
      everyDays: 30,
      verifiedBy: null,
      verifiedAt: null,
    });

    // "Still true": the session's user and the server's time, whatever the client claims; the interval stays.
    await push(ws.member, [mutation('goal.review', goalId, { data: {} })]);
    const goal = await pulled(ws.viewer, 'goal', goalId);
    expect(goal?.review).toMatchObject({ everyDays: 30, verifiedBy: 'member user', verifiedAt: expect.any(String) });
    expect(goal?.title).toBe('Checkout to 4%');
    // A verification clears a fixed date (it was for this review).
    await push(ws.member, [mutation('decision.review', decisionId, { data: {} })]);
    expect((await pulled(ws.viewer, 'decision', decisionId))?.review).toMatchObject({
      reviewBy: null,
      verifiedBy: 'member user',
    });
  });

  it('refuses a review by a role without the write, and of a missing entity, changing nothing', async () => {
    const ws = await server.workspace();
    const goalId = randomUUID();
    await push(ws.member, [mutation('goal.create', goalId, { data: { title: 'Ship' } })]);
    const [viewer, missing, bad] = await push(ws.viewer, [
      mutation('goal.review', goalId, { data: {} }),
      mutation('goal.review', randomUUID(), { data: {} }),
      mutation('goal.review', goalId, { data: { everyDays: 0 } }),
    ]);
    expect(viewer).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(missing).toMatchObject({ status: 'rejected' });
    expect(bad).toMatchObject({ status: 'rejected', code: 'invalid_request' });
    const [memberOnRule] = await push(ws.member, [mutation('rule.review', randomUUID(), { data: {} })]);
    expect(memberOnRule).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await pulled(ws.viewer, 'goal', goalId)).not.toHaveProperty('review');
  });

  it('remembers a team rename (the old name and when) and keeps its time zone', async () => {
    const ws = await server.workspace();
    const created = await ws.admin.post('/v1/teams', { name: 'Payments', slug: 'payments', timeZone: 'Europe/Berlin' });
    expect(created.status).toBe(201);
    const team = zTeam.parse(created.body);
    expect(team).toMatchObject({ timeZone: 'Europe/Berlin' });
    expect(team).not.toHaveProperty('renamedFrom');
    await push(ws.admin, [mutation('team.update', team.id, { baseVersion: 1, data: { description: 'Money' } })]);
    expect(await pulled(ws.viewer, 'team', team.id)).not.toHaveProperty('renamedFrom');
    await push(ws.admin, [mutation('team.update', team.id, { baseVersion: 2, data: { name: 'Billing' } })]);
    expect(await pulled(ws.viewer, 'team', team.id)).toMatchObject({
      name: 'Billing',
      renamedFrom: 'Payments',
      renamedAt: expect.any(String),
      timeZone: 'Europe/Berlin',
    });
    const [badZone] = await push(ws.admin, [
      mutation('team.update', team.id, { baseVersion: 3, data: { timeZone: 'Mars/Olympus' } }),
    ]);
    expect(badZone).toMatchObject({ status: 'rejected', code: 'invalid_request' });
  });
});
