/**
 * The sync engine against the real server (in-process Hono over PGlite) with fake-indexeddb, through a fetch that
 * injects faults: responses lost after the server committed, 500s, timeouts, duplicate delivery, malformed pages,
 * and a service worker killed mid-push (a new engine over the same IndexedDB).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../server/testing/databases.ts';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/testing/test-server.ts';
import { createMirrorWriteHandler } from '../../utils/background/mirror-writes.ts';
import type { Mutation } from '../../utils/contract.ts';
import type { LocalWrite } from '../../utils/db/commands.ts';
import { openDb } from '../../utils/db/index.ts';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { performWrite, type WriteEnv } from '../../utils/db/writes.ts';
import { readSyncState } from '../../utils/sync/apply.ts';
import { disconnect, saveCredentials } from '../../utils/sync/connection.ts';
import { createSyncEngine, type SyncEngineDeps } from '../../utils/sync/engine.ts';
import type { FetchLike } from '../../utils/sync/http.ts';
import { jiraRef, uuid } from '../support/sync-fixtures.ts';

const SERVER = 'http://hallway.test';
const writeEnv: WriteEnv = { now: Date.now, newId: () => crypto.randomUUID(), actor: 'Ana' };

let server: TestServer;
beforeAll(async () => {
  const pglite = testDatabases.find((database) => database.name === 'pglite');
  if (!pglite) throw new Error('PGlite test database missing');
  server = await startTestServer(pglite);
});
afterAll(() => server?.close());

/** What one request suffers; `null` passes it through. */
type Fault =
  | 'drop-after-commit'
  | 'server-error'
  | 'timeout-after-commit'
  | 'hang'
  | 'duplicate-delivery'
  | { body: unknown; status?: number; contentType?: string };

/** A fetch into the in-process server; `plan` decides the fault of each request (by path and call number). */
function serverFetch(plan: (path: string, call: number) => Fault | null = () => null): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const forward = (input: string, init: RequestInit) => {
    const { signal: _ignored, ...rest } = init;
    return server.app.request(input, rest);
  };
  const fetch = async (input: string, init: RequestInit) => {
    const path = new URL(input).pathname;
    calls.push(path);
    const fault = plan(path, calls.filter((call) => call === path).length);
    if (fault === null) return forward(input, init);
    if (fault === 'server-error')
      return Response.json({ error: { code: 'internal', message: 'boom' } }, { status: 500 });
    if (fault === 'drop-after-commit') {
      await forward(input, init);
      throw new TypeError('network connection lost');
    }
    if (fault === 'duplicate-delivery') {
      const [first, second] = await Promise.all([forward(input, init), forward(input, init)]);
      await first.text();
      return second;
    }
    if (fault === 'timeout-after-commit' || fault === 'hang') {
      if (fault === 'timeout-after-commit') await forward(input, init);
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    }
    const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
    return new Response(body, {
      status: fault.status ?? 200,
      headers: { 'content-type': fault.contentType ?? 'application/json' },
    });
  };
  return Object.assign(fetch, { calls });
}

interface Client {
  db: HallwayDexie;
  name: string;
  engine(fetch?: FetchLike, extra?: Partial<SyncEngineDeps>): ReturnType<typeof createSyncEngine>;
}

function client(workspace: TestWorkspace, token = workspace.member.token, name = `sync-${uuid()}`): Client {
  const db = openDb(name, { indexedDB, IDBKeyRange });
  return {
    db,
    name,
    engine: (fetch = serverFetch(), extra = {}) =>
      createSyncEngine({
        db,
        fetch,
        connection: async () => ({ serverUrl: SERVER, token }),
        // Far beyond any answer of the real server, even on a loaded machine (a 200 ms limit here failed passes of
        // tests that inject no timeout at all); the test of a timeout sets its own.
        timeoutMs: 10_000,
        pageSize: 7,
        batchSize: 4,
        ...extra,
      }),
  };
}

