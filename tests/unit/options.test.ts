import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { summarizeSync } from '../../components/options/sync-summary.ts';
import { testDatabases } from '../../server/testing/databases.ts';
import { startTestServer } from '../../server/testing/test-server.ts';
import { loadSettings, SETTINGS_KEY, saveSettings } from '../../utils/settings.ts';
import { initialSyncState } from '../../utils/sync/apply.ts';
import { testConnection } from '../../utils/sync/connection.ts';
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
    });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toMatch(/token|hw_/);
  });

  it('falls back to the defaults when the stored value is invalid', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { serverUrl: 'javascript:alert(1)', theme: 'neon' } });
    expect(await loadSettings()).toMatchObject({ theme: 'system', enabledSites: { jira: true } });
    expect((await loadSettings()).serverUrl).not.toBe('javascript:alert(1)');
  });
});

describe('the connection test', () => {
  it('tells apart unreachable, not a Hallway server, wrong token and success', async () => {
    const pglite = testDatabases.find((database) => database.name === 'pglite');
    if (!pglite) throw new Error('PGlite test database missing');
    const server = await startTestServer(pglite);
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
      problem: 'invalid_url',
    });
    expect(await testConnection(hallway, `${url}/`, workspace.member.token)).toMatchObject({
      ok: true,
      me: { user: { role: 'member' } },
    });
    await server.close();
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
      headline: 'Reconnect needed',
    });
  });
});
