import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { summarizeSync } from '../../components/options/sync-summary.ts';
import { testDatabases } from '../../server/testing/databases.ts';
import { startTestServer, type TestServer } from '../../server/testing/test-server.ts';
import { say } from '../../utils/i18n.ts';
import type { Message } from '../../utils/message.ts';
import { loadSettings, SETTINGS_KEY, saveSettings } from '../../utils/settings.ts';
import { initialSyncState } from '../../utils/sync/apply.ts';
import { checkConnectionInput, plainHttpNote, testConnection } from '../../utils/sync/connection.ts';
import type { FetchLike } from '../../utils/sync/http.ts';

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('round-trips through storage.local and never holds the token', async () => {
    await saveSettings({ serverUrl: 'https://hallway.example.com', theme: 'dark' });
    const stored = (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
    expect(stored).toEqual({
      serverUrl: 'https://hallway.example.com',
      theme: 'dark',
      enabledSites: { notion: true, asana: true, jira: true, gmail: true },
      sidebarPlace: 'page',
      sitePlaces: {},
    });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toMatch(/token|hw_/);
  });

  it('keeps both of two saves made at once in one context: each reads what the one before it wrote', async () => {
    // The background saves a sign-in's server address while the popup's site switch arrives through `settings.save`.
    const [signedIn, switched] = await Promise.all([
      saveSettings({ serverUrl: 'https://hallway.example.com' }),
      saveSettings({ enabledSites: { notion: true, asana: false, jira: true, gmail: true } }),
    ]);
    expect(signedIn.serverUrl).toBe('https://hallway.example.com');
    expect(switched).toMatchObject({ serverUrl: 'https://hallway.example.com', enabledSites: { asana: false } });
    expect(await loadSettings()).toMatchObject({
      serverUrl: 'https://hallway.example.com',
      enabledSites: { asana: false },
    });
  });

  it('keeps where the sidebar opens, for every site and per site', async () => {
    await saveSettings({ sidebarPlace: 'panel', sitePlaces: { gmail: 'page' } });
    expect(await loadSettings()).toMatchObject({ sidebarPlace: 'panel', sitePlaces: { gmail: 'page' } });
    await saveSettings({ sitePlaces: {} });
    expect(await loadSettings()).toMatchObject({ sidebarPlace: 'panel', sitePlaces: {} });
  });

  it('falls back to the defaults when the stored value is invalid', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { serverUrl: 'javascript:alert(1)', theme: 'neon' } });
    expect(await loadSettings()).toMatchObject({ theme: 'system', enabledSites: { jira: true } });
    expect((await loadSettings()).serverUrl).not.toBe('javascript:alert(1)');
  });
});