/** Logs `count` decisions locally (offline: nothing is sent). */
async function logDecisions(db: HallwayDexie, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const { ids: created } = await performWrite(
      db,
      {
        kind: 'logDecision',
        item: { ref: jiraRef(`PAY-${n + 1}`), title: `Payment issue ${n + 1}`, context: { jiraProject: 'PAY' } },
        decision: { title: `${prefix} ${n}`, decidedAt: new Date().toISOString(), decidedBy: 'Ana' },
      },
      writeEnv,
    );
    ids.push(created.at(-1) as string);
  }
  return ids;
}

async function serverDecisionsTitled(workspaceId: string, prefix: string) {
  return server.db.query<{ id: string; title: string }>(
    'SELECT id, title FROM decisions WHERE workspace_id = $1 AND title LIKE $2 ORDER BY title',
    [workspaceId, `${prefix}%`],
  );
}

/** The server's current rows per entity, read from its own tables' change feed through an independent client. */
async function serverState(workspace: TestWorkspace) {
  const rows = new Map<string, unknown>();
  let cursor = '0';
  for (;;) {
    const page = (await workspace.admin.get(`/v1/sync?cursor=${cursor}&limit=1000`)).body as {
      changes: { op: string; entity: string; id?: string; data?: { id: string } }[];
      cursor: string;
      hasMore: boolean;
    };
    for (const change of page.changes) {
      const key = `${change.entity}:${change.data?.id ?? change.id}`;
      if (change.op === 'upsert') rows.set(key, change.data);
      else rows.delete(key);
    }
    cursor = page.cursor;
    if (!page.hasMore) return rows;
  }
}

async function mirrorState(db: HallwayDexie) {
  const rows = new Map<string, unknown>();
  const tables = {
    team: db.teams,
    goal: db.goals,
    decision: db.decisions,
    item: db.items,
    link: db.links,
    rule: db.rules,
  };
  for (const [entity, table] of Object.entries(tables)) {
    for (const row of await table.toArray()) rows.set(`${entity}:${row.id}`, row);
  }
  return rows;
}

async function seedServer(workspace: TestWorkspace, goals: number) {
  const teamId = crypto.randomUUID();
  const mutations: Mutation[] = [
    {
      mutationId: crypto.randomUUID(),
      type: 'team.create',
      id: teamId,
      data: {
        name: 'Payments',
        slug: `payments-${uuid()}`.replace(/[^a-z0-9-]/g, ''),
        description: '',
        parentTeamId: null,
        members: [],
      },
    },
  ];
  for (let n = 0; n < goals; n += 1) {
    mutations.push({
      mutationId: crypto.randomUUID(),
      type: 'goal.create',
      id: crypto.randomUUID(),
      data: {
        title: `Goal ${n}`,
        description: '',
        ownerTeamId: teamId,
        parentGoalId: null,
        status: 'on_track',
        progress: 0,
        targetDate: null,
      },
    });
  }
  const response = await workspace.admin.post('/v1/mutations', { mutations });
  expect(response.status).toBe(200);
  return { teamId, goalIds: mutations.slice(1).map((m) => m.id) };
}

