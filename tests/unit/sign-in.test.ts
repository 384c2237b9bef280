/**
 * Signing in through the server (issue 14 point 5), with the browser's web-auth window and the server faked at
 * their edges: the extension's own PKCE and state, the one-time code exchanged with its verifier, a refused or
 * cancelled sign-in changing nothing, invite links, signing out (revoke, then forget; unsent writes asked about), and
 * an expired token with writes in the outbox: "Sign in again" keeps them and sends them with the new token.
 */
import { createHash } from 'node:crypto';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { summarizeSync } from '../../components/options/sync-summary.ts';
import { createDeviceToken } from '../../server/domain/sign-in.ts';
import { createUserToken, revokeToken } from '../../server/domain/tokens.ts';
import { testDatabases } from '../../server/testing/databases.ts';
import { startTestServer, type TestServer } from '../../server/testing/test-server.ts';
import {
  deviceLabel,
  deviceNameOf,
  parseInviteLink,
  readCallback,
  SignInError,
  signIn,
  startUrl,
} from '../../utils/auth/flow.ts';
import { challengeOf, createPkce } from '../../utils/auth/pkce.ts';
import { createAuthHandlers } from '../../utils/background/auth.ts';
import { inviteLink } from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { performWrite } from '../../utils/db/writes.ts';
import { say, sayText } from '../../utils/i18n.ts';
import { messageOf } from '../../utils/message.ts';
import type { HandlerContext } from '../../utils/messaging/router.ts';
import { loadSettings, saveSettings } from '../../utils/settings.ts';
import { disconnect, readConnection, saveCredentials } from '../../utils/sync/connection.ts';
import { createSyncEngine } from '../../utils/sync/engine.ts';
import { createSyncApi, type FetchLike } from '../../utils/sync/http.ts';
import { replaceCredentials } from '../../utils/sync/identity.ts';
import { speaking } from '../support/locale-messages.ts';
import { uuid } from '../support/sync-fixtures.ts';

/** What the user reads of a sign-in error: its message key said in English (utils/i18n.ts `say`). */
const shown = (error: unknown) => {
  const text = messageOf(error);
  return text ? say(text) : `not a message error: ${String(error)}`;
};
const shownBy = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return shown(error);
  }
  return 'no error';
};

const SERVER = 'http://hallway.test';
const DEVICE_TOKEN = `hw_${'d'.repeat(43)}`;
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const context = { sender: {}, tabId: undefined } as HandlerContext;
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const user = { id: uuid(), name: 'Ana Lima', email: 'ana@example.com', role: 'member' as const };
const workspace = { id: uuid(), name: 'Acme' };

/** The server's side of a sign-in, as the extension sees it: a start URL that redirects back, a token endpoint. */
function fakeSignInServer(options: { token?: string; refuseExchange?: string; refuseCode?: string } = {}) {
  const exchanged: { code: string; codeVerifier: string; deviceName: string }[] = [];
  const revoked: string[] = [];
  let started: URL | null = null;
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    if (url.pathname === '/v1/auth/token') {
      const body = JSON.parse(String(init.body));
      exchanged.push(body);
      if (options.refuseExchange) {
        return json(400, { error: { code: options.refuseCode ?? 'invalid_grant', message: options.refuseExchange } });
      }
      return json(200, { token: options.token ?? DEVICE_TOKEN, user, workspace });
    }
    if (url.pathname === '/v1/auth/signout') {
      revoked.push(new Headers(init.headers).get('authorization') ?? '');
      return new Response(null, { status: 204 });
    }
    if (url.pathname === '/v1/auth/config') {
      return json(200, {
        workspace: { name: 'Acme' },
        oidc: { providerName: 'Okta' },
        invites: true,
        tokenPaste: true,
      });
    }
    return json(404, { error: { code: 'not_found', message: 'no' } });
  };
  /** The web-auth window: the server signs the person in and redirects to the extension with a code and the state. */
  const launch = async (url: string) => {
    started = new URL(url);
    const state = started.searchParams.get('state') ?? '';
    return `${started.searchParams.get('redirect_uri')}?code=one-time-code&state=${encodeURIComponent(state)}`;
  };
  return { fetch, launch, exchanged, revoked, started: () => started };
}