describe('the connection test', () => {
  // Started before the tests (hook timeout), so a slow machine's PGlite start does not count against one test.
  let server: TestServer;
  beforeAll(async () => {
    const pglite = testDatabases.find((database) => database.name === 'pglite');
    if (!pglite) throw new Error('PGlite test database missing');
    server = await startTestServer(pglite);
  });
  afterAll(() => server?.close());

  it('tells apart unreachable, not a Hallway server, wrong token and success', async () => {
    const workspace = await server.workspace();
    const hallway: FetchLike = async (input, init) => server.app.request(input, { ...init, signal: undefined });
    const unreachable: FetchLike = () => Promise.reject(new TypeError('fetch failed'));
    const otherSite: FetchLike = async () => new Response('<html>Welcome</html>', { status: 200 });
    const url = 'http://hallway.test';

    expect(await testConnection(unreachable, url, workspace.member.token)).toMatchObject({
      ok: false,
      problem: 'unreachable',
    });
    expect(await testConnection(otherSite, url, workspace.member.token)).toMatchObject({
      ok: false,
      problem: 'not_hallway',
    });
    expect(await testConnection(hallway, url, 'hw_not-a-real-token')).toMatchObject({
      ok: false,
      problem: 'wrong_token',
    });
    expect(await testConnection(hallway, 'hallway.test', workspace.member.token)).toMatchObject({
      problem: 'missing_scheme',
    });
    expect(await testConnection(hallway, `${url}/`, workspace.member.token)).toMatchObject({
      ok: true,
      me: { user: { role: 'member' } },
    });
  });

  it('says what is wrong with the address or the token as typed, before sending anything', async () => {
    const fetch = vi.fn<FetchLike>(() => Promise.reject(new TypeError('fetch failed')));
    const token = 'hw_0123456789012345678901234567890123456789012';
    const problem = async (serverUrl: string, withToken = token) => {
      const result = await testConnection(fetch, serverUrl, withToken);
      return result.ok ? null : { problem: result.problem, message: say(result.message) };
    };

    expect(await problem('')).toMatchObject({ problem: 'invalid_url', message: /Enter the server address/ });
    expect(await problem('localhost:8787')).toEqual({
      problem: 'missing_scheme',
      message: 'Add http:// in front of the address: http://localhost:8787.',
    });
    expect(await problem(' 127.0.0.1:8787 ')).toMatchObject({ message: /http:\/\/127\.0\.0\.1:8787\.$/ });
    expect(await problem('hallway.example.com')).toEqual({
      problem: 'missing_scheme',
      message: 'Add https:// in front of the address: https://hallway.example.com.',
    });
    expect(await problem('ftp://hallway.example.com')).toMatchObject({ problem: 'invalid_url', message: /https:\/\// });
    for (const empty of ['', '   ']) {
      expect(await problem('http://localhost:8787', empty)).toMatchObject({
        problem: 'missing_token',
        message: /^Enter your API token/,
      });
    }
    expect(fetch).not.toHaveBeenCalled();
    expect(checkConnectionInput('http://localhost:8787', token)).toBeNull();
  });

  it('says when a working address sends the token unencrypted: plain http to another machine, not https or loopback', () => {
    // A key and its values, translated where it is shown.
    const note = plainHttpNote('http://hallway.internal:8787');
    expect(note).toEqual({ key: 'connection.plainHttp', values: { host: 'hallway.internal:8787' } });
    expect(say(note as Message)).toMatch(
      /^hallway\.internal:8787 is reached over plain http: your token and what you send travel unencrypted/,
    );
    for (const safe of ['https://hallway.internal', 'http://localhost:8787', 'http://127.0.0.1:8787', undefined, 'x']) {
      expect(plainHttpNote(safe)).toBeNull();
    }
  });

  it('tells a server that answers but is not Hallway (a browser fails its CORS) from one that does not answer', async () => {
    // In an extension page, a server without Hallway's CORS answer fails the request like an unreachable one; only
    // an opaque `no-cors` request tells that something answers.
    const otherServer: FetchLike = async (_input, init) => {
      if (init.mode !== 'no-cors') throw new TypeError('Failed to fetch');
      return new Response(null, { status: 200 });
    };
    const nobody: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    const token = 'hw_0123456789012345678901234567890123456789012';
    const other = await testConnection(otherServer, 'http://localhost:3000', token);
    expect(other).toMatchObject({ ok: false, problem: 'not_hallway' });
    expect(say((other as { message: Message }).message)).toBe(
      'http://localhost:3000 answers, but it is not a Hallway server. Check the address (and its port).',
    );
    const none = await testConnection(nobody, 'http://localhost:3000', token);
    expect(none).toMatchObject({ problem: 'unreachable' });
    expect(say((none as { message: Message }).message)).toMatch(/^Cannot reach http:\/\/localhost:3000/);
  });
});

describe('sync status words', () => {
  const now = Date.parse('2026-04-01T12:00:00Z');
  it('says what the user can do about each state', () => {
    const none = { pending: 0, rejected: 0, conflict: 0 };
    expect(summarizeSync({ ...initialSyncState(), status: 'idle', lastSyncAt: now - 120_000 }, none, now)).toEqual({
      tone: 'ok',
      headline: 'Up to date',
      detail: 'last synced 2 min ago',
    });
    expect(
      summarizeSync(
        { ...initialSyncState(), status: 'offline', nextAttemptAt: now + 3_600_000 },
        { ...none, pending: 3 },
        now,
      ),
    ).toMatchObject({
      headline: 'Offline',
      detail: '3 changes waiting to be sent · never synced · retrying in 1 h',
    });
    expect(summarizeSync({ ...initialSyncState(), status: 'reconnect' }, none, now)).toMatchObject({
      tone: 'error',
      headline: 'Sign in again',
    });
    expect(summarizeSync({ ...initialSyncState(), status: 'reconnect' }, { ...none, pending: 2 }, now).detail).toBe(
      "The server no longer accepts this browser's sign-in. 2 changes waiting to be sent: kept until you are signed in again.",
    );
  });
});
