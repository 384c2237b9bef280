import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtProvider, startOidcProvider, type TestProvider } from '../../tests/support/oidc-provider.ts';
import { zApiError, zAuthConfig, zMe, zSignedIn } from '../../utils/contract.ts';
import { type AppOptions, createApp } from '../app.ts';
import type { OidcSettings } from '../auth/settings.ts';
import { hashToken } from '../domain/tokens.ts';
import { testDatabases } from '../testing/databases.ts';
import { serveApp } from '../testing/live.ts';
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

const errorCode = (body: unknown) => zApiError.parse(body).error.code;
const CLIENT = { clientId: 'hallway', clientSecret: 'hallway-test-secret', redirectUris: [CALLBACK_URL] };

const accounts = [
  { id: 'ana', email: 'Ana@Acme.test', name: 'Ana Lima', groups: ['hallway-admins'] },
  { id: 'bo', email: 'bo@acme.test', name: 'Bo Berg', groups: ['engineering'] },
  { id: 'vic', email: 'vic@acme.test', name: 'Vic Viewer', groups: ['contractors'] },
  { id: 'eve', email: 'eve@elsewhere.test', name: 'Eve' },
  { id: 'una', email: 'una@acme.test', name: 'Una', emailVerified: false },
];

const oidcSettings = (issuer: string, overrides: Partial<OidcSettings> = {}): OidcSettings => ({
  issuer: new URL(issuer),
  clientId: CLIENT.clientId,
  clientSecret: CLIENT.clientSecret,
  providerName: 'Acme SSO',
  scopes: 'openid email profile groups',
  allowedDomains: ['acme.test'],
  requireVerifiedEmail: true,
  groupsClaim: 'groups',
  groupRoles: { admin: ['hallway-admins'], member: ['engineering'], viewer: ['contractors'] },
  defaultRole: 'viewer',
  timeoutSeconds: 2,
  clockToleranceSeconds: 30,
  ...overrides,
});

