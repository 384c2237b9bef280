import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startOidcProvider, type TestProvider } from '../../tests/support/oidc-provider.ts';
import { zCreatedInvite, zDecision, zMe, zPerson, zSignedIn } from '../../utils/contract.ts';
import { createApp } from '../app.ts';
import type { OidcSettings } from '../auth/settings.ts';
import { testDatabases } from '../testing/databases.ts';
import {
  CALLBACK_URL,
  CHROME_EXTENSION_ID,
  CHROME_REDIRECT,
  exchange,
  extensionSecrets,
  locationOf,
  PUBLIC_URL,
  signInThroughProvider,
  startQuery,
} from '../testing/sign-in.ts';
import { startTestServer, type TestServer, type TestWorkspace } from '../testing/test-server.ts';

const CLIENT = { clientId: 'hallway', clientSecret: 'hallway-test-secret', redirectUris: [CALLBACK_URL] };
const accounts = [
  { id: 'bo', email: 'bo@acme.test', name: 'Bo Berg', groups: ['engineering'] },
  { id: 'cy', email: 'cy@acme.test', name: 'Cy', groups: ['hallway-admins', 'engineering'] },
  { id: 'nogroup', email: 'nogroup@acme.test', name: 'No Group' },
  { id: 'eve', email: 'eve@elsewhere.test', name: 'Eve' },
  { id: 'una', email: 'una@acme.test', name: 'Una', emailVerified: false },
  { id: 'noemail', name: 'No Email' },
];

const settingsFor = (issuer: string, overrides: Partial<OidcSettings> = {}): OidcSettings => ({
  issuer: new URL(issuer),
  clientId: CLIENT.clientId,
  clientSecret: CLIENT.clientSecret,
  providerName: 'Acme SSO',
  scopes: 'openid email profile groups',
  allowedDomains: ['acme.test'],
  requireVerifiedEmail: true,
  groupsClaim: 'groups',
  groupRoles: { admin: ['hallway-admins'], member: ['engineering'], viewer: [] },
  defaultRole: 'viewer',
  timeoutSeconds: 1,
  clockToleranceSeconds: 30,
  ...overrides,
});

