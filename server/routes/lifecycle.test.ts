/**
 * The decision lifecycle and notes over REST and the mutation feed, on both databases: a proposed decision is
 * accepted or withdrawn, an accepted one reverted, each recorded with the caller and the server's clock; any other
 * move is a 409 that says which status allows it. Notes are their own entity, never a decision.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zApiError, zDecision, zListPage, zMutationBatchResult, zNote, zPullPage } from '../../utils/contract.ts';
import { testDatabases } from '../testing/databases.ts';
import { type Client, startTestServer, type TestServer } from '../testing/test-server.ts';

const NOW = new Date('2026-11-20T09:30:00.000Z');
const errorOf = (body: unknown) => zApiError.parse(body).error;
const ITEM = 'jira:acme.atlassian.net/PAY-1';

async function propose(client: Client, title = 'Use Stripe for SEPA', status = 'proposed') {
  const response = await client.post('/v1/decisions', {
    title,
    status,
    decidedAt: '2026-11-01T00:00:00Z',
    decidedBy: 'Priya',
    itemKeys: [ITEM],
  });
  expect(response.status).toBe(201);
  return zDecision.parse(response.body);
}

describe.each(testDatabases)('decision lifecycle and notes on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database, { clock: () => NOW });
  });
  afterAll(() => server.close());

  it('accepts a proposed decision, then reverts it, recording who and when each time', async () => {
    const ws = await server.workspace();
    const proposed = await propose(ws.member);
    expect(proposed).toMatchObject({ status: 'proposed', statusHistory: [] });

    const accepted = await ws.member.post(`/v1/decisions/${proposed.id}/accept`, {});
    expect(accepted.status).toBe(200);
    const acceptedBody = zDecision.parse(accepted.body);
    const acceptance = { status: 'accepted', by: 'member user', at: NOW.toISOString() };
    expect(acceptedBody).toMatchObject({ status: 'accepted', version: 2, statusHistory: [acceptance] });

    const reverted = zDecision.parse((await ws.admin.post(`/v1/decisions/${proposed.id}/revert`, {})).body);
    expect(reverted).toMatchObject({
      status: 'reverted',
      version: 3,
      statusHistory: [acceptance, { status: 'reverted', by: 'admin user', at: NOW.toISOString() }],
    });
    expect(zDecision.parse((await ws.viewer.get(`/v1/decisions/${proposed.id}`)).body)).toEqual(reverted);
  });

  it('withdraws a proposed decision', async () => {
    const ws = await server.workspace();
    const proposed = await propose(ws.member);
    const withdrawn = zDecision.parse((await ws.member.post(`/v1/decisions/${proposed.id}/withdraw`, {})).body);
    expect(withdrawn).toMatchObject({
      status: 'withdrawn',
      statusHistory: [{ status: 'withdrawn', by: 'member user' }],
    });
  });

  it('refuses a move the current status does not allow with 409 and a message naming the allowed status', async () => {
    const ws = await server.workspace();
    const accepted = await propose(ws.member, 'Use Adyen', 'accepted');
    const again = await ws.member.post(`/v1/decisions/${accepted.id}/accept`, {});
    expect(again.status).toBe(409);
    expect(errorOf(again.body)).toEqual({
      code: 'invalid_transition',
      message: 'this decision is accepted: only a proposed decision can be accepted',
      // For clients that say it in the user's language.
      params: { status: 'accepted', transition: 'accept' },
    });
    expect(errorOf((await ws.member.post(`/v1/decisions/${accepted.id}/withdraw`, {})).body).code).toBe(
      'invalid_transition',
    );
    const proposed = await propose(ws.member);
    const revert = await ws.member.post(`/v1/decisions/${proposed.id}/revert`, {});
    expect(revert.status).toBe(409);
    expect(errorOf(revert.body).message).toBe('this decision is proposed: only an accepted decision can be reverted');
    // A superseded decision takes no move, and a withdrawn one cannot be superseded.
    const replacement = await ws.member.post('/v1/decisions', {
      title: 'Use Stripe',
      decidedAt: '2026-11-02T00:00:00Z',
      decidedBy: 'Priya',
      supersedes: accepted.id,
    });
    expect(replacement.status).toBe(201);
    expect((await ws.member.post(`/v1/decisions/${accepted.id}/revert`, {})).status).toBe(409);
    // Superseding it again is refused with the title of the decision that did it first.
    const twice = await ws.member.post('/v1/decisions', {
      title: 'Use Mollie',
      decidedAt: '2026-11-02T00:00:00Z',
      decidedBy: 'Priya',
      supersedes: accepted.id,
    });
    expect(twice.status).toBe(409);
    expect(errorOf(twice.body)).toMatchObject({ code: 'already_superseded', params: { title: 'Use Stripe' } });
    await ws.member.post(`/v1/decisions/${proposed.id}/withdraw`, {});
    const supersedeWithdrawn = await ws.member.post('/v1/decisions', {
      title: 'Use Mollie',
      decidedAt: '2026-11-03T00:00:00Z',
      decidedBy: 'Priya',
      supersedes: proposed.id,
    });
    expect(supersedeWithdrawn.status).toBe(409);
    expect(errorOf(supersedeWithdrawn.body).code).toBe('invalid_transition');
    expect(zDecision.parse((await ws.viewer.get(`/v1/decisions/${proposed.id}`)).body).version).toBe(2);
  });

  it('answers 404 to unknown, malformed and unnamed moves, and to unknown decisions', async () => {
    const ws = await server.workspace();
    const proposed = await propose(ws.member);
    expect((await ws.member.post(`/v1/decisions/${randomUUID()}/accept`, {})).status).toBe(404);
    expect((await ws.member.post('/v1/decisions/not-a-uuid/accept', {})).status).toBe(404);
    expect((await ws.member.post(`/v1/decisions/${proposed.id}/approve`, {})).status).toBe(404);
    expect(zDecision.parse((await ws.viewer.get(`/v1/decisions/${proposed.id}`)).body).status).toBe('proposed');
  });

  it('needs a token (401) and the decision-writing role (403 for viewers)', async () => {
    const ws = await server.workspace();
    const proposed = await propose(ws.member);
    const anonymous = await server.app.request(`/v1/decisions/${proposed.id}/accept`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const viewer = await ws.viewer.post(`/v1/decisions/${proposed.id}/accept`, {});
    expect(viewer.status).toBe(403);
    expect(errorOf(viewer.body)).toMatchObject({ code: 'forbidden', params: { role: 'viewer', needed: 'member' } });
    expect(zDecision.parse((await ws.viewer.get(`/v1/decisions/${proposed.id}`)).body).status).toBe('proposed');
  });

  it("answers 404 to another workspace's decision and changes nothing", async () => {
    const owner = await server.workspace();
    const intruder = await server.workspace();
    const proposed = await propose(owner.member);
    expect((await intruder.admin.post(`/v1/decisions/${proposed.id}/accept`, {})).status).toBe(404);
    expect(zDecision.parse((await owner.viewer.get(`/v1/decisions/${proposed.id}`)).body)).toEqual(proposed);
  });

  it('moves decisions through the mutation feed too, each mutation with its own result', async () => {
    const ws = await server.workspace();
    const proposed = await propose(ws.member);
    const move = (transition: string) => ({
      mutationId: randomUUID(),
      type: 'decision.transition',
      id: proposed.id,
      data: { transition },
    });
    const response = await ws.member.post('/v1/mutations', { mutations: [move('accept'), move('withdraw')] });
    const [accepted, withdrawn] = zMutationBatchResult.parse(response.body).results;
    expect(accepted).toMatchObject({ status: 'applied', entity: 'decision', version: 2 });
    expect(withdrawn).toMatchObject({ status: 'rejected', code: 'invalid_transition' });
    const page = zPullPage.parse((await ws.viewer.get('/v1/sync?limit=1000')).body);
    const pulled = page.changes.find((change) => change.op === 'upsert' && change.entity === 'decision');
    expect(pulled?.op === 'upsert' && pulled.data).toMatchObject({ status: 'accepted', version: 2 });
  });

  it('keeps notes apart from decisions, written by the caller whatever the body says', async () => {
    const ws = await server.workspace();
    const created = await ws.member.post('/v1/notes', {
      title: 'Legal wants a review of the mandate text',
      body: 'Before launch',
      itemKeys: [ITEM],
      createdBy: 'Mallory',
    });
    expect(created.status).toBe(201);
    const note = zNote.parse(created.body);
    expect(note).toMatchObject({ createdBy: 'member user', itemKeys: [ITEM], createdAt: NOW.toISOString() });
    expect(zNote.parse((await ws.viewer.get(`/v1/notes/${note.id}`)).body)).toEqual(note);
    const byItem = zListPage(zNote).parse((await ws.viewer.get(`/v1/notes?itemKey=${encodeURIComponent(ITEM)}`)).body);
    expect(byItem.data.map((each) => each.id)).toEqual([note.id]);
    expect(zListPage(zDecision).parse((await ws.viewer.get('/v1/decisions')).body).data).toEqual([]);
    const page = zPullPage.parse((await ws.viewer.get('/v1/sync?limit=1000')).body);
    expect(page.changes.map((change) => change.entity)).toEqual(['note']);

    expect((await ws.member.post('/v1/notes', { title: '' })).status).toBe(400);
    expect((await ws.viewer.post('/v1/notes', { title: 'Nope' })).status).toBe(403);
    expect((await ws.member.get(`/v1/notes/${randomUUID()}`)).status).toBe(404);
    const intruder = await server.workspace();
    expect((await intruder.admin.get(`/v1/notes/${note.id}`)).status).toBe(404);
    expect(zListPage(zNote).parse((await intruder.admin.get('/v1/notes')).body).data).toEqual([]);
    expect((await ws.member.post('/v1/notes', { title: 'Team elsewhere', teamId: randomUUID() })).status).toBe(404);
  });
});
