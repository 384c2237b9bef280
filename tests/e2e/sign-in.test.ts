/**
 * Signing in end to end (issue 14): the production build in Chromium, the real server, and a real OpenID Connect
 * provider (`oidc-provider`, tests/support/oidc-provider.ts) on 127.0.0.1, on PGlite and on PostgreSQL.
 *
 * "Sign in with Acme SSO" in the options runs `identity.launchWebAuthFlow` for real: headless Chromium opens the
 * flow's window as a page target, where the test types the login at the provider's form like a person would; the
 * provider answers the server, the server redirects to the extension's chromiumapp.org address with a one-time code,
 * and the extension exchanges it. Then: the first sync, the company's owner, goal and decisions in a Jira issue's
 * sidebar, a decision logged shows the session's name (not the one the write carried), a member's call to the People API is refused by the server, an admin's revoke with a write in the
 * outbox shows "Sign in again" and keeps the write until the person is back, and signing out revokes the device.
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Page, Target } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { bootstrap } from '../../server/domain/tokens.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { testDatabases } from '../../server/testing/databases.ts';
import {
  EXTENSION_DIR,
  type ExtensionSession,
  fixture,
  htmlForHost,
  launchWithExtension,
  unpackedExtensionId,
  waitFor,
} from '../support/harness.ts';
import { startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { clickLauncher, countRows, readLauncher, sidebarFrame } from '../support/sidebar-harness.ts';

const CLIENT = { clientId: 'hallway', clientSecret: 'hallway-e2e-secret' };
const ANA = { id: 'ana', email: 'ana@acme.test', name: 'Ana Lima', groups: ['engineering'], password: 'correct horse' };

const textOf = (page: Page, selector: string) => page.$eval(selector, (node) => node.textContent ?? '');

describe.each(testDatabases)('signing in with the company provider on $name', (database) => {
  let db: Database;
  let adminToken: string;
  let provider: TestProvider;
  let hallway: ServerType;
  let hallwayUrl: string;
  let session: ExtensionSession;

  beforeAll(async () => {
    db = await database.open();
    await migrate(db);
    const first = await bootstrap(db, { now: new Date() });
    if (!first) throw new Error('bootstrap did nothing');
    adminToken = first.token;
    await seedDemo(db, first.workspaceId);
    // The server's address is known before its app: the provider's client names the callback URL.
    let app: ReturnType<typeof createApp> | undefined;
    hallway = serve({
      fetch: (request) => (app ? app.fetch(request) : new Response('starting', { status: 503 })),
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise<void>((resolve) => hallway.once('listening', () => resolve()));
    hallwayUrl = `http://127.0.0.1:${(hallway.address() as AddressInfo).port}`;
    provider = await startOidcProvider({
      accounts: [ANA],
      clients: [{ ...CLIENT, redirectUris: [`${hallwayUrl}/v1/auth/oidc/callback`] }],
    });
    app = createApp({
      db,
      rateLimit: false,
      tokenCacheMs: 0,
      auth: {
        publicUrl: hallwayUrl,
        workspaceId: first.workspaceId,
        extensionIds: [unpackedExtensionId(EXTENSION_DIR)],
        oidc: {
          issuer: new URL(provider.issuer),
          clientId: CLIENT.clientId,
          clientSecret: CLIENT.clientSecret,
          providerName: 'Acme SSO',
          scopes: 'openid email profile groups',
          allowedDomains: ['acme.test'],
          requireVerifiedEmail: true,
          groupsClaim: 'groups',
          groupRoles: { admin: ['hallway-admins'], member: ['engineering'], viewer: [] },
          defaultRole: 'viewer',
          timeoutSeconds: 10,
          clockToleranceSeconds: 30,
        },
      },
    });
    session = await launchWithExtension();
  });
  afterAll(async () => {
    await session?.close();
    await provider?.stop();
    (hallway as unknown as { closeAllConnections?: () => void })?.closeAllConnections?.();
    if (hallway) await new Promise<void>((resolve) => hallway.close(() => resolve()));
    await db?.close();
  });

  /** The web-auth window's page, once it shows the provider's login form; the person types there. */
  async function loginAtProvider(): Promise<void> {
    const target: Target = await session.browser.waitForTarget(
      (candidate) => candidate.url().startsWith(`${provider.issuer}/interaction/`),
      { timeout: 30_000 },
    );
    const window = await target.asPage();
    await window.waitForSelector('input[name="login"]');
    await window.type('input[name="login"]', ANA.id);
    await window.type('input[name="password"]', ANA.password);
    await window.click('button[type="submit"]');
  }

  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${hallwayUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };

  it('signs in through the provider, syncs, and logs a decision under the signed-in name', async () => {
    const page = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    await page.waitForSelector('input[name="serverUrl"]');
    await page.type('input[name="serverUrl"]', hallwayUrl);
    const signIn = await page.waitForSelector('button[data-signin="provider"]', { timeout: 30_000 });
    expect(await signIn?.evaluate((node) => node.textContent)).toBe('Sign in with Acme SSO');
    // The token form stays, folded, as the fallback.
    expect(await page.$eval('details[data-signin="token"]', (node) => (node as HTMLDetailsElement).open)).toBe(false);
    await signIn?.click();
    await loginAtProvider();

    const signedIn = await page.waitForSelector('[data-connection="signed-in"]', { timeout: 30_000 });
    expect(await signedIn?.evaluate((node) => node.textContent)).toMatch(/as Ana Lima \(member\) on http:\/\/127/);
    expect(await textOf(page, '[data-account="email"]')).toBe('ana@acme.test');
    await page.waitForSelector('[data-sync-status="idle"]', { timeout: 30_000 });
    expect(await countRows(page, 'teams')).toBeGreaterThan(0);
    // The provider's tokens never reach the extension: only Hallway's device token is stored.
    const stored = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('hallway');
          open.onsuccess = () => {
            const request = open.result.transaction('credentials').objectStore('credentials').getAll();
            request.onsuccess = () => resolve(JSON.stringify(request.result));
          };
        }),
    );
    expect(stored).toMatch(/"token":"hw_/);
    expect(stored).not.toMatch(/eyJ/);
    const { body: devices } = await api(`/v1/devices?userId=${JSON.parse(stored)[0].me.user.id}`);
    expect(devices.data.map((device: { name: string }) => device.name)).toEqual([expect.stringMatching(/ on Linux$/)]);
    // Ana sees her own signed-in browsers on the options page, this one marked (admins see them in People).
    const ownDevice = await page.waitForSelector('section[aria-labelledby="devices-heading"] [data-device]', {
      timeout: 30_000,
    });
    expect(await ownDevice?.evaluate((node) => node.textContent)).toMatch(/ on Linux \(this browser\) · since /);
    // The company's owners, goals and decisions, in the sidebar of a work item: no admin did anything for Ana.
    const issue = await session.openPage('https://acme.atlassian.net/browse/PAY-1', [
      htmlForHost('acme.atlassian.net', fixture('sidebar/2026-11-01-jira-pay-1.html')),
    ]);
    const launcher = await waitFor(
      () => readLauncher(issue),
      (state) => state.label?.includes('Owned by Payments') === true,
      30_000,
    );
    expect(launcher.label).toContain('Owned by Payments, goal SEPA Direct Debit generally available, 2 decisions.');
    await clickLauncher(issue);
    const frame = await sidebarFrame(issue, 'Switch SEPA Direct Debit to Stripe');
    expect(await frame.evaluate(() => document.body.textContent)).toContain('Use Adyen for SEPA Direct Debit');
    await issue.close();

    // The popup says as whom too.
    const popup = await session.openPage(`chrome-extension://${session.extensionId}/popup.html`, []);
    const account = await popup.waitForSelector('[data-popup="account"]', { timeout: 30_000 });
    expect(await account?.evaluate((node) => node.textContent)).toBe('Signed in as Ana Lima (member) · ana@acme.test');
    await popup.close();

    // A decision sent with someone else's name is the session's: the hub shows who really logged it.
    const written = await page.evaluate(() =>
      chrome.runtime.sendMessage({
        type: 'mirror.write',
        data: {
          kind: 'decision.create',
          data: { title: 'Ship the SSO rollout', decidedAt: new Date().toISOString(), decidedBy: 'The CEO' },
        },
      }),
    );
    expect(written).toMatchObject({ ok: true });
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync.now', data: {} }));
    const { body: decisions } = await api('/v1/decisions?limit=200');
    const logged = decisions.data.find((decision: { title: string }) => decision.title === 'Ship the SSO rollout');
    expect(logged?.decidedBy).toBe('Ana Lima');
    const hub = await session.openPage(
      `chrome-extension://${session.extensionId}/hub.html#/decisions/${logged.id}`,
      [],
    );
    await waitFor(
      () => hub.evaluate(() => document.body.textContent ?? ''),
      (text) => text.includes('Ship the SSO rollout') && text.includes('Ana Lima'),
      30_000,
    );

    // A member opening the People view gets the server's refusal: the roles are the server's, not the page's.
    await hub.goto(`chrome-extension://${session.extensionId}/hub.html#/people`);
    const refused = await hub.waitForSelector('[data-people="refused"]', { timeout: 30_000 });
    expect(await refused?.evaluate((node) => node.textContent)).toMatch(/admin/i);
    await hub.close();
    await page.close();
  });

  it('shows "Sign in again" with the outbox kept when the device is revoked, then sends it once back', async () => {
    const page = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    await page.waitForSelector('[data-connection="signed-in"]');
    const { body: people } = await api('/v1/people');
    const ana = people.data.find((person: { email: string }) => person.email === 'ana@acme.test');
    const { body: devices } = await api(`/v1/devices?userId=${ana.id}`);
    // The admin revokes the device; the write made after it cannot be sent with the old token.
    expect(await api(`/v1/devices/${devices.data[0].id}`, { method: 'DELETE' })).toMatchObject({ status: 204 });
    await page.evaluate(() =>
      chrome.runtime.sendMessage({
        type: 'mirror.write',
        data: {
          kind: 'decision.create',
          data: { title: 'Written before the revoke', decidedAt: new Date().toISOString(), decidedBy: 'Ana' },
        },
      }),
    );
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync.now', data: {} }));
    const notice = await page.waitForSelector('[data-connection="sign-in-again"]', { timeout: 30_000 });
    expect(await notice?.evaluate((node) => node.textContent)).toMatch(/1 change is kept here/);
    expect(await countRows(page, 'outbox')).toBe(1);

    // The popup says it as well, with the provider the server offers.
    const popup = await session.openPage(`chrome-extension://${session.extensionId}/popup.html`, []);
    const popupNotice = await popup.waitForSelector('[data-popup="sign-in"]', { timeout: 30_000 });
    expect(await popupNotice?.evaluate((node) => node.textContent)).toMatch(/^Sign in again.*1 unsent change is kept/);
    const popupAgain = await popup.waitForSelector('[data-popup="sign-in"] button[data-signin="provider"]');
    expect(await popupAgain?.evaluate((node) => node.textContent)).toBe('Sign in again with Acme SSO');
    await popup.close();

    const again = await page.waitForSelector('button[data-signin="provider"]');
    expect(await again?.evaluate((node) => node.textContent)).toBe('Sign in again with Acme SSO');
    await again?.click();
    // The provider may remember the person (its session cookie): the form shows only when it does not.
    await Promise.race([
      loginAtProvider().catch(() => undefined),
      page.waitForSelector('[data-connection="sign-in-again"]', { hidden: true, timeout: 30_000 }),
    ]);
    await page.waitForSelector('[data-connection="sign-in-again"]', { hidden: true, timeout: 30_000 });
    await waitFor(
      () => countRows(page, 'outbox'),
      (count) => count === 0,
      30_000,
    );
    const { body: decisions } = await api('/v1/decisions?limit=200');
    expect(decisions.data.map((decision: { title: string }) => decision.title)).toContain('Written before the revoke');
    await page.close();
  });

  it('signs out: the device is revoked on the server and the credentials leave the browser', async () => {
    const page = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    await page.waitForSelector('[data-connection="signed-in"]');
    await page.waitForSelector('[data-sync-status="idle"]', { timeout: 30_000 });
    const [button] = await page.$$('xpath/.//button[normalize-space()="Sign out"]');
    await button?.click();
    const signedOut = await page.waitForSelector('[data-connection="signed-out"]');
    expect(await signedOut?.evaluate((node) => node.textContent)).toMatch(/The server revoked this browser's token/);
    expect(await countRows(page, 'credentials')).toBe(0);
    const { body: people } = await api('/v1/people');
    const ana = people.data.find((person: { email: string }) => person.email === 'ana@acme.test');
    const { body: devices } = await api(`/v1/devices?userId=${ana.id}`);
    expect(devices.data).toEqual([]);
    // Signing in again is one click away: the server stays, in the options and in the popup, which asked the server.
    await page.waitForSelector('button[data-signin="provider"]');
    const popup = await session.openPage(`chrome-extension://${session.extensionId}/popup.html`, []);
    const popupSignIn = await popup.waitForSelector('[data-popup="sign-in"] button[data-signin="provider"]', {
      timeout: 30_000,
    });
    expect(await popupSignIn?.evaluate((node) => node.textContent)).toBe('Sign in with Acme SSO');
    expect(await popup.$('[data-popup="account"]')).toBeNull();
    await popup.close();
    await page.close();
  });

  it('joins with an invite link: the server asks the name and email, and the browser is signed in', async () => {
    const { status, body: invite } = await api('/v1/invites', {
      method: 'POST',
      body: JSON.stringify({ role: 'viewer', expiresInDays: 1, maxUses: 1 }),
    });
    expect(status).toBe(201);
    const page = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    // The link names its server: the address field may stay as it is.
    const join = await page.waitForSelector('xpath/.//button[normalize-space()="Join with an invite"]', {
      timeout: 30_000,
    });
    await join?.click();
    await page.type('input[name="inviteLink"]', invite.url);
    await page.click('[data-signin="invite"] button');
    // The flow's window opens the server's invite page; a sign-in that fails first says why on the options page.
    const target = await Promise.race([
      session.browser.waitForTarget((candidate) => candidate.url().includes('/v1/auth/invite/'), { timeout: 30_000 }),
      page.waitForSelector('[data-signin-error]', { timeout: 30_000 }).then(async (alert) => {
        throw new Error(`the invite sign-in failed: ${await alert?.evaluate((node) => node.textContent)}`);
      }),
    ]);
    const window = await target.asPage();
    await window.waitForSelector('input[name="name"]');
    await window.type('input[name="name"]', 'Bo Berg');
    await window.type('input[name="email"]', 'bo@acme.test');
    await window.click('button[type="submit"]');
    const signedIn = await page.waitForSelector('[data-connection="signed-in"]', { timeout: 30_000 });
    expect(await signedIn?.evaluate((node) => node.textContent)).toMatch(/as Bo Berg \(viewer\)/);
    await page.waitForSelector('[data-sync-status="idle"]', { timeout: 30_000 });
    await page.close();
  });
});