describe.each(testDatabases)("the provider's answers on $name", (database) => {
  let server: TestServer;
  let ws: TestWorkspace;
  const providers: TestProvider[] = [];
  let provider: TestProvider;
  const appWith = (oidc: OidcSettings, workspaceId = ws.id) =>
    createApp({
      db: server.db,
      rateLimit: false,
      auth: { publicUrl: PUBLIC_URL, workspaceId, oidc, extensionIds: [CHROME_EXTENSION_ID] },
    });
  const start = async (options: Parameters<typeof startOidcProvider>[0] = { accounts, clients: [CLIENT] }) => {
    const started = await startOidcProvider(options);
    providers.push(started);
    return started;
  };
  /** The extension's redirect of a finished sign-in: its error, or its code. */
  const outcome = (redirect: URL) => ({
    error: redirect.searchParams.get('error'),
    description: redirect.searchParams.get('error_description'),
    code: redirect.searchParams.get('code'),
  });
  const signedIn = async (app: ReturnType<typeof createApp>, login: string) => {
    const { secrets, redirect } = await signInThroughProvider(app, login);
    const response = await exchange(app, redirect.searchParams.get('code') ?? '', secrets.verifier);
    expect(response.status).toBe(200);
    return zSignedIn.parse(await response.json());
  };

  beforeAll(async () => {
    [server, provider] = await Promise.all([startTestServer(database), start()]);
    ws = await server.workspace();
  });
  afterAll(async () => {
    await Promise.all(providers.map((each) => each.stop()));
    await server?.close();
  });

  it('refuses an email outside the allowed domains, an unverified one and none, back at the extension', async () => {
    const app = appWith(settingsFor(provider.issuer));
    for (const [login, error] of [
      ['eve', 'email_domain_not_allowed'],
      ['una', 'email_not_verified'],
      ['noemail', 'email_not_verified'],
    ] as const) {
      const { secrets, redirect } = await signInThroughProvider(app, login);
      expect(`${redirect.origin}/`).toBe(CHROME_REDIRECT);
      expect(redirect.searchParams.get('state')).toBe(secrets.state);
      expect(outcome(redirect), login).toMatchObject({ error, code: null });
    }
    // Nobody was created for them.
    const people = (await ws.admin.get('/v1/people')).body as { data: { email: string | null }[] };
    expect(people.data.map((person) => person.email)).not.toContain('eve@elsewhere.test');
    expect(people.data.map((person) => person.email)).not.toContain('una@acme.test');
    // With `*` any verified email may sign in; without the verified requirement, Una may too.
    const open = appWith(settingsFor(provider.issuer, { allowedDomains: ['*'], requireVerifiedEmail: false }));
    expect(outcome((await signInThroughProvider(open, 'eve')).redirect).code).toBeTruthy();
    expect(outcome((await signInThroughProvider(open, 'una')).redirect).code).toBeTruthy();
  });

  it('gives the role of the highest mapped group, the default without one, and follows the groups at every sign-in', async () => {
    const team = await server.workspace();
    const app = appWith(settingsFor(provider.issuer), team.id);
    expect((await signedIn(app, 'cy')).user.role).toBe('admin');
    expect((await signedIn(app, 'nogroup')).user.role).toBe('viewer');
    const bo = await signedIn(app, 'bo');
    expect(bo.user.role).toBe('member');
    // An admin lowers Bo; the provider's groups say member, and the next sign-in says so again.
    await team.admin.patch(`/v1/people/${bo.user.id}`, { role: 'viewer' });
    expect(zMe.parse((await server.client(bo.token).get('/v1/me')).body).user.role).toBe('viewer');
    const again = await signedIn(app, 'bo');
    expect(again.user).toMatchObject({ id: bo.user.id, role: 'member' });
    // Without a groups claim mapping, the admin's choice stays.
    const unmapped = appWith(settingsFor(provider.issuer, { groupsClaim: undefined }), team.id);
    await team.admin.patch(`/v1/people/${bo.user.id}`, { role: 'viewer' });
    expect((await signedIn(unmapped, 'bo')).user.role).toBe('viewer');
  });

  it("records the session's person on what they write, never the body's name", async () => {
    const team = await server.workspace();
    const bo = await signedIn(appWith(settingsFor(provider.issuer), team.id), 'bo');
    const posted = await server.client(bo.token).post('/v1/decisions', {
      title: 'Use Stripe',
      decidedAt: '2026-01-01T00:00:00Z',
      decidedBy: 'CEO',
    });
    expect(posted.status).toBe(201);
    expect(zDecision.parse(posted.body).decidedBy).toBe('Bo Berg');
  });

  it('signs people in to its own workspace only: another workspace keeps its people', async () => {
    const mine = await server.workspace();
    const theirs = await server.workspace();
    const bo = await signedIn(appWith(settingsFor(provider.issuer), mine.id), 'bo');
    expect(bo.workspace.id).toBe(mine.id);
    const theirPeople = (await theirs.admin.get('/v1/people')).body as { data: unknown[] };
    expect(theirPeople.data.map((person) => zPerson.parse(person).email)).not.toContain('bo@acme.test');
    expect((await theirs.admin.patch(`/v1/people/${bo.user.id}`, { status: 'deactivated' })).status).toBe(404);
  });

  it("never links a provider's sign-in to an invite's person who typed the same email; an invite cannot take it either", async () => {
    const team = await server.workspace();
    const app = appWith(settingsFor(provider.issuer), team.id);
    const made = zCreatedInvite.parse((await team.admin.post('/v1/invites', { role: 'member', maxUses: 3 })).body);
    const secret = new URLSearchParams(new URL(made.url).hash.slice(1)).get('invite') ?? '';
    const redeem = async (name: string, email: string) => {
      const secrets = extensionSecrets();
      const page = await app.request(`/v1/auth/invite/start?${startQuery(secrets)}&invite=${secret}`);
      const state = /name="state" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      const done = await app.request('/v1/auth/invite/complete', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ state, name, email }).toString(),
      });
      return { secrets, done };
    };
    // Someone with the invite types Bo's email (nobody verified it) and keeps the device token.
    const typed = await redeem('Mallory', 'bo@acme.test');
    const code = locationOf(typed.done).searchParams.get('code') ?? '';
    const mallory = zSignedIn.parse(await (await exchange(app, code, typed.secrets.verifier)).json());
    // Bo signs in through the company's provider: refused, not linked to Mallory's person.
    const refused = outcome((await signInThroughProvider(app, 'bo')).redirect);
    expect(refused).toMatchObject({ error: 'email_taken_unverified', code: null });
    expect(refused.description).toContain('admin');
    expect(zMe.parse((await server.client(mallory.token).get('/v1/me')).body).user).toMatchObject({
      id: mallory.user.id,
      name: 'Mallory',
    });
    // An admin deactivates that person; Bo's next sign-in makes Bo a person of their own, with the email.
    await team.admin.patch(`/v1/people/${mallory.user.id}`, { status: 'deactivated' });
    const bo = await signedIn(app, 'bo');
    expect(bo.user).toMatchObject({ name: 'Bo Berg', email: 'bo@acme.test' });
    expect(bo.user.id).not.toBe(mallory.user.id);
    expect((await server.client(mallory.token).get('/v1/me')).status).toBe(401);
    // An invite cannot take the email of a person the provider verified.
    const again = await redeem('Mallory again', 'BO@acme.test');
    expect(again.done.status).toBe(409);
    expect(await again.done.text()).toContain('already has this email');
    // A provider-verified person is still found by email from another issuer (a company moving its provider).
    const moved = await start();
    expect((await signedIn(appWith(settingsFor(moved.issuer), team.id), 'bo')).user.id).toBe(bo.user.id);
  });

  it('refuses the sign-in of a deactivated person', async () => {
    const team = await server.workspace();
    const app = appWith(settingsFor(provider.issuer), team.id);
    const bo = await signedIn(app, 'bo');
    await team.admin.patch(`/v1/people/${bo.user.id}`, { status: 'deactivated' });
    expect(outcome((await signInThroughProvider(app, 'bo')).redirect).error).toBe('account_deactivated');
  });

  it('answers provider_unavailable when the provider is down, at the start or at the callback', async () => {
    const down = appWith(settingsFor(`http://127.0.0.1:${await freePort()}`));
    const secrets = extensionSecrets();
    const redirect = locationOf(await down.request(`/v1/auth/oidc/start?${startQuery(secrets)}`));
    expect(`${redirect.origin}/`).toBe(CHROME_REDIRECT);
    expect(outcome(redirect).error).toBe('provider_unavailable');
    expect(redirect.searchParams.get('state')).toBe(secrets.state);

    // Up for the start, gone before the code is exchanged.
    const brief = await start();
    const app = appWith(settingsFor(brief.issuer));
    const started = locationOf(await app.request(`/v1/auth/oidc/start?${startQuery(extensionSecrets())}`));
    const { signInAtProvider } = await import('../../tests/support/oidc-provider.ts');
    const callback = await signInAtProvider(started.toString(), 'bo');
    await brief.stop();
    const finished = locationOf(await app.request(`${callback.pathname}${callback.search}`));
    expect(outcome(finished).error).toBe('provider_unavailable');
  });

  it('answers provider_unavailable when the provider is slower than the timeout', async () => {
    const slow = await start({ accounts, clients: [CLIENT], tokenDelayMs: 5000 });
    const { redirect } = await signInThroughProvider(appWith(settingsFor(slow.issuer, { timeoutSeconds: 0.5 })), 'bo');
    expect(outcome(redirect)).toMatchObject({ error: 'provider_unavailable', code: null });
  });

  it('refuses an ID token from a provider whose clock is off beyond the tolerance, accepts one within it', async () => {
    const ahead = await start({ accounts, clients: [CLIENT], clockOffsetSeconds: 600 });
    const early = (await signInThroughProvider(appWith(settingsFor(ahead.issuer)), 'bo')).redirect;
    expect(outcome(early).error).toBe('id_token_invalid');
    // Two hours behind: the ID token (valid for one hour) has expired when it arrives.
    const behind = await start({ accounts, clients: [CLIENT], clockOffsetSeconds: -7200 });
    const late = (await signInThroughProvider(appWith(settingsFor(behind.issuer)), 'bo')).redirect;
    expect(outcome(late).error).toBe('id_token_invalid');
    const slightly = await start({ accounts, clients: [CLIENT], clockOffsetSeconds: 10 });
    const accepted = (await signInThroughProvider(appWith(settingsFor(slightly.issuer)), 'bo')).redirect;
    expect(outcome(accepted).code).toBeTruthy();
  });

  it('answers access_denied when the person cancels at the provider', async () => {
    const app = appWith(settingsFor(provider.issuer));
    const secrets = extensionSecrets();
    const started = locationOf(await app.request(`/v1/auth/oidc/start?${startQuery(secrets)}`));
    // The provider's answer to a cancelled sign-in: the error and the server's state, back at the callback.
    const cancelled = new URL(CALLBACK_URL);
    cancelled.searchParams.set('error', 'access_denied');
    cancelled.searchParams.set('state', started.searchParams.get('state') ?? '');
    cancelled.searchParams.set('iss', provider.issuer);
    const redirect = locationOf(await app.request(`${cancelled.pathname}${cancelled.search}`));
    expect(outcome(redirect).error).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe(secrets.state);
  });
});
