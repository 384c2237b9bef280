import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { migrate } from '../db/migrate.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import { createUserToken, createWorkspace, listTokens, revokeToken } from '../domain/tokens.ts';
import { createTemporaryDatabase } from '../testing/databases.ts';
import { openEvents, pokeAtLeast, serveApp } from '../testing/live.ts';
import { LiveHub } from './hub.ts';
import { LISTEN_APPLICATION_NAME, startLiveListener } from './listener.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const post = (url: string, token: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

// Needs no PostgreSQL server, so this file has tests on every machine (PostgreSQL is optional).
describe('the live listener on PGlite', () => {
  it('closes the streams of a token revoked behind the server’s back at the next token check', async () => {
    const db = await openPglite();
    await migrate(db);
    const hub = new LiveHub();
    const app = createApp({ db, live: hub, rateLimit: false });
    const http = await serveApp(app);
    const listener = startLiveListener({ db, hub, tokenCheckMs: 100 });
    cleanups.push(
      () => db.close(),
      () => http.close(),
      () => listener.stop(),
    );
    const workspaceId = await createWorkspace(db, 'W', new Date());
    const created = await createUserToken(db, { workspaceId, name: 'Ana', role: 'member', now: new Date() });
    const stream = await openEvents(http.url, created.token);
    await stream.next();
    // Straight to the table, as another tool would: no hook is called.
    await revokeToken(db, created.id, new Date());
    await stream.ended;
    expect(hub.size).toBe(0);
    // Opening PGlite takes a while on a loaded machine.
  }, 60_000);
});

// Two server processes on one PostgreSQL, each with its own pool, hub and listen connection.
if (postgresUrl) {
  describe('the live listener across server processes on PostgreSQL', () => {
    async function twoServers() {
      const temporary = await createTemporaryDatabase(postgresUrl as string);
      cleanups.push(() => temporary.drop());
      const servers = await Promise.all(
        ['a', 'b'].map(async () => {
          const db = openPostgres(temporary.url, 4);
          await migrate(db);
          const hub = new LiveHub({ heartbeatMs: 60_000 });
          const http = await serveApp(createApp({ db, live: hub, rateLimit: false }));
          const listener = startLiveListener({
            db,
            hub,
            directUrl: temporary.url,
            pollMs: 150,
            backoffBaseMs: 1_500,
            backoffMaxMs: 3_000,
            log: () => undefined,
          });
          cleanups.push(
            () => db.close(),
            () => http.close(),
            () => listener.stop(),
          );
          await listener.listening();
          return { db, hub, url: http.url, listener };
        }),
      );
      const [a, b] = servers as [(typeof servers)[number], (typeof servers)[number]];
      const workspaceId = await createWorkspace(a.db, 'W', new Date());
      const ana = await createUserToken(a.db, { workspaceId, name: 'Ana', role: 'member', now: new Date() });
      const ben = await createUserToken(a.db, { workspaceId, name: 'Ben', role: 'member', now: new Date() });
      return { a, b, temporary, workspaceId, ana, ben };
    }

    it('pokes a stream on one process after a commit on another, and falls back to polling while LISTEN is cut', async () => {
      const { a, b, temporary, ana, ben } = await twoServers();
      const onB = await openEvents(b.url, ben.token);
      await onB.next(pokeAtLeast('0'));
      expect((await post(a.url, ana.token, '/v1/goals', { title: 'One' })).status).toBe(201);
      await onB.next(pokeAtLeast('1'));

      const admin = openPostgres(temporary.url, 1);
      cleanups.push(() => admin.close());
      const cut = await admin.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
         WHERE application_name = $1 AND datname = current_database()`,
        [LISTEN_APPLICATION_NAME],
      );
      expect(cut).toHaveLength(2);
      await expect.poll(() => b.listener.state()).toBe('polling');
      expect((await post(a.url, ana.token, '/v1/goals', { title: 'Two' })).status).toBe(201);
      // Only the poll of B's workspaces can have told B: its LISTEN is down (it reconnects after 750 ms at least).
      await onB.next(pokeAtLeast('2'));
      await b.listener.listening();
      expect(b.listener.state()).toBe('listening');
      expect((await post(a.url, ana.token, '/v1/goals', { title: 'Three' })).status).toBe(201);
      await onB.next(pokeAtLeast('3'));
      onB.close();
    });

    it('closes a stream on another process at once when its token is revoked through the API', async () => {
      const { a, b, workspaceId, ben } = await twoServers();
      const admin = await createUserToken(a.db, { workspaceId, name: 'Admin', role: 'admin', now: new Date() });
      const onB = await openEvents(b.url, ben.token);
      await onB.next();
      const benId = (await listTokens(a.db, workspaceId)).find((token) => token.name === 'Ben')?.id;
      const revoked = await fetch(`${a.url}/v1/tokens/${benId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(revoked.status).toBe(204);
      // The token check runs every 30 s: well after this, so the NOTIFY closed it.
      await onB.ended;
      expect(b.hub.size).toBe(0);
    });
  });
}