describe('sync engine against the real server', () => {
  it('mirrors the workspace over many pages and stores the final cursor', async () => {
    const workspace = await server.workspace();
    await seedServer(workspace, 20);
    const { db, engine } = client(workspace);
    const outcome = await engine().syncOnce();
    expect(outcome).toMatchObject({ kind: 'done', pulled: 21 });
    expect(await mirrorState(db)).toEqual(await serverState(workspace));
    expect(await db.syncState.get('main')).toMatchObject({ status: 'idle', lastError: null });
    // A second pass finds nothing new.
    expect(await engine().syncOnce()).toMatchObject({ kind: 'done', pushed: 0, pulled: 0 });
  });

  it('reads as not connected before its first pass and as syncing, never idle, until that pass ends', async () => {
    const workspace = await server.workspace();
    await seedServer(workspace, 2);
    const { db, engine } = client(workspace);
    expect(await readSyncState(db)).toMatchObject({ status: 'disconnected', lastSyncAt: null });
    // Every status the mirror ever holds is what the options page shows, however briefly.
    const written: string[] = [];
    db.syncState.hook('creating', (_key, row) => {
      written.push(row.status);
    });
    db.syncState.hook('updating', (changes, _key, row) => {
      written.push((changes as { status?: string }).status ?? row.status);
    });
    expect(await engine().syncOnce()).toMatchObject({ kind: 'done' });
    expect(written.at(-1)).toBe('idle');
    expect(written.slice(0, -1).every((status) => status === 'syncing')).toBe(true);
    expect(await readSyncState(db)).toMatchObject({ serverUrl: SERVER, lastError: null });
  });

  it('loses and duplicates nothing through lost responses, 500s, timeouts and duplicate delivery', async () => {
    const workspace = await server.workspace();
    const { db, engine } = client(workspace);
    const ids = await logDecisions(db, 10, 'Faulty');
    const faults: Fault[] = ['drop-after-commit', 'server-error', 'timeout-after-commit', 'duplicate-delivery'];
    const fetch = serverFetch((path, call) => (path === '/v1/mutations' ? (faults[call - 1] ?? null) : null));
    const outcomes = [];
    for (let pass = 0; pass < 8 && (await db.outbox.count()) > 0; pass += 1) {
      // The hung request is given up on after 200 ms; the other requests of these passes are answered by then.
      outcomes.push((await engine(fetch, { timeoutMs: 200 }).syncOnce()).kind);
    }
    expect(outcomes.slice(0, 3)).toEqual(['failed', 'failed', 'failed']);
    expect(await db.outbox.count()).toBe(0);
    const onServer = await serverDecisionsTitled(workspace.id, 'Faulty');
    expect(onServer.map((row) => row.id).sort()).toEqual([...ids].sort());
    await engine().syncOnce();
    expect(await mirrorState(db)).toEqual(await serverState(workspace));
  });

  it('re-sends a mutation in flight when the service worker dies, with the same id, once on the server', async () => {
    const workspace = await server.workspace();
    const first = client(workspace);
    const [id] = await logDecisions(first.db, 1, 'Killed');
    const outboxBefore = await first.db.outbox.toArray();
    // The server commits, then the worker is killed before the answer arrives: the pass never finishes.
    const killed = first.engine(
      serverFetch((path) => (path === '/v1/mutations' ? 'timeout-after-commit' : null)),
      {
        timeoutMs: 60_000,
      },
    );
    void killed.syncOnce();
    await waitUntil(async () => (await serverDecisionsTitled(workspace.id, 'Killed')).length === 1);
    first.db.close();

    const restarted = openDb(first.name, { indexedDB, IDBKeyRange });
    expect((await restarted.outbox.toArray()).map((row) => row.mutationId)).toEqual(
      outboxBefore.map((r) => r.mutationId),
    );
    const fetch = serverFetch();
    const outcome = await createSyncEngine({
      db: restarted,
      fetch,
      connection: async () => ({ serverUrl: SERVER, token: workspace.member.token }),
    }).syncOnce();
    expect(outcome.kind).toBe('done');
    expect(await restarted.outbox.count()).toBe(0);
    expect((await serverDecisionsTitled(workspace.id, 'Killed')).map((row) => row.id)).toEqual([id]);
    expect(await restarted.decisions.get(id as string)).toMatchObject({ version: 1 });
  });

  it('rejects a malformed page whole, keeps the cursor, then converges', async () => {
    const workspace = await server.workspace();
    await seedServer(workspace, 3);
    const { db, engine } = client(workspace);
    const valid = (await workspace.admin.get('/v1/sync?limit=1000')).body as { changes: { entity: string }[] };
    const malformed: Fault[] = [
      { body: '<html>Sign in</html>', contentType: 'text/html' },
      { body: '{"changes": [' },
      { body: { changes: null, cursor: '5', hasMore: false } },
      { body: { ...valid, changes: [...valid.changes.slice(0, 2), { ...valid.changes[2], entity: 'spaceship' }] } },
      { body: { ...valid, cursor: 'NaN' } },
      { body: { changes: Array.from({ length: 5000 }, () => valid.changes[0]), cursor: '9', hasMore: false } },
      { body: '', status: 302 },
    ];
    for (const fault of malformed) {
      const outcome = await engine(serverFetch((path) => (path === '/v1/sync' ? fault : null))).syncOnce();
      expect(outcome).toMatchObject({ kind: 'failed', failure: { kind: 'invalid_response' } });
      expect(await db.teams.count()).toBe(0);
      expect(await db.goals.count()).toBe(0);
      expect((await db.syncState.get('main'))?.cursor).toBeNull();
    }
    // The last fault, a redirect, is kept by its code: said in the user's language where the sync state is shown.
    expect(await db.syncState.get('main')).toMatchObject({
      status: 'backoff',
      lastError: { code: 'redirected', message: 'redirected' },
    });
    expect((await engine().syncOnce()).kind).toBe('done');
    expect(await mirrorState(db)).toEqual(await serverState(workspace));
  });

  it('handles a server that repeats pages or sends the cursor backwards without applying anything twice wrongly', async () => {
    const workspace = await server.workspace();
    const { goalIds } = await seedServer(workspace, 10);
    const { db, engine } = client(workspace);
    expect((await engine().syncOnce()).kind).toBe('done');
    // Later changes: goal 0 edited twice. Then the server "forgets" and replays the whole feed from the start.
    for (const progress of [10, 20]) {
      const [current] = await server.db.query<{ version: number }>('SELECT version FROM goals WHERE id = $1', [
        goalIds[0],
      ]);
      await workspace.admin.post('/v1/mutations', {
        mutations: [
          {
            mutationId: crypto.randomUUID(),
            type: 'goal.update',
            id: goalIds[0],
            baseVersion: current?.version,
            data: { progress },
          },
        ],
      });
    }
    const replayFromStart = serverFetch((path) => (path === '/v1/sync' ? null : null));
    const rewinding: FetchLike = (input, init) => {
      const url = new URL(input);
      if (url.pathname === '/v1/sync') url.searchParams.set('cursor', '0');
      return replayFromStart(url.toString(), init);
    };
    const outcome = await engine(rewinding, { pageSize: 1000 }).syncOnce();
    expect(outcome.kind).toBe('done');
    expect(await db.goals.get(goalIds[0] as string)).toMatchObject({ progress: 20 });

    // A server stuck on one cursor while promising more pages is a failure, not an endless loop.
    const cursor = (await db.syncState.get('main'))?.cursor;
    const stuck = serverFetch((path) =>
      path === '/v1/sync' ? { body: { changes: [], cursor, hasMore: true } } : null,
    );
    expect(await engine(stuck).syncOnce()).toMatchObject({ kind: 'failed', failure: { kind: 'protocol' } });
    expect(await db.goals.get(goalIds[0] as string)).toMatchObject({ progress: 20 });
    expect((await engine().syncOnce()).kind).toBe('done');
    expect(await mirrorState(db)).toEqual(await serverState(workspace));
  });

  // The mirror never steps back: pages with more after them may come from the server's cache at any age. A client that wrote an entity
  // itself holds a newer version than such a page, and must keep it; a deleted one stays deleted.
  it('never steps back: an old cached page after newer writes leaves the newer rows, also when the sync is cut off', async () => {
    const workspace = await server.workspace();
    const ana = client(workspace, workspace.admin.token);
    expect((await ana.engine().syncOnce()).kind).toBe('done');
    const start = (await readSyncState(ana.db)).cursor;
    const pullFails = serverFetch((path) => (path === '/v1/sync' ? 'server-error' : null));
    const goal = (title: string) => ({ kind: 'goal.create' as const, data: { title } });

    // Created and acknowledged, but not pulled yet: the cursor is still before them.
    const [kept] = (await performWrite(ana.db, goal('Kept'), writeEnv)).ids as [string];
    const [deleted] = (await performWrite(ana.db, goal('Deleted'), writeEnv)).ids as [string];
    expect((await ana.engine(pullFails).syncOnce()).kind).toBe('failed');
    // The page the server's cache holds for that cursor from now on: both goals at version 1.
    const cached = (await workspace.admin.get(`/v1/sync?cursor=${start}&limit=1000`)).body as { hasMore: boolean };
    expect(JSON.stringify(cached)).toContain('"title":"Kept"');

    await performWrite(ana.db, { kind: 'goal.update', id: kept, data: { title: 'Kept, renamed' } }, writeEnv);
    await performWrite(ana.db, { kind: 'goal.delete', id: deleted }, writeEnv);
    expect((await ana.engine(pullFails).syncOnce()).kind).toBe('failed');
    expect(await ana.db.outbox.count()).toBe(0);
    const before = await mirrorState(ana.db);

    // The old page comes back as one with more after it; the next page's request is cut off.
    const oldThenCut = serverFetch((path, call) =>
      path !== '/v1/sync' ? null : call === 1 ? { body: { ...cached, hasMore: true } } : 'drop-after-commit',
    );
    expect((await ana.engine(oldThenCut).syncOnce()).kind).toBe('failed');
    expect(await ana.db.goals.get(kept)).toMatchObject({ title: 'Kept, renamed', version: 2 });
    expect(await ana.db.goals.get(deleted)).toBeUndefined();
    expect(await mirrorState(ana.db)).toEqual(before);

    expect((await ana.engine().syncOnce()).kind).toBe('done');
    expect(await mirrorState(ana.db)).toEqual(await serverState(workspace));
    expect(await ana.db.goals.get(kept)).toMatchObject({ title: 'Kept, renamed', version: 2 });
    // Caught up: nothing is held back from later pulls any more.
    expect(await ana.db.acknowledged.count()).toBe(0);
  });

  it('keeps a conflicting edit for the user, shows the server state, and can overwrite on request', async () => {
    const workspace = await server.workspace();
    const { goalIds } = await seedServer(workspace, 1);
    const goalId = goalIds[0] as string;
    const ana = client(workspace);
    const ben = client(workspace, workspace.admin.token);
    await ana.engine().syncOnce();
    await ben.engine().syncOnce();
    await performWrite(ben.db, { kind: 'goal.update', id: goalId, data: { title: 'Ben was first' } }, writeEnv);
    await ben.engine().syncOnce();

    const { mutationIds } = await performWrite(
      ana.db,
      { kind: 'goal.update', id: goalId, data: { progress: 55 } },
      writeEnv,
    );
    expect(await ana.db.goals.get(goalId)).toMatchObject({ progress: 55, title: 'Goal 0' });
    await ana.engine().syncOnce();
    const [row] = await ana.db.outbox.toArray();
    expect(row).toMatchObject({
      mutationId: mutationIds[0],
      status: 'conflict',
      serverVersion: 2,
      error: { code: 'stale_version' },
    });
    // The server's state shows; the user's edit waits in the outbox.
    expect(await ana.db.goals.get(goalId)).toMatchObject({ title: 'Ben was first', progress: 0, version: 2 });

    await performWrite(ana.db, { kind: 'overwriteConflict', mutationId: mutationIds[0] as string }, writeEnv);
    expect(await ana.db.goals.get(goalId)).toMatchObject({ title: 'Ben was first', progress: 55 });
    await ana.engine().syncOnce();
    expect(await ana.db.outbox.count()).toBe(0);
    expect(await ana.db.goals.get(goalId)).toMatchObject({ title: 'Ben was first', progress: 55, version: 3 });
  });

  it('sends several edits of one entity made before a sync as a chain, not as conflicts with oneself', async () => {
    const workspace = await server.workspace();
    const { goalIds } = await seedServer(workspace, 1);
    const goalId = goalIds[0] as string;
    const ana = client(workspace);
    await ana.engine().syncOnce();

    await performWrite(ana.db, { kind: 'goal.update', id: goalId, data: { title: 'Renamed' } }, writeEnv);
    await performWrite(ana.db, { kind: 'goal.update', id: goalId, data: { status: 'done' } }, writeEnv);
    await ana.engine().syncOnce();
    expect(await ana.db.outbox.count()).toBe(0);
    expect(await ana.db.goals.get(goalId)).toMatchObject({ title: 'Renamed', status: 'done', version: 3 });

    // One request per edit: the second is sent after the first was acknowledged.
    await performWrite(ana.db, { kind: 'goal.update', id: goalId, data: { progress: 40 } }, writeEnv);
    await performWrite(ana.db, { kind: 'goal.update', id: goalId, data: { progress: 60 } }, writeEnv);
    await ana.engine(serverFetch(), { batchSize: 1 }).syncOnce();
    expect(await ana.db.outbox.count()).toBe(0);
    expect(await ana.db.goals.get(goalId)).toMatchObject({ title: 'Renamed', progress: 60, version: 5 });
  });

  it('deletes a goal whose create is in flight, or acknowledged and not pulled yet: the delete is not held up', async () => {
    const workspace = await server.workspace();
    const ana = client(workspace, workspace.admin.token);
    expect((await ana.engine().syncOnce()).kind).toBe('done');
    // The background's handler, as a hub page reaches it; it validates the write as the message router does.
    const { 'mirror.write': handle } = createMirrorWriteHandler({ db: ana.db });
    const write = (local: LocalWrite) =>
      handle(local as Parameters<typeof handle>[0], { sender: {}, tabId: undefined });
    for (const heldPath of ['/v1/mutations', '/v1/sync']) {
      const title = `Try a pricing experiment (${heldPath})`;
      const [id] = (await write({ kind: 'goal.create', data: { title } })).ids as [string];
      // The first request to `heldPath` waits, once the server has answered it, until the delete was written.
      let reached!: () => void;
      const atHeld = new Promise<void>((resolve) => {
        reached = resolve;
      });
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const passthrough = serverFetch();
      let held = false;
      const holding: FetchLike = async (input, init) => {
        const response = await passthrough(input, init);
        if (!held && new URL(input).pathname === heldPath) {
          held = true;
          reached();
          await released;
        }
        return response;
      };
      const pass = ana.engine(holding).syncOnce();
      await atHeld;
      await write({ kind: 'goal.delete', id });
      expect(await ana.db.goals.get(id)).toBeUndefined();
      release();
      expect((await pass).kind).toBe('done');
      expect(await ana.db.goals.get(id)).toBeUndefined();
      expect((await ana.engine().syncOnce()).kind).toBe('done');
      expect(await ana.db.outbox.toArray()).toEqual([]);
      expect(await ana.db.goals.get(id)).toBeUndefined();
      expect(await server.db.query('SELECT id FROM goals WHERE id = $1', [id])).toEqual([]);
    }
  });

  it('marks a refused mutation rejected with its reason while the rest of the queue applies', async () => {
    const workspace = await server.workspace();
    const { db, engine } = client(workspace);
    await logDecisions(db, 2, 'Before');
    // Superseding a decision that does not exist on the server: permanently refused.
    const { ids } = await performWrite(
      db,
      {
        kind: 'decision.create',
        data: {
          title: 'Orphan',
          decidedAt: new Date().toISOString(),
          decidedBy: 'Ana',
          supersedes: crypto.randomUUID(),
        },
      },
      writeEnv,
    );
    await logDecisions(db, 7, 'After');
    expect((await engine().syncOnce()).kind).toBe('done');
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      status: 'rejected',
      mutation: { type: 'decision.create' },
      error: { code: expect.any(String) },
    });
    expect(await db.decisions.get(ids[0] as string)).toBeUndefined();
    expect(await serverDecisionsTitled(workspace.id, 'After')).toHaveLength(7);
    await performWrite(db, { kind: 'discardWrite', mutationId: outbox[0]?.mutationId as string }, writeEnv);
    expect(await db.outbox.count()).toBe(0);
  });

  it('stops on 401 and asks to reconnect; never drops the outbox', async () => {
    const workspace = await server.workspace();
    const { db, engine } = client(workspace, 'hw_wrongwrongwrongwrongwrongwrongwrongwrongwro');
    await logDecisions(db, 1, 'Unauthorized');
    expect(await engine().syncOnce()).toEqual({ kind: 'unauthorized' });
    expect(await db.syncState.get('main')).toMatchObject({ status: 'reconnect', lastError: { code: 'unauthorized' } });
    expect((await db.outbox.toArray()).map((row) => [row.mutation.type, row.status])).toEqual([
      ['item.upsert', 'pending'],
      ['decision.create', 'pending'],
    ]);
  });

  it('keeps the outbox when the browser runs out of storage while applying a page', async () => {
    const workspace = await server.workspace();
    await seedServer(workspace, 3);
    const { db, engine } = client(workspace);
    // Fails every put into the goals table the way a full disk does (an AbortError wrapping QuotaExceededError).
    db.use({
      stack: 'dbcore',
      name: 'quota',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'goals') return table;
          return {
            ...table,
            mutate: (request) =>
              request.type !== 'put'
                ? table.mutate(request)
                : Promise.reject(
                    Object.assign(new Error('aborted'), {
                      name: 'AbortError',
                      inner: new DOMException('full', 'QuotaExceededError'),
                    }),
                  ),
          };
        },
      }),
    });
    await logDecisions(db, 2, 'Quota');
    const outcome = await engine().syncOnce();
    expect(outcome).toMatchObject({ kind: 'failed', failure: { kind: 'quota' } });
    expect(await db.syncState.get('main')).toMatchObject({ status: 'error', lastError: { code: 'quota' } });
    expect(await db.goals.count()).toBe(0);
    // The pushes before the failing pull were acknowledged and removed; nothing else left the outbox.
    expect(await serverDecisionsTitled(workspace.id, 'Quota')).toHaveLength(2);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('who the token belongs to, and disconnecting', () => {
  it("learns the development build's user and role, and leaves alone credentials saved meanwhile with another token", async () => {
    const workspace = await server.workspace();
    const { db, engine } = client(workspace, workspace.admin.token);
    expect(await db.credentials.get('main')).toBeUndefined();
    expect(await engine().syncOnce()).toMatchObject({ kind: 'done' });
    expect(await db.credentials.get('main')).toMatchObject({
      token: workspace.admin.token,
      me: { workspace: { id: workspace.id }, user: { role: 'admin' } },
    });

    // The options page saved another token while a pass with the old one ran: the old one's answer is not its.
    await db.credentials.put({ id: 'main', token: workspace.member.token, me: null });
    await engine().syncOnce();
    expect(await db.credentials.get('main')).toEqual({ id: 'main', token: workspace.member.token, me: null });
  });

  it('forgets the server, the token and the copy; unsent writes only when the user says so', async () => {
    const workspace = await server.workspace();
    const { db, engine } = client(workspace);
    await workspace.admin.post('/v1/goals', { title: 'Mirrored before disconnecting' });
    await engine().syncOnce();
    await saveCredentials(db, workspace.member.token, null);
    expect(await db.goals.count()).toBeGreaterThan(0);
    await logDecisions(db, 2, 'Unsent');
    const unsent = await db.outbox.count();
    expect(unsent).toBeGreaterThan(0);
    const saved: unknown[] = [];
    const saveServerUrl = async (url: null) => void saved.push(url);

    expect(await disconnect(db, { discardUnsent: false, saveServerUrl })).toEqual({ disconnected: false, unsent });
    expect(saved).toEqual([]);
    expect(await db.credentials.count()).toBe(1);
    expect(await db.outbox.count()).toBe(unsent);

    // A pass under way still holds the old connection: the copy is cleared after it, the token before it.
    let tokenGoneWhenSettled: boolean | undefined;
    const settled = async () => {
      tokenGoneWhenSettled = (await db.credentials.count()) === 0;
    };
    expect(await disconnect(db, { discardUnsent: true, saveServerUrl, settled })).toEqual({ disconnected: true });
    expect(tokenGoneWhenSettled).toBe(true);
    expect(saved).toEqual([null]);
    expect(await db.outbox.count()).toBe(0);
    for (const table of ['teams', 'goals', 'decisions', 'items', 'links', 'rules', 'bases', 'credentials'] as const) {
      expect(await db.table(table).count()).toBe(0);
    }
    expect(await readSyncState(db)).toMatchObject({ status: 'disconnected', cursor: null, serverUrl: null });
  });
});

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition never held');
}