describe.each(testDatabases)('sign-in with OpenID Connect on $name', (database) => {
  let server: TestServer;
  let provider: TestProvider;
  let ws: TestWorkspace;
  let app: ReturnType<typeof createApp>;
  const appFor = (oidc: OidcSettings | null, options: Partial<AppOptions> = {}) =>
    createApp({
      db: server.db,
      rateLimit: false,
      auth: {
        publicUrl: PUBLIC_URL,
        workspaceId: ws.id,
        oidc,
        extensionIds: [CHROME_EXTENSION_ID, 'hallway@hallway.dev'],
      },
      ...options,
    });

  beforeAll(async () => {
    [server, provider] = await Promise.all([
      startTestServer(database),
      startOidcProvider({ accounts, clients: [CLIENT] }),
    ]);
    ws = await server.workspace();
    app = appFor(oidcSettings(provider.issuer));
  });
  afterAll(async () => {
    await provider?.stop();
    await server?.close();
  });

  it('tells what it offers without a token', async () => {
    const response = await app.request('/v1/auth/config');
    expect(response.status).toBe(200);
    expect(zAuthConfig.parse(await response.json())).toEqual({
      workspace: { name: 'Test workspace' },
      oidc: { providerName: 'Acme SSO' },
      invites: true,
      tokenPaste: true,
    });
    const without = await appFor(null).request('/v1/auth/config');
    expect(zAuthConfig.parse(await without.json()).oidc).toBeNull();
  });

  it('signs a person in: provider, callback, one-time code, device token; first sign-in creates them', async () => {
    const { secrets, redirect } = await signInThroughProvider(app, 'ana');
    expect(`${redirect.origin}/`).toBe(CHROME_REDIRECT);
    expect(redirect.searchParams.get('state')).toBe(secrets.state);
    const code = redirect.searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    const response = await exchange(app, code, secrets.verifier);
    expect(response.status).toBe(200);
    const signedIn = zSignedIn.parse(await response.json());
    expect(signedIn.user).toMatchObject({ name: 'Ana Lima', email: 'ana@acme.test', role: 'admin' });
    expect(signedIn.workspace).toEqual({ id: ws.id, name: 'Test workspace' });
    const me = await server.client(signedIn.token).get('/v1/me');
    expect(zMe.parse(me.body).user).toMatchObject({ name: 'Ana Lima', email: 'ana@acme.test', status: 'active' });
  });

  it('refuses a redirect URL of another extension, or any other, with 400 before going to the provider', async () => {
    const secrets = extensionSecrets();
    for (const redirect of [
      'https://ponmlkjihgfedcbaponmlkjihgfedcba.chromiumapp.org/',
      `https://${CHROME_EXTENSION_ID}.chromiumapp.org/other`,
      `https://${CHROME_EXTENSION_ID}.chromiumapp.org.evil.test/`,
      `http://${CHROME_EXTENSION_ID}.chromiumapp.org/`,
      'https://evil.test/',
    ]) {
      const response = await app.request(`/v1/auth/oidc/start?${startQuery(secrets, redirect)}`);
      expect(response.status, redirect).toBe(400);
      expect(errorCode(await response.json())).toBe('invalid_redirect_uri');
    }
  });

  it("accepts Firefox's identity.getRedirectURL(): the SHA-1 of the add-on id under extensions.allizom.org", async () => {
    // SHA-1 of the UTF-8 id, in hex, as Firefox's ext-identity computes it.
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha1').update('hallway@hallway.dev').digest('hex');
    const { redirect } = await signInThroughProvider(app, 'bo', `https://${hash}.extensions.allizom.org/`);
    expect(redirect.host).toBe(`${hash}.extensions.allizom.org`);
    expect(redirect.searchParams.get('code')).toBeTruthy();
  });

  it('refuses a start without S256 or with a malformed challenge or state', async () => {
    const secrets = extensionSecrets();
    const plain = new URLSearchParams(startQuery(secrets));
    plain.set('code_challenge_method', 'plain');
    const short = new URLSearchParams(startQuery(secrets));
    short.set('state', 'abc');
    for (const query of [plain, short]) {
      const response = await app.request(`/v1/auth/oidc/start?${query}`);
      expect(response.status).toBe(400);
      expect(errorCode(await response.json())).toBe('invalid_request');
    }
  });

  it('refuses a callback with a wrong state (400, nothing redirected), also as a page for a person', async () => {
    const secrets = extensionSecrets();
    const started = locationOf(await app.request(`/v1/auth/oidc/start?${startQuery(secrets)}`));
    const callback = await signInAtProvider(started.toString(), 'bo');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-the-state-the-server-gave');
    const response = await app.request(`${forged.pathname}${forged.search}`);
    expect(response.status).toBe(400);
    expect(errorCode(await response.json())).toBe('invalid_state');
    const page = await app.request(`${forged.pathname}${forged.search}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('data-error-code="invalid_state"');
    // The real callback still works once; a second time its state is used up.
    expect((await app.request(`${callback.pathname}${callback.search}`)).status).toBe(302);
    const again = await app.request(`${callback.pathname}${callback.search}`);
    expect(errorCode(await again.json())).toBe('invalid_state');
  });

  it('refuses a replayed one-time code, and a code presented with another verifier', async () => {
    const first = await signInThroughProvider(app, 'bo');
    const code = first.redirect.searchParams.get('code') ?? '';
    expect((await exchange(app, code, first.secrets.verifier)).status).toBe(200);
    const replay = await exchange(app, code, first.secrets.verifier);
    expect(replay.status).toBe(400);
    expect(errorCode(await replay.json())).toBe('code_used');

    const second = await signInThroughProvider(app, 'bo');
    const stolen = second.redirect.searchParams.get('code') ?? '';
    const wrong = await exchange(app, stolen, extensionSecrets().verifier);
    expect(wrong.status).toBe(400);
    expect(errorCode(await wrong.json())).toBe('code_verifier_mismatch');
    // The code is spent by the wrong try: the right verifier cannot use it afterwards either.
    expect(errorCode(await (await exchange(app, stolen, second.secrets.verifier)).json())).toBe('code_used');
    const unknown = await exchange(app, 'no-such-code', second.secrets.verifier);
    expect(errorCode(await unknown.json())).toBe('invalid_code');
    const invalid = await app.request('/v1/auth/token', { method: 'POST', body: JSON.stringify({ code: 'x' }) });
    expect(invalid.status).toBe(400);
    expect(errorCode(await invalid.json())).toBe('invalid_request');
  });

  it('lets the one-time code be exchanged for 60 seconds, and not after', async () => {
    const later = (ms: number) => appFor(oidcSettings(provider.issuer), { clock: () => new Date(Date.now() + ms) });
    const stale = await signInThroughProvider(app, 'bo');
    const expired = await exchange(
      later(61_000),
      stale.redirect.searchParams.get('code') ?? '',
      stale.secrets.verifier,
    );
    expect(expired.status).toBe(400);
    expect(zApiError.parse(await expired.json()).error).toMatchObject({
      code: 'invalid_code',
      message: expect.stringMatching(/codes last 60 seconds/),
    });
    const fresh = await signInThroughProvider(app, 'bo');
    const inTime = await exchange(later(50_000), fresh.redirect.searchParams.get('code') ?? '', fresh.secrets.verifier);
    expect(inTime.status).toBe(200);
  });

  it('sends the provider its own S256 challenge, state and nonce, and refuses an answer that fails the nonce or the verifier', async () => {
    // The server's pair with the provider is its own: the extension's challenge and state never go there.
    const secrets = extensionSecrets();
    const atProvider = locationOf(await app.request(`/v1/auth/oidc/start?${startQuery(secrets)}`));
    expect(atProvider.origin).toBe(new URL(provider.issuer).origin);
    expect(atProvider.searchParams.get('code_challenge_method')).toBe('S256');
    expect(atProvider.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(atProvider.searchParams.get('code_challenge')).not.toBe(secrets.challenge);
    expect(atProvider.searchParams.get('state')).not.toBe(secrets.state);
    expect(atProvider.searchParams.get('nonce')).toMatch(/^[\w-]{32,}$/);

    /** Signs Bo in with the server's record of this sign-in changed as `column` says, and returns where it ends. */
    const tampered = async (column: 'nonce' | 'provider_verifier') => {
      const own = extensionSecrets();
      const started = locationOf(await app.request(`/v1/auth/oidc/start?${startQuery(own)}`));
      const state = started.searchParams.get('state') ?? '';
      const changed = await server.db.query<{ state_hash: string }>(
        `UPDATE auth_requests SET ${column} = $1 WHERE state_hash = $2 RETURNING state_hash`,
        [extensionSecrets().verifier, hashToken(state)],
      );
      expect(changed).toHaveLength(1);
      const callback = await signInAtProvider(started.toString(), 'bo');
      const redirect = locationOf(await app.request(`${callback.pathname}${callback.search}`));
      expect(`${redirect.origin}/`).toBe(CHROME_REDIRECT);
      expect(redirect.searchParams.get('state')).toBe(own.state);
      return { error: redirect.searchParams.get('error'), code: redirect.searchParams.get('code') };
    };
    // The ID token carries the nonce of the request the provider saw, not the one this sign-in expects.
    expect(await tampered('nonce')).toEqual({ error: 'id_token_invalid', code: null });
    // The provider checks the verifier against the challenge it was sent, and gives no tokens for another.
    expect(await tampered('provider_verifier')).toEqual({ error: 'server_error', code: null });
  });

  it('signs a device out: its token stops, the other devices of the person stay', async () => {
    const tokens: string[] = [];
    for (let device = 0; device < 2; device++) {
      const { secrets, redirect } = await signInThroughProvider(app, 'bo');
      const signedIn = zSignedIn.parse(
        await (await exchange(app, redirect.searchParams.get('code') ?? '', secrets.verifier)).json(),
      );
      tokens.push(signedIn.token);
    }
    expect((await server.client(tokens[0] ?? '').post('/v1/auth/signout', {})).status).toBe(204);
    expect((await app.request('/v1/me', { headers: { authorization: `Bearer ${tokens[0]}` } })).status).toBe(401);
    expect((await app.request('/v1/me', { headers: { authorization: `Bearer ${tokens[1]}` } })).status).toBe(200);
    expect((await app.request('/v1/auth/signout', { method: 'POST' })).status).toBe(401);
  });

  it('limits sign-ins started from one address: 429 with Retry-After past the burst, others unaffected', async () => {
    const limited = createApp({
      db: server.db,
      rateLimit: false,
      signInLimit: { perSecond: 0.01, burst: 3 },
      auth: {
        publicUrl: PUBLIC_URL,
        workspaceId: ws.id,
        oidc: oidcSettings(provider.issuer),
        extensionIds: [CHROME_EXTENSION_ID],
      },
    });
    const http = await serveApp(limited);
    try {
      const start = () =>
        fetch(`${http.url}/v1/auth/oidc/start?${startQuery(extensionSecrets())}`, { redirect: 'manual' });
      for (let attempt = 0; attempt < 3; attempt++) expect((await start()).status).toBe(302);
      const refused = await start();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(errorCode(await refused.json())).toBe('rate_limited');
      // The rest of the API is not counted against it.
      expect((await fetch(`${http.url}/v1/auth/config`)).status).toBe(200);
    } finally {
      await http.close();
    }
  });
});