describe('the sign-in flow', () => {
  it('makes an RFC 7636 S256 challenge', async () => {
    // BASE64URL(SHA-256(verifier)) without padding, checked against Node's own implementation.
    const verifier = 'dBjftJeZ4CVP-mJ92K9d2o8kUH4qNFHRfArq9Lf3tE0';
    expect(await challengeOf(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
    const one = await createPkce();
    const two = await createPkce();
    expect(one.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(one.verifier).not.toBe(two.verifier);
    expect(one.state).not.toBe(two.state);
  });

  it("opens the server's start URL with its own challenge and state, and exchanges the code with its verifier", async () => {
    const server = fakeSignInServer();
    const { createAuthApi } = await import('../../utils/auth/api.ts');
    const answer = await signIn(
      {
        serverUrl: `${SERVER}/`,
        redirectUrl: REDIRECT,
        launch: server.launch,
        api: createAuthApi({ fetch: server.fetch, serverUrl: SERVER }),
        deviceName: 'Chrome on Linux',
      },
      { kind: 'provider' },
    );
    expect(answer).toMatchObject({ token: DEVICE_TOKEN, user: { email: 'ana@example.com' } });
    const started = server.started() as URL | null;
    expect(started?.origin + (started?.pathname ?? '')).toBe(`${SERVER}/v1/auth/oidc/start`);
    expect(started?.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(started?.searchParams.get('code_challenge_method')).toBe('S256');
    const [exchange] = server.exchanged;
    expect(exchange).toMatchObject({ code: 'one-time-code', deviceName: 'Chrome on Linux' });
    // The challenge sent out is the verifier's: only this browser can exchange the code.
    expect(await challengeOf(exchange?.codeVerifier ?? '')).toBe(started?.searchParams.get('code_challenge'));
  });

  it('refuses an answer with another state, says why a provider refused, and never exchanges either', async () => {
    expect(shownBy(() => readCallback(`${REDIRECT}?code=c&state=other`, 'mine'))).toMatch(/did not match the sign-in/);
    try {
      readCallback(
        `${REDIRECT}?error=access_denied&error_description=ana%40other.com+is+not+allowed&state=mine`,
        'mine',
      );
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(SignInError);
      expect((error as SignInError).code).toBe('refused');
      // A code Hallway knows is said in the user's language; the server's words stand for one it does not know.
      expect(shown(error)).toBe('The sign-in was declined at the identity provider.');
    }
    expect(
      shownBy(() => readCallback(`${REDIRECT}?error=added_later&error_description=ana+is+away&state=mine`, 'mine')),
    ).toBe('The server did not sign you in: ana is away.');
    const server = fakeSignInServer();
    const { createAuthApi } = await import('../../utils/auth/api.ts');
    const attempt = signIn(
      {
        serverUrl: SERVER,
        redirectUrl: REDIRECT,
        launch: async () => `${REDIRECT}?code=stolen&state=forged`,
        api: createAuthApi({ fetch: server.fetch, serverUrl: SERVER }),
        deviceName: 'Chrome on Linux',
      },
      { kind: 'provider' },
    );
    await expect(attempt).rejects.toMatchObject({ code: 'state_mismatch' });
    expect(server.exchanged).toEqual([]);
  });

  it("tells a closed window and a refused exchange apart, with the server's reason", async () => {
    const { createAuthApi } = await import('../../utils/auth/api.ts');
    const closed = fakeSignInServer();
    await expect(
      signIn(
        {
          serverUrl: SERVER,
          redirectUrl: REDIRECT,
          launch: async () => {
            throw new Error('The user did not approve access.');
          },
          api: createAuthApi({ fetch: closed.fetch, serverUrl: SERVER }),
          deviceName: 'x',
        },
        { kind: 'provider' },
      ),
    ).rejects.toMatchObject({ code: 'cancelled' });
    const replayed = fakeSignInServer({ refuseExchange: 'This sign-in code was already used.' });
    await expect(
      signIn(
        {
          serverUrl: SERVER,
          redirectUrl: REDIRECT,
          launch: replayed.launch,
          api: createAuthApi({ fetch: replayed.fetch, serverUrl: SERVER }),
          deviceName: 'x',
        },
        { kind: 'provider' },
      ),
    ).rejects.toSatisfy(
      (error) => shown(error) === 'The server did not accept the sign-in: This sign-in code was already used.',
    );
    // A code Hallway knows is said by itself, in the user's language.
    const used = fakeSignInServer({ refuseExchange: 'this sign-in code was already used', refuseCode: 'code_used' });
    const refusal = await signIn(
      {
        serverUrl: SERVER,
        redirectUrl: REDIRECT,
        launch: used.launch,
        api: createAuthApi({ fetch: used.fetch, serverUrl: SERVER }),
        deviceName: 'x',
      },
      { kind: 'provider' },
    ).catch((error: unknown) => error);
    expect(shown(refusal)).toBe('This sign-in code was already used. Sign in again.');
    expect(await speaking('de', () => shown(refusal))).toBe(
      'Dieser Anmeldecode wurde schon verwendet. Melde dich erneut an.',
    );
  });

  it('reads the server and the secret from an invite link, and starts the invite page with them', async () => {
    // The contract's link: the server's public URL, /invite, the secret in the fragment.
    expect(parseInviteLink(inviteLink('https://hallway.example.com/', 's3cret/+'))).toEqual({
      serverUrl: 'https://hallway.example.com',
      invite: 's3cret/+',
    });
    expect(parseInviteLink(' https://corp.example/hallway/invite#invite=abc ')).toEqual({
      serverUrl: 'https://corp.example/hallway',
      invite: 'abc',
    });
    expect(parseInviteLink('https://hallway.example.com/invite/s3cret')).toEqual({
      serverUrl: 'https://hallway.example.com',
      invite: 's3cret',
    });
    expect(shownBy(() => parseInviteLink('s3cret'))).toMatch('Paste the whole invite link');
    expect(shownBy(() => parseInviteLink('https://hallway.example.com/teams'))).toMatch('not a Hallway invite');
    const pkce = { verifier: 'v', challenge: 'c', state: 's' };
    const url = new URL(startUrl('https://h.example/', { kind: 'invite', invite: 'abc' }, pkce, REDIRECT));
    expect(url.pathname).toBe('/v1/auth/invite/start');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      invite: 'abc',
      redirect_uri: REDIRECT,
      code_challenge: 'c',
      code_challenge_method: 'S256',
      state: 's',
    });
  });
});

describe('signing in and out in the background', () => {
  let db: HallwayDexie;
  beforeEach(async () => {
    fakeBrowser.reset();
    db = openDb(`sign-in-${uuid()}`, { indexedDB, IDBKeyRange });
  });

  const handlersFor = (server: ReturnType<typeof fakeSignInServer>, synced: string[] = []) =>
    createAuthHandlers({
      db,
      fetch: server.fetch,
      syncSoon: () => synced.push('sync'),
      forget: (discardUnsent) => disconnect(db, { discardUnsent, saveServerUrl: async () => undefined }),
      launch: server.launch,
      redirectUrl: () => REDIRECT,
      deviceName: async () => 'Chrome on Linux',
    });

  it('saves the device token and the server, shows name, email and role, and syncs at once', async () => {
    const server = fakeSignInServer();
    const synced: string[] = [];
    const me = await handlersFor(server, synced)['auth.signIn']({ kind: 'provider', serverUrl: `${SERVER}/` }, context);
    expect(me.user).toEqual({ ...user, status: 'active' });
    expect(await db.credentials.get('main')).toMatchObject({
      token: DEVICE_TOKEN,
      me: { user: { ...user, status: 'active' } },
    });
    expect((await loadSettings()).serverUrl).toBe(SERVER);
    expect(synced).toEqual(['sync']);
    // The token never reaches storage.local, which content scripts can read.
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(DEVICE_TOKEN);
  });

  it('signs in from an invite link: its server, the invite page, then the same exchange', async () => {
    const server = fakeSignInServer();
    await handlersFor(server)['auth.signIn']({ kind: 'invite', link: `${SERVER}/invite#invite=inv-secret` }, context);
    expect(server.started()?.pathname).toBe('/v1/auth/invite/start');
    expect(server.started()?.searchParams.get('invite')).toBe('inv-secret');
    expect((await loadSettings()).serverUrl).toBe(SERVER);
  });

  it("keeps a policy's locked server: an invite of another server is refused before any window opens", async () => {
    await fakeBrowser.storage.managed.set({ serverUrl: 'https://hallway.acme.example', serverUrlLocked: true });
    const server = fakeSignInServer();
    await expect(
      handlersFor(server)['auth.signIn']({ kind: 'invite', link: 'https://evil.example/invite#invite=x' }, context),
    ).rejects.toSatisfy((error) =>
      shown(error).startsWith('Your organization set Hallway to https://hallway.acme.example'),
    );
    expect(server.started()).toBeNull();
    expect(await db.credentials.count()).toBe(0);
  });

  it('signs out: asks first with unsent writes, then revokes the token on the server and forgets it here', async () => {
    const server = fakeSignInServer();
    const handlers = handlersFor(server);
    await handlers['auth.signIn']({ kind: 'provider', serverUrl: SERVER }, context);
    await performWrite(
      db,
      { kind: 'decision.create', data: { title: 'Unsent', decidedAt: new Date().toISOString(), decidedBy: 'Ana' } },
      { now: Date.now, newId: () => crypto.randomUUID(), actor: 'Ana' },
    );
    expect(await handlers['auth.signOut']({ discardUnsent: false }, context)).toEqual({ signedOut: false, unsent: 1 });
    expect(server.revoked).toEqual([]);
    expect(await db.credentials.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);

    expect(await handlers['auth.signOut']({ discardUnsent: true }, context)).toEqual({
      signedOut: true,
      revoked: true,
    });
    expect(server.revoked).toEqual([`Bearer ${DEVICE_TOKEN}`]);
    expect(await db.credentials.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    // The server stays: signing in again is one click.
    expect((await loadSettings()).serverUrl).toBe(SERVER);
  });

  it('signs out here even when the server is out of reach, and says the token was not revoked', async () => {
    const server = fakeSignInServer();
    await handlersFor(server)['auth.signIn']({ kind: 'provider', serverUrl: SERVER }, context);
    const offline = createAuthHandlers({
      db,
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      syncSoon: () => undefined,
      forget: (discardUnsent) => disconnect(db, { discardUnsent, saveServerUrl: async () => undefined }),
    });
    expect(await offline['auth.signOut']({ discardUnsent: false }, context)).toEqual({
      signedOut: true,
      revoked: false,
    });
    expect(await db.credentials.count()).toBe(0);
  });
});

describe('the outbox across sign-ins (an expired token, another person)', () => {
  let server: TestServer;
  beforeAll(async () => {
    const pglite = testDatabases.find((database) => database.name === 'pglite');
    if (!pglite) throw new Error('PGlite test database missing');
    server = await startTestServer(pglite, { tokenCacheMs: 0 });
  });
  afterAll(() => server?.close());

  it('shows "Sign in again", keeps the writes, and sends them once the person is back', async () => {
    fakeBrowser.reset();
    const space = await server.workspace();
    const now = new Date();
    const first = await createUserToken(server.db, { workspaceId: space.id, name: 'Ana Lima', role: 'member', now });
    // Signing in again is the same person: a new device token of Ana's own user.
    const second = {
      token: await createDeviceToken(server.db, {
        workspaceId: space.id,
        userId: first.userId,
        name: 'Chrome on Linux',
        now,
      }),
      userId: first.userId,
    };
    const db = openDb(`expired-${uuid()}`, { indexedDB, IDBKeyRange });
    const toServer: FetchLike = async (input, { signal: _signal, ...init }) => {
      const url = new URL(input);
      if (url.pathname === '/v1/auth/token') {
        return json(200, {
          token: second.token,
          user: { id: second.userId, name: 'Ana Lima', email: 'ana@example.com', role: 'member' },
          workspace: { id: space.id, name: 'Test workspace' },
        });
      }
      return server.app.request(`${url.pathname}${url.search}`, init);
    };
    await saveSettings({ serverUrl: SERVER });
    await db.credentials.put({ id: 'main', token: first.token, me: null });
    const engine = createSyncEngine({ db, fetch: toServer, connection: () => readConnection(db) });
    expect((await engine.syncOnce()).kind).toBe('done');

    await performWrite(
      db,
      {
        kind: 'decision.create',
        data: { title: 'Written before expiry', decidedAt: now.toISOString(), decidedBy: 'x' },
      },
      { now: Date.now, newId: () => crypto.randomUUID(), actor: 'Ana' },
    );
    await revokeToken(server.db, first.id, new Date());
    expect(await engine.syncOnce()).toEqual({ kind: 'unauthorized' });
    expect((await db.syncState.get('main'))?.status).toBe('reconnect');
    expect(await db.outbox.where('status').equals('pending').count()).toBe(1);

    const launch = async (url: string) => {
      const state = new URL(url).searchParams.get('state') ?? '';
      return `${REDIRECT}?code=c&state=${state}`;
    };
    await createAuthHandlers({
      db,
      fetch: toServer,
      syncSoon: () => undefined,
      forget: async () => ({ disconnected: true }),
      launch,
      redirectUrl: () => REDIRECT,
      deviceName: async () => 'Chrome on Linux',
    })['auth.signIn']({ kind: 'provider' }, context);
    expect(await db.outbox.count()).toBe(1);
    expect((await engine.syncOnce()).kind).toBe('done');
    expect(await db.outbox.where('status').equals('pending').count()).toBe(0);
    const decisions = await space.admin.get('/v1/decisions');
    expect(JSON.stringify(decisions.body)).toContain('Written before expiry');
  });

  it('says an admin deactivated the account, keeps the writes, and sends them once an admin reactivates it', async () => {
    fakeBrowser.reset();
    const space = await server.workspace();
    const now = new Date();
    const ana = await createUserToken(server.db, { workspaceId: space.id, name: 'Ana Lima', role: 'member', now });
    const db = openDb(`deactivated-${uuid()}`, { indexedDB, IDBKeyRange });
    const toServer: FetchLike = async (input, { signal: _signal, ...init }) => {
      const url = new URL(input);
      return server.app.request(`${url.pathname}${url.search}`, init);
    };
    await saveSettings({ serverUrl: SERVER });
    await db.credentials.put({ id: 'main', token: ana.token, me: null });
    const engine = createSyncEngine({ db, fetch: toServer, connection: () => readConnection(db) });
    expect((await engine.syncOnce()).kind).toBe('done');
    await performWrite(
      db,
      { kind: 'decision.create', data: { title: 'Queued by Ana', decidedAt: now.toISOString(), decidedBy: 'x' } },
      { now: Date.now, newId: () => crypto.randomUUID(), actor: 'Ana Lima' },
    );

    expect((await space.admin.patch(`/v1/people/${ana.userId}`, { status: 'deactivated' })).status).toBe(200);
    expect(await engine.syncOnce()).toEqual({ kind: 'unauthorized' });
    const state = await db.syncState.get('main');
    expect(state).toMatchObject({ status: 'reconnect', lastError: { code: 'account_deactivated' } });
    if (!state) throw new Error('no sync state');
    // The reason is the real one, not "expired or revoked": signing in again would not help until an admin acts.
    expect(summarizeSync(state, { pending: 1, rejected: 0, conflict: 0 }, Date.now()).detail).toMatch(
      /^An admin of this workspace deactivated your account: ask them to reactivate it, then sign in again\. 1 change/,
    );
    expect(await db.outbox.where('status').equals('pending').count()).toBe(1);
    expect(await space.admin.get('/v1/decisions').then((answer) => JSON.stringify(answer.body))).not.toContain(
      'Queued by Ana',
    );

    expect((await space.admin.patch(`/v1/people/${ana.userId}`, { status: 'active' })).status).toBe(200);
    expect((await engine.syncOnce()).kind).toBe('done');
    expect(await db.outbox.count()).toBe(0);
    expect(
      await server.db.query<{ decided_by: string }>('SELECT decided_by FROM decisions WHERE title = $1', [
        'Queued by Ana',
      ]),
    ).toEqual([{ decided_by: 'Ana Lima' }]);
  });

  it("never sends the previous person's writes as someone else: kept aside, sent once that person is back", async () => {
    fakeBrowser.reset();
    const space = await server.workspace();
    const now = new Date();
    const ana = await createUserToken(server.db, { workspaceId: space.id, name: 'Ana Lima', role: 'member', now });
    const bea = await createUserToken(server.db, { workspaceId: space.id, name: 'Bea Novak', role: 'member', now });
    const anaBack = await createDeviceToken(server.db, {
      workspaceId: space.id,
      userId: ana.userId,
      name: 'Chrome on Linux',
      now,
    });
    const db = openDb(`another-${uuid()}`, { indexedDB, IDBKeyRange });
    /** Who the sign-in window signs in next: the server's answer to the code exchange. */
    let next = { token: bea.token, user: { id: bea.userId, name: 'Bea Novak', email: 'bea@example.com' } };
    const toServer: FetchLike = async (input, { signal: _signal, ...init }) => {
      const url = new URL(input);
      if (url.pathname === '/v1/auth/token') {
        return json(200, {
          token: next.token,
          user: { ...next.user, role: 'member' },
          workspace: { id: space.id, name: 'Test workspace' },
        });
      }
      return server.app.request(`${url.pathname}${url.search}`, init);
    };
    await saveSettings({ serverUrl: SERVER });
    await db.credentials.put({ id: 'main', token: ana.token, me: null });
    const engine = createSyncEngine({ db, fetch: toServer, connection: () => readConnection(db) });
    expect((await engine.syncOnce()).kind).toBe('done');
    await performWrite(
      db,
      { kind: 'decision.create', data: { title: 'Ana decided this', decidedAt: now.toISOString(), decidedBy: 'x' } },
      { now: Date.now, newId: () => crypto.randomUUID(), actor: 'Ana Lima' },
    );
    await revokeToken(server.db, ana.id, new Date());
    expect(await engine.syncOnce()).toEqual({ kind: 'unauthorized' });

    const signIn = createAuthHandlers({
      db,
      fetch: toServer,
      syncSoon: () => undefined,
      forget: async () => ({ disconnected: true }),
      launch: async (url) => `${REDIRECT}?code=c&state=${new URL(url).searchParams.get('state') ?? ''}`,
      redirectUrl: () => REDIRECT,
      deviceName: async () => 'Chrome on Linux',
    })['auth.signIn'];
    await signIn({ kind: 'provider' }, context);
    expect((await engine.syncOnce()).kind).toBe('done');
    const decidedBy = async () =>
      (
        await server.db.query<{ decided_by: string }>('SELECT decided_by FROM decisions WHERE title = $1', [
          'Ana decided this',
        ])
      ).map((row) => row.decided_by);
    // Bea's sign-in sent nothing of Ana's: the write waits aside, named as Ana's, and Bea's mirror does not show it.
    expect(await decidedBy()).toEqual([]);
    expect((await db.outbox.toArray()).map((row) => ({ status: row.status, by: row.author?.name }))).toEqual([
      { status: 'aside', by: 'Ana Lima' },
    ]);
    expect(await db.decisions.filter((decision) => decision.title === 'Ana decided this').count()).toBe(0);
    // Signing out asks about it like any unsent write; nothing is dropped unasked.
    expect(await db.outbox.count()).toBe(1);

    next = { token: anaBack, user: { id: ana.userId, name: 'Ana Lima', email: 'ana@example.com' } };
    await signIn({ kind: 'provider' }, context);
    expect((await engine.syncOnce()).kind).toBe('done');
    expect(await decidedBy()).toEqual(['Ana Lima']);
    expect(await db.outbox.count()).toBe(0);
  });

  it("sends a write made before the server ever confirmed the token as the token's person, once the server names them", async () => {
    fakeBrowser.reset();
    const space = await server.workspace();
    const now = new Date();
    const ana = await createUserToken(server.db, { workspaceId: space.id, name: 'Ana Lima', role: 'member', now });
    const bea = await createUserToken(server.db, { workspaceId: space.id, name: 'Bea Novak', role: 'member', now });
    const carl = await createUserToken(server.db, { workspaceId: space.id, name: 'Carl Ito', role: 'member', now });
    const anaBack = await createDeviceToken(server.db, {
      workspaceId: space.id,
      userId: ana.userId,
      name: 'Chrome on Linux',
      now,
    });
    const db = openDb(`unconfirmed-${uuid()}`, { indexedDB, IDBKeyRange });
    let reachable = true;
    let next = { token: bea.token, user: { id: bea.userId, name: 'Bea Novak', email: 'bea@example.com' } };
    const toServer: FetchLike = async (input, { signal: _signal, ...init }) => {
      if (!reachable) throw new TypeError('Failed to fetch');
      const url = new URL(input);
      if (url.pathname === '/v1/auth/token') {
        return json(200, {
          token: next.token,
          user: { ...next.user, role: 'member' },
          workspace: { id: space.id, name: 'Test workspace' },
        });
      }
      return server.app.request(`${url.pathname}${url.search}`, init);
    };
    const env = { now: Date.now, newId: () => crypto.randomUUID(), actor: 'x' };
    const decide = (title: string) =>
      performWrite(db, { kind: 'decision.create', data: { title, decidedAt: now.toISOString(), decidedBy: 'x' } }, env);
    const decidedBy = async (title: string) =>
      (await server.db.query<{ decided_by: string }>('SELECT decided_by FROM decisions WHERE title = $1', [title])).map(
        (row) => row.decided_by,
      );
    const outbox = async () =>
      (await db.outbox.toArray()).map((row) => ({ status: row.status, by: row.author?.name ?? null }));
    await saveSettings({ serverUrl: SERVER });
    const engine = createSyncEngine({ db, fetch: toServer, connection: () => readConnection(db) });
    const signIn = createAuthHandlers({
      db,
      fetch: toServer,
      syncSoon: () => undefined,
      forget: async () => ({ disconnected: true }),
      launch: async (url) => `${REDIRECT}?code=c&state=${new URL(url).searchParams.get('state') ?? ''}`,
      redirectUrl: () => REDIRECT,
      deviceName: async () => 'Chrome on Linux',
    })['auth.signIn'];

    // Carl, confirmed, leaves a write behind; then Ana's token is stored and used offline before any pass confirmed it.
    await saveCredentials(db, carl.token, null);
    expect((await engine.syncOnce()).kind).toBe('done');
    reachable = false;
    await decide('Carl wrote this');
    await saveCredentials(db, ana.token, null);
    await decide('Ana wrote this before anyone confirmed her token');
    expect(await outbox()).toEqual([
      { status: 'pending', by: 'Carl Ito' },
      { status: 'pending', by: null },
    ]);

    // Bea signs in on this browser: Ana's unconfirmed write is never sent as Bea's. The server, asked about the token
    // it was made under, names Ana: it waits aside as hers.
    reachable = true;
    await signIn({ kind: 'provider' }, context);
    expect((await engine.syncOnce()).kind).toBe('done');
    expect(await decidedBy('Ana wrote this before anyone confirmed her token')).toEqual([]);
    expect(await decidedBy('Carl wrote this')).toEqual([]);
    expect(await outbox()).toEqual([
      { status: 'aside', by: 'Carl Ito' },
      { status: 'aside', by: 'Ana Lima' },
    ]);

    // Ana signs in (a new device token of hers): her write goes, once, as hers; Carl's stays aside.
    next = { token: anaBack, user: { id: ana.userId, name: 'Ana Lima', email: 'ana@example.com' } };
    await signIn({ kind: 'provider' }, context);
    expect((await engine.syncOnce()).kind).toBe('done');
    expect((await engine.syncOnce()).kind).toBe('done');
    expect(await decidedBy('Ana wrote this before anyone confirmed her token')).toEqual(['Ana Lima']);
    expect(await decidedBy('Carl wrote this')).toEqual([]);
    expect(await outbox()).toEqual([{ status: 'aside', by: 'Carl Ito' }]);
  });

  it('keeps a write of a token no one ever confirmed aside when the server no longer accepts that token', async () => {
    fakeBrowser.reset();
    const space = await server.workspace();
    const now = new Date();
    const ana = await createUserToken(server.db, { workspaceId: space.id, name: 'Ana Lima', role: 'member', now });
    const bea = await createUserToken(server.db, { workspaceId: space.id, name: 'Bea Novak', role: 'member', now });
    const db = openDb(`unconfirmed-revoked-${uuid()}`, { indexedDB, IDBKeyRange });
    const toServer: FetchLike = async (input, { signal: _signal, ...init }) => {
      const url = new URL(input);
      return server.app.request(`${url.pathname}${url.search}`, init);
    };
    await saveSettings({ serverUrl: SERVER });
    await saveCredentials(db, ana.token, null);
    await performWrite(
      db,
      { kind: 'decision.create', data: { title: 'Whose is this', decidedAt: now.toISOString(), decidedBy: 'x' } },
      { now: Date.now, newId: () => crypto.randomUUID(), actor: 'x' },
    );
    await revokeToken(server.db, ana.id, new Date());
    const me = await createSyncApi({ fetch: toServer, connection: { serverUrl: SERVER, token: bea.token } }).me();
    await saveCredentials(db, bea.token, me);
    const engine = createSyncEngine({ db, fetch: toServer, connection: () => readConnection(db) });
    expect((await engine.syncOnce()).kind).toBe('done');
    expect((await engine.syncOnce()).kind).toBe('done');
    // Nobody can say whose it is: never sent as Bea's, kept for its author (or a discard).
    expect((await server.db.query('SELECT 1 FROM decisions WHERE title = $1', ['Whose is this'])).length).toBe(0);
    expect((await db.outbox.toArray()).map((row) => row.status)).toEqual(['aside']);
  });

  it("never takes a write made under the development build's token for the next person's", async () => {
    fakeBrowser.reset();
    const space = await server.workspace();
    const now = new Date();
    const ana = await createUserToken(server.db, { workspaceId: space.id, name: 'Ana Lima', role: 'member', now });
    const bea = await createUserToken(server.db, { workspaceId: space.id, name: 'Bea Novak', role: 'member', now });
    const db = openDb(`dev-token-${uuid()}`, { indexedDB, IDBKeyRange });
    const toServer: FetchLike = async (input, { signal: _signal, ...init }) => {
      const url = new URL(input);
      return server.app.request(`${url.pathname}${url.search}`, init);
    };
    await saveSettings({ serverUrl: SERVER });
    // No stored credentials: the build's own token is in use (readConnection falls back to it).
    await performWrite(
      db,
      {
        kind: 'decision.create',
        data: { title: 'Made with the dev token', decidedAt: now.toISOString(), decidedBy: 'x' },
      },
      { now: Date.now, newId: () => crypto.randomUUID(), actor: 'x' },
    );
    const me = (token: string) => createSyncApi({ fetch: toServer, connection: { serverUrl: SERVER, token } }).me();
    await replaceCredentials(db, bea.token, await me(bea.token), { token: ana.token, serverUrl: SERVER });
    const engine = createSyncEngine({ db, fetch: toServer, connection: () => readConnection(db) });
    expect((await engine.syncOnce()).kind).toBe('done');
    const decidedBy = async () =>
      (
        await server.db.query<{ decided_by: string }>('SELECT decided_by FROM decisions WHERE title = $1', [
          'Made with the dev token',
        ])
      ).map((row) => row.decided_by);
    expect(await decidedBy()).toEqual([]);
    expect((await db.outbox.toArray()).map((row) => ({ status: row.status, by: row.author?.name }))).toEqual([
      { status: 'aside', by: 'Ana Lima' },
    ]);
  });

  it('asks about a token kept from another server only while connected to that server', async () => {
    fakeBrowser.reset();
    const space = await server.workspace();
    const now = new Date();
    const ana = await createUserToken(server.db, { workspaceId: space.id, name: 'Ana Lima', role: 'member', now });
    const bea = await createUserToken(server.db, { workspaceId: space.id, name: 'Bea Novak', role: 'member', now });
    const db = openDb(`kept-elsewhere-${uuid()}`, { indexedDB, IDBKeyRange });
    const hosts: string[] = [];
    const toServer: FetchLike = async (input, { signal: _signal, ...init }) => {
      const url = new URL(input);
      hosts.push(url.host);
      return server.app.request(`${url.pathname}${url.search}`, init);
    };
    await saveSettings({ serverUrl: SERVER });
    await performWrite(
      db,
      { kind: 'decision.create', data: { title: 'Made elsewhere', decidedAt: now.toISOString(), decidedBy: 'x' } },
      { now: Date.now, newId: () => crypto.randomUUID(), actor: 'x' },
    );
    const me = await createSyncApi({ fetch: toServer, connection: { serverUrl: SERVER, token: bea.token } }).me();
    await replaceCredentials(db, bea.token, me, { token: ana.token, serverUrl: 'http://elsewhere.test' });
    const engine = createSyncEngine({ db, fetch: toServer, connection: () => readConnection(db) });
    expect((await engine.syncOnce()).kind).toBe('done');
    expect(hosts.filter((host) => host !== 'hallway.test')).toEqual([]);
    expect((await db.outbox.toArray()).map((row) => ({ status: row.status, by: row.author?.name }))).toEqual([
      { status: 'aside', by: '' },
    ]);
    expect(await db.keptTokens.count()).toBe(1);
  });

  it("keeps writes aside when a pasted token is another person's, and in another workspace", async () => {
    fakeBrowser.reset();
    const space = await server.workspace();
    const other = await server.workspace();
    const now = new Date();
    const ana = await createUserToken(server.db, { workspaceId: space.id, name: 'Ana Lima', role: 'member', now });
    const bea = await createUserToken(server.db, { workspaceId: space.id, name: 'Bea Novak', role: 'member', now });
    const elsewhere = await createUserToken(server.db, {
      workspaceId: other.id,
      name: 'Ana Lima',
      role: 'member',
      now,
    });
    const db = openDb(`pasted-${uuid()}`, { indexedDB, IDBKeyRange });
    const toServer: FetchLike = async (input, { signal: _signal, ...init }) => {
      const url = new URL(input);
      return server.app.request(`${url.pathname}${url.search}`, init);
    };
    const decided = { decidedAt: now.toISOString(), decidedBy: 'x' };
    expect((await other.admin.post('/v1/decisions', { title: 'Only in the other workspace', ...decided })).status).toBe(
      201,
    );
    expect((await space.admin.post('/v1/decisions', { title: 'Only in the first workspace', ...decided })).status).toBe(
      201,
    );
    await saveSettings({ serverUrl: SERVER });
    await saveCredentials(db, ana.token, null);
    const engine = createSyncEngine({ db, fetch: toServer, connection: () => readConnection(db) });
    expect((await engine.syncOnce()).kind).toBe('done');
    await performWrite(
      db,
      { kind: 'decision.create', data: { title: 'Pasted away', decidedAt: now.toISOString(), decidedBy: 'x' } },
      { now: Date.now, newId: () => crypto.randomUUID(), actor: 'Ana Lima' },
    );
    const sent = async () =>
      (await server.db.query('SELECT 1 FROM decisions WHERE title = $1', ['Pasted away'])).length;

    // The options' token paste, with another person's token: nothing goes.
    const me = (token: string) => createSyncApi({ fetch: toServer, connection: { serverUrl: SERVER, token } }).me();
    await saveCredentials(db, bea.token, await me(bea.token));
    expect((await engine.syncOnce()).kind).toBe('done');
    expect(await sent()).toBe(0);
    // Another workspace: the same name is not the same person. And its mirror is its own: nothing of the first
    // workspace stays in view, and all of the other one arrives.
    const titles = async () => (await db.decisions.toArray()).map((decision) => decision.title);
    expect(await titles()).toContain('Only in the first workspace');
    await saveCredentials(db, elsewhere.token, await me(elsewhere.token));
    expect((await engine.syncOnce()).kind).toBe('done');
    expect(await sent()).toBe(0);
    expect((await db.outbox.toArray()).map((row) => row.status)).toEqual(['aside']);
    expect(await titles()).toEqual(['Only in the other workspace']);
  });
});

describe('device names', () => {
  it("lists a sign-in's device in the user's language and a name someone gave as it is", async () => {
    const name = deviceNameOf('Chrome', 'linux');
    // The server keeps the English name (API users, the CLI); the extension says it from its parts.
    expect(name).toBe('Chrome on Linux');
    expect(sayText(deviceLabel({ name, kind: 'device' }))).toBe('Chrome on Linux');
    expect(await speaking('de', () => sayText(deviceLabel({ name, kind: 'device' })))).toBe('Chrome unter Linux');
    expect(
      await speaking('de', () => sayText(deviceLabel({ name: deviceNameOf('Firefox', 'mac'), kind: 'device' }))),
    ).toBe('Firefox unter macOS');
    // An API token's name is a person's: never reworded, even when it reads like one Hallway makes.
    expect(await speaking('de', () => sayText(deviceLabel({ name: 'CI bot on Linux', kind: 'api' })))).toBe(
      'CI bot on Linux',
    );
    expect(await speaking('de', () => sayText(deviceLabel({ name: 'Build box on Plan9', kind: 'device' })))).toBe(
      'Build box on Plan9',
    );
  });
});
