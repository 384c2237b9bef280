import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zApiError, zGoal, zPoke } from '../../utils/contract.ts';
import { createApp } from '../app.ts';
import { generateToken, listTokens } from '../domain/tokens.ts';
import { testDatabases } from '../testing/databases.ts';
import { openEvents, pokeAtLeast, serveApp } from '../testing/live.ts';
import { startServer } from '../testing/server-process.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { LiveHub } from './hub.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const seqOf = (data: string) => zPoke.parse(JSON.parse(data)).seq;

describe.each(testDatabases)('GET /v1/events on $name', (database) => {
  // One database per file (opening PGlite is slow on a loaded machine); each test has workspaces of its own, and
  // those that need a hub of their own get an app of their own on the same database.
  let shared: TestServer;
  beforeAll(async () => {
    shared = await startTestServer(database);
    cleanups.push(() => shared.close());
  });
  async function start(live = new LiveHub({ heartbeatMs: 200 })) {
    const http = await serveApp(createApp({ db: shared.db, live, rateLimit: false, tokenCacheMs: 0 }));
    cleanups.push(() => http.close());
    return { server: shared, live, url: http.url };
  }

  it('sends the retry hint and the newest seq at once, then one poke per committed write and nothing else', async () => {
    const { server, url } = await start();
    const ws = await server.workspace();
    const other = await server.workspace();
    const stream = await openEvents(url, ws.viewer.token);
    expect(stream.status).toBe(200);
    const first = await stream.next((event) => event.event === 'poke');
    expect(seqOf(first.data)).toBe('0');
    expect(first.id).toBe('0');
    expect(stream.retries).toEqual([3000]);

    const created = await ws.member.post('/v1/goals', { title: 'Launch SEPA' });
    expect(created.status).toBe(201);
    const poke = await stream.next(pokeAtLeast('1'));
    expect(JSON.parse(poke.data)).toEqual({ seq: '1' });
    // Another workspace's write reaches its own streams only.
    await other.member.post('/v1/goals', { title: 'Elsewhere' });
    await ws.member.patch(`/v1/goals/${zGoal.parse(created.body).id}`, { title: 'Launch SEPA now', baseVersion: 1 });
    await stream.next(pokeAtLeast('2'));
    // A heartbeat comment arrives too (not an event), and every event is a poke carrying only a seq.
    for (const event of stream.events) {
      expect(event.event).toBe('poke');
      expect(Object.keys(JSON.parse(event.data))).toEqual(['seq']);
    }
    expect(stream.events.map((event) => seqOf(event.data))).toEqual(['0', '1', '2']);
    stream.close();
  });

  it('skips the first poke when Last-Event-ID is current, and refuses a bogus one with a clear error', async () => {
    const { server, url } = await start();
    const ws = await server.workspace();
    await ws.member.post('/v1/goals', { title: 'One' });
    const current = await openEvents(url, ws.member.token, { 'last-event-id': '1' });
    const behind = await openEvents(url, ws.member.token, { 'last-event-id': '0' });
    await behind.next(pokeAtLeast('1'));
    await ws.member.post('/v1/goals', { title: 'Two' });
    await current.next(pokeAtLeast('2'));
    expect(current.events.map((event) => seqOf(event.data))).toEqual(['2']);
    for (const bogus of ['abc', '-1', '1e3', '99999999999999999999', '0x10', ' ']) {
      const refused = await openEvents(url, ws.member.token, { 'last-event-id': bogus });
      if (bogus === ' ') {
        // Blank: as if none was sent.
        expect(refused.status).toBe(200);
        refused.close();
        continue;
      }
      expect(refused.status).toBe(400);
      expect(zApiError.parse(refused.body).error).toMatchObject({ code: 'invalid_request' });
      expect(zApiError.parse(refused.body).error.message).toMatch(/Last-Event-ID/);
    }
    // The server goes on serving.
    await ws.member.post('/v1/goals', { title: 'Three' });
    await current.next(pokeAtLeast('3'));
    current.close();
    behind.close();
  });

  it('refuses a thousand streams for one token beyond the cap with a clear error; other tokens are unaffected', async () => {
    const { server, url, live } = await start();
    const ws = await server.workspace();
    const attempts = await Promise.all(Array.from({ length: 1000 }, () => openEvents(url, ws.member.token)));
    const held = attempts.filter((attempt) => attempt.status === 200);
    const refused = attempts.filter((attempt) => attempt.status !== 200);
    expect(held).toHaveLength(live.maxStreamsPerToken);
    expect(new Set(refused.map((attempt) => attempt.status))).toEqual(new Set([429]));
    expect(zApiError.parse(refused[0]?.body).error.message).toMatch(/event streams .* close one first/);
    const viewer = await openEvents(url, ws.viewer.token);
    expect(viewer.status).toBe(200);
    // Closing one frees its place.
    held[0]?.close();
    await held[0]?.ended;
    await expect
      .poll(async () => {
        const again = await openEvents(url, ws.member.token);
        again.close();
        return again.status;
      })
      .toBe(200);
    for (const stream of [...held, viewer]) stream.close();
  });

  it("closes a stream at once when its token is revoked, and refuses the token's next stream", async () => {
    const { server, url } = await start(new LiveHub({ heartbeatMs: 60_000 }));
    const ws = await server.workspace();
    const stream = await openEvents(url, ws.member.token);
    const bystander = await openEvents(url, ws.viewer.token);
    await stream.next((event) => event.event === 'poke');
    const member = (await listTokens(server.db, ws.id)).find((token) => token.name === 'member user');
    expect((await ws.admin.delete(`/v1/tokens/${member?.id}`)).status).toBe(204);
    // No heartbeat or token check falls within this wait: the revocation itself ended it.
    await stream.ended;
    expect((await openEvents(url, ws.member.token)).status).toBe(401);
    await ws.admin.post('/v1/goals', { title: 'Still live' });
    await bystander.next(pokeAtLeast('1'));
    bystander.close();
  });

  it('lets an extension resume with Last-Event-ID across origins (the preflight allows the header)', async () => {
    const preflight = await shared.app.request('/v1/events', {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,last-event-id',
      },
    });
    expect(preflight.status).toBe(204);
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'last-event-id']));
  });

  it('ends every stream on shutdown and refuses new ones', async () => {
    const { server, url, live } = await start();
    const ws = await server.workspace();
    const streams = await Promise.all([openEvents(url, ws.member.token), openEvents(url, ws.viewer.token)]);
    await Promise.all(streams.map((stream) => stream.next()));
    live.closeAll();
    await Promise.all(streams.map((stream) => stream.ended));
    const late = await openEvents(url, ws.member.token);
    expect(late.status).toBe(503);
  });
});

describe('the server process and its event streams', () => {
  it('ends every stream cleanly on SIGTERM and exits', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hallway-live-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const token = generateToken();
    const server = await startServer({ DATA_DIR: dataDir, HALLWAY_BOOTSTRAP_TOKEN: token });
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    cleanups.push(async () => void server.child.kill('SIGKILL'));
    const streams = await Promise.all([openEvents(server.url, token), openEvents(server.url, token)]);
    await Promise.all(streams.map((stream) => stream.next()));
    server.child.kill('SIGTERM');
    await Promise.all(streams.map((stream) => stream.ended));
    expect(await exited).toBe(0);
  }, 90_000);
});
