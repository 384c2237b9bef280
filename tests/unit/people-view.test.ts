/**
 * The hub's People view calls (issue 14 point 6) through the background's handlers to the real server: an admin
 * lists people and invites, changes a role, deactivates and reactivates, revokes a device and makes and withdraws an
 * invite; a member's same calls are refused by the server with its reason (the page hiding them is not the check).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { testDatabases } from '../../server/testing/databases.ts';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/testing/test-server.ts';
import { parseInviteLink } from '../../utils/auth/flow.ts';
import { createPeopleHandlers } from '../../utils/background/people.ts';
import { openDb } from '../../utils/db/index.ts';
import type { HandlerContext } from '../../utils/messaging/router.ts';
import { saveSettings } from '../../utils/settings.ts';
import type { FetchLike } from '../../utils/sync/http.ts';
import { uuid } from '../support/sync-fixtures.ts';

const SERVER = 'https://hallway.acme.test';
const context = { sender: {}, tabId: undefined } as HandlerContext;

describe('the People view against the server', () => {
  let server: TestServer;
  let ws: TestWorkspace;
  beforeAll(async () => {
    const pglite = testDatabases.find((database) => database.name === 'pglite');
    if (!pglite) throw new Error('PGlite test database missing');
    server = await startTestServer(pglite, { tokenCacheMs: 0, auth: { publicUrl: SERVER } });
    ws = await server.workspace();
  });
  afterAll(() => server?.close());
  beforeEach(() => fakeBrowser.reset());

  const toServer: FetchLike = async (input, { signal: _signal, ...init }) => {
    const url = new URL(input);
    return server.app.request(`${url.pathname}${url.search}`, init);
  };
  async function handlersAs(token: string) {
    const db = openDb(`people-${uuid()}`, { indexedDB, IDBKeyRange });
    await db.credentials.put({ id: 'main', token, me: null });
    await saveSettings({ serverUrl: SERVER });
    return createPeopleHandlers({ db, fetch: toServer });
  }

  it('lets an admin change roles, deactivate, reactivate, revoke devices and manage invites', async () => {
    const admin = await handlersAs(ws.admin.token);
    const { people, invites } = await admin['people.list']({}, context);
    expect(people.map((person) => person.role).sort()).toEqual(['admin', 'member', 'viewer']);
    expect(invites).toEqual([]);
    const viewer = people.find((person) => person.role === 'viewer');
    if (!viewer) throw new Error('no viewer');

    expect((await admin['people.update']({ id: viewer.id, patch: { role: 'member' } }, context)).role).toBe('member');
    const off = await admin['people.update']({ id: viewer.id, patch: { status: 'deactivated' } }, context);
    expect(off.status).toBe('deactivated');
    // Deactivated, the viewer's token is refused at once (no token cache here).
    expect((await ws.viewer.get('/v1/me')).status).toBe(401);
    expect((await admin['people.update']({ id: viewer.id, patch: { status: 'active' } }, context)).status).toBe(
      'active',
    );
    expect((await ws.viewer.get('/v1/me')).status).toBe(200);

    const [device] = await admin['devices.list']({ userId: viewer.id }, context);
    if (!device) throw new Error('the viewer has no token');
    await admin['devices.revoke']({ id: device.id }, context);
    expect((await ws.viewer.get('/v1/me')).status).toBe(401);

    const created = await admin['invites.create']({ role: 'viewer', expiresInDays: 3, maxUses: 5 }, context);
    expect(parseInviteLink(created.url).serverUrl).toBe(SERVER);
    expect((await admin['people.list']({}, context)).invites.map((invite) => invite.id)).toEqual([created.id]);
    await admin['invites.delete']({ id: created.id }, context);
    const after = (await admin['people.list']({}, context)).invites;
    expect(after.filter((invite) => invite.revokedAt === null)).toEqual([]);
  });

  it("refuses a member's calls on the server, with the server's reason", async () => {
    const member = await handlersAs(ws.member.token);
    await expect(member['people.list']({}, context)).rejects.toThrow(/admin/i);
    const admin = await handlersAs(ws.admin.token);
    const { people } = await admin['people.list']({}, context);
    const self = people.find((person) => person.role === 'member');
    if (!self) throw new Error('no member');
    await expect(member['people.update']({ id: self.id, patch: { role: 'admin' } }, context)).rejects.toThrow(/admin/i);
    await expect(member['invites.create']({ role: 'admin', expiresInDays: 1, maxUses: 1 }, context)).rejects.toThrow(
      /admin/i,
    );
    expect((await admin['people.list']({}, context)).people.find((person) => person.id === self.id)?.role).toBe(
      'member',
    );
  });
});
