/**
 * The role the extension knows comes from the server on every sync pass, and a refusal a new role lifts is sent
 * again: a viewer promoted to member sees the writes the viewer was refused go through, not "needs the member role".
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../server/testing/databases.ts';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/testing/test-server.ts';
import { openDb } from '../../utils/db/index.ts';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { performWrite, type WriteEnv } from '../../utils/db/writes.ts';
import { initialSyncState } from '../../utils/sync/apply.ts';
import { createSyncEngine } from '../../utils/sync/engine.ts';
import { decision, jiraRef, uuid } from '../support/sync-fixtures.ts';

const SERVER = 'http://hallway.test';
const writeEnv: WriteEnv = { now: Date.now, newId: () => crypto.randomUUID(), actor: 'Vic' };

let server: TestServer;
beforeAll(async () => {
  const pglite = testDatabases.find((database) => database.name === 'pglite');
  if (!pglite) throw new Error('PGlite test database missing');
  // No token cache: a role changed in the database applies to the next request.
  server = await startTestServer(pglite, { tokenCacheMs: 0 });
});
afterAll(() => server?.close());

function engineFor(db: HallwayDexie, token: string) {
  return createSyncEngine({
    db,
    fetch: async (input, { signal: _signal, ...init }) => server.app.request(input, init),
    connection: async () => ({ serverUrl: SERVER, token }),
  });
}

const setRole = (workspace: TestWorkspace, name: string, role: string) =>
  server.db.query('UPDATE users SET role = $3 WHERE workspace_id = $1 AND name = $2', [workspace.id, name, role]);

async function teamOf(workspace: TestWorkspace) {
  const response = await workspace.admin.post('/v1/teams', { name: 'Growth', slug: `growth-${uuid().slice(-6)}` });
  return (response.body as { id: string }).id;
}

describe('the identity a sync pass brings', () => {
  it('stores who the token belongs to, with the role, even when no connection test ran', async () => {
    const workspace = await server.workspace();
    const db = openDb(`identity-${uuid()}`, { indexedDB, IDBKeyRange });
    await db.credentials.put({ id: 'main', token: workspace.viewer.token, me: null });
    await engineFor(db, workspace.viewer.token).syncOnce();
    expect((await db.credentials.get('main'))?.me?.user).toMatchObject({ name: 'viewer user', role: 'viewer' });
    await setRole(workspace, 'viewer user', 'admin');
    await engineFor(db, workspace.viewer.token).syncOnce();
    expect((await db.credentials.get('main'))?.me?.user.role).toBe('admin');
  });

  it("rolls back a viewer's refused link, then sends it again once the viewer is a member", async () => {
    const workspace = await server.workspace();
    const teamId = await teamOf(workspace);
    const db = openDb(`identity-${uuid()}`, { indexedDB, IDBKeyRange });
    await db.credentials.put({ id: 'main', token: workspace.viewer.token, me: null });
    const ref = jiraRef('PAY-42');
    await performWrite(
      db,
      { kind: 'linkItem', link: { kind: 'owner', itemKey: ref.key, teamId }, item: { ref, title: 'Checkout' } },
      writeEnv,
    );
    expect(await db.links.count()).toBe(1);

    await engineFor(db, workspace.viewer.token).syncOnce();
    const refused = await db.outbox.toArray();
    expect(refused.map((row) => [row.mutation.type, row.status, row.error?.code])).toEqual([
      ['item.upsert', 'rejected', 'forbidden'],
      ['link.create', 'rejected', 'forbidden'],
    ]);
    expect(refused[1]?.error?.message).toContain('needs the member role');
    // The optimistic link is gone: the item shows what the server holds.
    expect(await db.links.count()).toBe(0);

    await setRole(workspace, 'viewer user', 'member');
    await engineFor(db, workspace.viewer.token).syncOnce();
    expect(await db.outbox.toArray()).toEqual([]);
    const [link] = await db.links.toArray();
    expect(link).toMatchObject({ kind: 'owner', itemKey: ref.key, teamId });
    expect(link?.version).toBeGreaterThanOrEqual(1);
    const onServer = await server.db.query('SELECT team_id FROM links WHERE workspace_id = $1', [workspace.id]);
    expect(onServer).toEqual([{ team_id: teamId }]);
  });

  it("replays the local user's writes under the name the server confirmed, never a placeholder", async () => {
    const db = openDb(`identity-${uuid()}`, { indexedDB, IDBKeyRange });
    await db.credentials.put({ id: 'main', token: 'token', me: null });
    await db.syncState.put({ ...initialSyncState(), serverUrl: SERVER });
    const synced = decision('Retry failed payments', '2026-04-01T12:00:00Z', { status: 'proposed' });
    await db.decisions.put(synced);
    // Two writes on one decision, sent one per batch: the first is refused, so the second is replayed over the
    // server's row; then the network goes, and the replayed row is what the sidebar shows.
    await performWrite(db, { kind: 'decision.linkItems', id: synced.id, itemKeys: [jiraRef('PAY-7').key] }, writeEnv);
    await performWrite(db, { kind: 'decision.transition', id: synced.id, data: { transition: 'accept' } }, writeEnv);
    const me = { workspace: { id: uuid(), name: 'Acme' }, user: { id: uuid(), name: 'Ana Lima', role: 'member' } };
    let pushes = 0;
    const engine = createSyncEngine({
      db,
      batchSize: 1,
      connection: async () => ({ serverUrl: SERVER, token: 'token' }),
      fetch: async (input, init) => {
        const path = new URL(input).pathname;
        if (path === '/v1/me') return Response.json(me);
        pushes += 1;
        if (path !== '/v1/mutations' || pushes > 1)
          return Response.json({ error: { code: 'internal', message: 'down' } }, { status: 500 });
        const [refused] = JSON.parse(String(init.body)).mutations as { mutationId: string }[];
        return Response.json({
          results: [{ mutationId: refused?.mutationId, status: 'rejected', code: 'invalid', message: 'no' }],
        });
      },
    });
    expect((await engine.syncOnce()).kind).toBe('failed');
    const replayed = await db.decisions.get(synced.id);
    expect(replayed).toMatchObject({ itemKeys: [], status: 'accepted' });
    expect(replayed?.statusHistory.map((change) => change.by)).toEqual(['Ana Lima']);
  });

  it('keeps a refusal the new role does not lift, with its reason', async () => {
    const workspace = await server.workspace();
    const teamId = await teamOf(workspace);
    const db = openDb(`identity-${uuid()}`, { indexedDB, IDBKeyRange });
    await db.credentials.put({ id: 'main', token: workspace.viewer.token, me: null });
    await performWrite(
      db,
      { kind: 'rule.create', data: { tool: 'jira', field: 'jiraProject', pattern: 'PAY', teamId } },
      writeEnv,
    );
    await engineFor(db, workspace.viewer.token).syncOnce();
    await setRole(workspace, 'viewer user', 'member');
    await engineFor(db, workspace.viewer.token).syncOnce();
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    expect(row?.error?.message).toContain('needs the admin role');
    expect(await db.rules.count()).toBe(0);
  });
});
