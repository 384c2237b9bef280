import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  zApiError,
  zCreatedInvite,
  zDevice,
  zInvite,
  zListPage,
  zMe,
  zPerson,
  zSignedIn,
} from '../../utils/contract.ts';
import { createApp } from '../app.ts';
import { createDeviceToken } from '../domain/sign-in.ts';
import { testDatabases } from '../testing/databases.ts';
import { openEvents, serveApp } from '../testing/live.ts';
import {
  CHROME_EXTENSION_ID,
  CHROME_REDIRECT,
  exchange,
  extensionSecrets,
  locationOf,
  startQuery,
} from '../testing/sign-in.ts';
import { type Client, startTestServer, type TestServer, type TestWorkspace } from '../testing/test-server.ts';

const errorCode = (body: unknown) => zApiError.parse(body).error.code;
const idOf = async (client: Client) => zMe.parse((await client.get('/v1/me')).body).user.id;
const goalCount = (response: { body: unknown }) => (response.body as { data: unknown[] }).data.length;
const goal = (title: string) => ({ mutationId: randomUUID(), type: 'goal.create', id: randomUUID(), data: { title } });

describe.each(testDatabases)('people, devices and invites on $name', (database) => {
  let server: TestServer;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  const DAY = 86_400_000;

  beforeAll(async () => {
    server = await startTestServer(database, {
      auth: { extensionIds: [CHROME_EXTENSION_ID], publicUrl: 'https://hallway.acme.test', deviceTokenExpiryDays: 30 },
    });
    [ws, other] = [await server.workspace(), await server.workspace()];
  });
  afterAll(() => server?.close());

  describe('people', () => {
    it('lists everyone of the workspace for admins, with role, status and when last seen', async () => {
      const listed = await ws.admin.get('/v1/people');
      expect(listed.status).toBe(200);
      const people = zListPage(zPerson).parse(listed.body).data;
      expect(people.map((person) => person.role).sort()).toEqual(['admin', 'member', 'viewer']);
      expect(people.every((person) => person.status === 'active')).toBe(true);
      // The admin's own request just now counts as being seen.
      expect(people.find((person) => person.role === 'admin')?.lastSeenAt).not.toBeNull();
      const otherIds = new Set(
        zListPage(zPerson)
          .parse((await other.admin.get('/v1/people')).body)
          .data.map((p) => p.id),
      );
      expect(people.some((person) => otherIds.has(person.id))).toBe(false);
    });

    it('is for admins only: members and viewers get 403, no token 401', async () => {
      for (const client of [ws.member, ws.viewer]) {
        expect(errorCode((await client.get('/v1/people')).body)).toBe('forbidden');
        expect((await client.patch(`/v1/people/${await idOf(ws.admin)}`, { role: 'viewer' })).status).toBe(403);
      }
      expect((await server.app.request('/v1/people')).status).toBe(401);
    });

    it("changes a role; validates the patch; 404 for unknown, malformed and other workspaces' ids", async () => {
      const viewerId = await idOf(ws.viewer);
      const changed = await ws.admin.patch(`/v1/people/${viewerId}`, { role: 'member' });
      expect(changed.status).toBe(200);
      expect(zPerson.parse(changed.body).role).toBe('member');
      expect(zMe.parse((await ws.viewer.get('/v1/me')).body).user.role).toBe('member');
      expect(errorCode((await ws.admin.patch(`/v1/people/${viewerId}`, {})).body)).toBe('invalid_request');
      expect(errorCode((await ws.admin.patch(`/v1/people/${viewerId}`, { status: 'gone' })).body)).toBe(
        'invalid_request',
      );
      expect(errorCode((await ws.admin.patch(`/v1/people/${viewerId}`, { name: 'x', role: 'admin' })).body)).toBe(
        'invalid_request',
      );
      expect((await ws.admin.patch(`/v1/people/${randomUUID()}`, { role: 'member' })).status).toBe(404);
      expect((await ws.admin.patch('/v1/people/not-an-id', { role: 'member' })).status).toBe(404);
      expect((await ws.admin.get(`/v1/people/${await idOf(other.member)}`)).status).toBe(404);
      expect((await ws.admin.patch(`/v1/people/${await idOf(other.member)}`, { status: 'deactivated' })).status).toBe(
        404,
      );
      expect(zMe.parse((await other.member.get('/v1/me')).body).user.status).toBe('active');
      await ws.admin.patch(`/v1/people/${viewerId}`, { role: 'viewer' });
    });

    it('keeps one active admin: the last one can be neither demoted nor deactivated', async () => {
      const adminId = await idOf(ws.admin);
      expect(errorCode((await ws.admin.patch(`/v1/people/${adminId}`, { role: 'member' })).body)).toBe('last_admin');
      expect(errorCode((await ws.admin.patch(`/v1/people/${adminId}`, { status: 'deactivated' })).body)).toBe(
        'last_admin',
      );
    });
  });

  describe('deactivation', () => {
    it("refuses a deactivated person's queued writes whole, with a clear code, on this and every other server", async () => {
      const team = await server.workspace();
      const memberId = await idOf(team.member);
      // A second server process over the same database, which has the member's token in its cache.
      const elsewhere = createApp({ db: server.db, rateLimit: false, tokenCacheMs: 60_000 });
      const request = (path: string, init: RequestInit = {}) =>
        elsewhere.request(path, {
          ...init,
          headers: { authorization: `Bearer ${team.member.token}`, 'content-type': 'application/json' },
        });
      expect((await request('/v1/me')).status).toBe(200);
      const goalsBefore = goalCount(await team.admin.get('/v1/goals'));

      expect((await team.admin.patch(`/v1/people/${memberId}`, { status: 'deactivated' })).status).toBe(200);
      // The server that handled the deactivation refuses at once.
      const here = await team.member.get('/v1/me');
      expect(here.status).toBe(401);
      expect(errorCode(here.body)).toBe('account_deactivated');
      // The other one still trusts its cached token, but the batch of queued writes is refused whole.
      const batch = await request('/v1/mutations', {
        method: 'POST',
        body: JSON.stringify({ mutations: [goal('First'), goal('Second'), goal('Third')] }),
      });
      expect(batch.status).toBe(401);
      expect(errorCode(await batch.json())).toBe('account_deactivated');
      const goalsAfter = goalCount(await team.admin.get('/v1/goals'));
      expect(goalsAfter).toBe(goalsBefore);

      // Reactivated, the same queued writes go through.
      expect((await team.admin.patch(`/v1/people/${memberId}`, { status: 'active' })).status).toBe(200);
      const retried = await team.member.post('/v1/mutations', { mutations: [goal('First')] });
      expect(retried.status).toBe(200);
    });

    it("closes a deactivated person's event streams at once, and a signed-out device's", async () => {
      const team = await server.workspace();
      const http = await serveApp(createApp({ db: server.db, rateLimit: false, tokenCacheMs: 0 }));
      try {
        const memberStream = await openEvents(http.url, team.member.token);
        await memberStream.next((event) => event.event === 'poke');
        await team.admin.patch(`/v1/people/${await idOf(team.member)}`, { status: 'deactivated' });
        await memberStream.ended;
        const viewerStream = await openEvents(http.url, team.viewer.token);
        await viewerStream.next((event) => event.event === 'poke');
        expect((await team.viewer.post('/v1/auth/signout', {})).status).toBe(204);
        await viewerStream.ended;
      } finally {
        await http.close();
      }
    });

    it("stops a deactivated person's token on another server once its token cache expires", async () => {
      const team = await server.workspace();
      const memberId = await idOf(team.member);
      const elsewhere = createApp({ db: server.db, rateLimit: false, tokenCacheMs: 50 });
      const me = () => elsewhere.request('/v1/me', { headers: { authorization: `Bearer ${team.member.token}` } });
      expect((await me()).status).toBe(200);
      await team.admin.patch(`/v1/people/${memberId}`, { status: 'deactivated' });
      let answer = await me();
      while (answer.status === 200) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        answer = await me();
      }
      expect(answer.status).toBe(401);
      expect(errorCode(await answer.json())).toBe('account_deactivated');
    });
  });

  describe('devices', () => {
    it("lists my tokens with the current one marked; admins may list anyone's, others not", async () => {
      const team = await server.workspace();
      const memberId = await idOf(team.member);
      await createDeviceToken(server.db, {
        workspaceId: team.id,
        userId: memberId,
        name: 'Firefox on macOS',
        now: new Date(),
      });
      const mine = zListPage(zDevice).parse((await team.member.get('/v1/devices')).body).data;
      expect(mine.map((device) => [device.kind, device.current]).sort()).toEqual([
        ['api', true],
        ['device', false],
      ]);
      const laptop = mine.find((device) => device.kind === 'device');
      expect(laptop?.name).toBe('Firefox on macOS');
      expect(laptop?.expiresAt).not.toBeNull();
      const asAdmin = await team.admin.get(`/v1/devices?userId=${memberId}`);
      expect(zListPage(zDevice).parse(asAdmin.body).data).toHaveLength(2);
      expect((await team.viewer.get(`/v1/devices?userId=${memberId}`)).status).toBe(403);
      // Everyone's at once, for the hub's People view: admins only, this workspace only.
      const everyone = zListPage(zDevice).parse((await team.admin.get('/v1/devices?all=true')).body).data;
      expect(new Set(everyone.map((device) => device.userId)).size).toBe(3);
      expect((await team.member.get('/v1/devices?all=true')).status).toBe(403);
      expect((await team.admin.get('/v1/devices?userId=nope')).status).toBe(400);
      // Another workspace's person lists as nobody's.
      expect(
        zListPage(zDevice).parse((await team.admin.get(`/v1/devices?userId=${await idOf(other.member)}`)).body).data,
      ).toEqual([]);
    });

    it("revokes my own device, anyone's as admin; 404 for others' as a member and across workspaces", async () => {
      const team = await server.workspace();
      const memberId = await idOf(team.member);
      const viewerId = await idOf(team.viewer);
      const now = new Date();
      const memberLaptop = await createDeviceToken(server.db, {
        workspaceId: team.id,
        userId: memberId,
        name: 'Laptop',
        now,
      });
      await createDeviceToken(server.db, { workspaceId: team.id, userId: viewerId, name: 'Viewer laptop', now });
      const devices = async (userId: string) =>
        zListPage(zDevice).parse((await team.admin.get(`/v1/devices?userId=${userId}`)).body).data;
      const laptop = (await devices(memberId)).find((device) => device.name === 'Laptop');
      const viewerLaptop = (await devices(viewerId)).find((device) => device.name === 'Viewer laptop');
      if (!laptop || !viewerLaptop) throw new Error('devices missing');

      expect((await team.member.delete(`/v1/devices/${viewerLaptop.id}`)).status).toBe(404);
      expect((await other.admin.delete(`/v1/devices/${laptop.id}`)).status).toBe(404);
      expect((await team.member.delete('/v1/devices/not-an-id')).status).toBe(404);
      expect((await team.member.delete(`/v1/devices/${laptop.id}`)).status).toBe(204);
      expect((await server.client(memberLaptop).get('/v1/me')).status).toBe(401);
      expect((await team.member.delete(`/v1/devices/${laptop.id}`)).status).toBe(404);
      expect((await team.admin.delete(`/v1/devices/${viewerLaptop.id}`)).status).toBe(204);
      expect((await devices(viewerId)).map((device) => device.name)).not.toContain('Viewer laptop');
    });

    it('expires a device token unused for the configured days: 401 token_expired, gone from the list', async () => {
      const team = await server.workspace();
      const memberId = await idOf(team.member);
      const longAgo = new Date(Date.now() - 31 * DAY);
      const stale = await createDeviceToken(server.db, {
        workspaceId: team.id,
        userId: memberId,
        name: 'Old',
        now: longAgo,
      });
      const recent = await createDeviceToken(server.db, {
        workspaceId: team.id,
        userId: memberId,
        name: 'Recent',
        now: new Date(Date.now() - 29 * DAY),
      });
      const refused = await server.client(stale).post('/v1/mutations', { mutations: [goal('Queued offline')] });
      expect(refused.status).toBe(401);
      expect(errorCode(refused.body)).toBe('token_expired');
      // Used within the days, a token lives on, and its use counts from now.
      expect((await server.client(recent).get('/v1/me')).status).toBe(200);
      const listed = zListPage(zDevice).parse((await team.member.get('/v1/devices')).body).data;
      expect(listed.map((device) => device.name).sort()).toEqual(['Recent', 'member user']);
      const renewed = listed.find((device) => device.name === 'Recent');
      expect(new Date(renewed?.expiresAt ?? 0).getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
    });
  });

  describe('invites', () => {
    const startInvite = (secret: string, secrets = extensionSecrets(), redirect = CHROME_REDIRECT) =>
      server.app.request(`/v1/auth/invite/start?${startQuery(secrets, redirect)}&invite=${encodeURIComponent(secret)}`);
    /** The server state in the invite form of a start's page. */
    const formState = async (page: Response) => /name="state" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const complete = (fields: Record<string, string>) =>
      server.app.request('/v1/auth/invite/complete', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const makeInvite = async (body: object, team = ws) => {
      const made = await team.admin.post('/v1/invites', body);
      expect(made.status).toBe(201);
      const invite = zCreatedInvite.parse(made.body);
      const url = new URL(invite.url);
      expect(`${url.origin}${url.pathname}`).toBe('https://hallway.acme.test/invite');
      return { invite, secret: new URLSearchParams(url.hash.slice(1)).get('invite') ?? '' };
    };

    it("signs a person in from an invite: their name and email, the invite's role, the same code exchange", async () => {
      const { invite, secret } = await makeInvite({ role: 'viewer', expiresInDays: 3, maxUses: 2 });
      expect(invite).toMatchObject({ role: 'viewer', maxUses: 2, uses: 0, createdBy: 'admin user' });
      const secrets = extensionSecrets();
      const page = await startInvite(secret, secrets);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const state = await formState(page);
      const done = await complete({ state, name: 'Dana Diaz', email: 'Dana@Small.test' });
      const redirect = locationOf(done);
      expect(`${redirect.origin}/`).toBe(CHROME_REDIRECT);
      expect(redirect.searchParams.get('state')).toBe(secrets.state);
      const signedIn = zSignedIn.parse(
        await (
          await exchange(server.app, redirect.searchParams.get('code') ?? '', secrets.verifier, 'Chrome on Windows')
        ).json(),
      );
      expect(signedIn.user).toMatchObject({ name: 'Dana Diaz', email: 'dana@small.test', role: 'viewer' });
      expect(signedIn.workspace.id).toBe(ws.id);
      const devices = zListPage(zDevice).parse((await server.client(signedIn.token).get('/v1/devices')).body).data;
      expect(devices.map((device) => [device.name, device.kind, device.current])).toEqual([
        ['Chrome on Windows', 'device', true],
      ]);
      const listed = zListPage(zInvite).parse((await ws.admin.get('/v1/invites')).body).data;
      expect(listed.find((entry) => entry.id === invite.id)?.uses).toBe(1);
      // The page's state is single use.
      expect(errorCode(await (await complete({ state, name: 'Again', email: 'again@small.test' })).json())).toBe(
        'invalid_state',
      );
    });

    it('refuses an invite beyond its uses, after its expiry, withdrawn or unknown, back at the extension', async () => {
      const { secret } = await makeInvite({ maxUses: 1 });
      const state = await formState(await startInvite(secret));
      expect((await complete({ state, name: 'First', email: 'first@small.test' })).status).toBe(302);
      const errorOf = async (response: Response) => {
        const redirect = locationOf(response);
        expect(`${redirect.origin}/`).toBe(CHROME_REDIRECT);
        return redirect.searchParams.get('error');
      };
      expect(await errorOf(await startInvite(secret))).toBe('invite_used_up');

      const { secret: later } = await makeInvite({ expiresInDays: 1 });
      const tomorrow = createApp({
        db: server.db,
        rateLimit: false,
        clock: () => new Date(Date.now() + 2 * DAY),
        auth: { extensionIds: [CHROME_EXTENSION_ID] },
      });
      const expired = await tomorrow.request(`/v1/auth/invite/start?${startQuery(extensionSecrets())}&invite=${later}`);
      expect(await errorOf(expired)).toBe('invite_expired');

      const { invite, secret: withdrawn } = await makeInvite({});
      expect((await other.admin.delete(`/v1/invites/${invite.id}`)).status).toBe(404);
      expect((await ws.admin.delete(`/v1/invites/${invite.id}`)).status).toBe(204);
      expect(await errorOf(await startInvite(withdrawn))).toBe('invite_not_found');
      expect(await errorOf(await startInvite('hwi_unknown'))).toBe('invite_not_found');
    });

    it('gives the last use to one of two people racing for it', async () => {
      const { secret } = await makeInvite({ maxUses: 1 });
      const states = [await formState(await startInvite(secret)), await formState(await startInvite(secret))];
      const answers = await Promise.all(
        states.map((state, index) => complete({ state, name: `Racer ${index}`, email: `racer${index}@small.test` })),
      );
      const errors = answers.map((answer) => locationOf(answer).searchParams.get('error'));
      expect(errors.sort()).toEqual(['invite_used_up', null]);
    });

    it('asks again for a missing name or an email someone has, keeping the use', async () => {
      const { secret } = await makeInvite({ maxUses: 5 });
      const state = await formState(await startInvite(secret));
      const empty = await complete({ state, name: ' ', email: 'not-an-email' });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain('role="alert"');
      expect((await complete({ state, name: 'Dup', email: 'dup@small.test' })).status).toBe(302);
      const second = await formState(await startInvite(secret));
      const taken = await complete({ state: second, name: 'Dup again', email: 'DUP@small.test' });
      expect(taken.status).toBe(409);
      expect(await taken.text()).toContain('already has this email');
      expect((await complete({ state: second, name: 'Dup again', email: 'dup2@small.test' })).status).toBe(302);
    });

    it("refuses an invite start to another extension's redirect with 400, never redirecting there", async () => {
      const { secret } = await makeInvite({});
      const response = await startInvite(
        secret,
        extensionSecrets(),
        'https://ponmlkjihgfedcbaponmlkjihgfedcba.chromiumapp.org/',
      );
      expect(response.status).toBe(400);
      expect(errorCode(await response.json())).toBe('invalid_redirect_uri');
    });

    it("is for admins: list, make and withdraw; validated; other workspaces' invites unseen", async () => {
      for (const client of [ws.member, ws.viewer]) {
        expect((await client.get('/v1/invites')).status).toBe(403);
        expect((await client.post('/v1/invites', {})).status).toBe(403);
      }
      expect(errorCode((await ws.admin.post('/v1/invites', { maxUses: 0 })).body)).toBe('invalid_request');
      expect(errorCode((await ws.admin.post('/v1/invites', { role: 'owner' })).body)).toBe('invalid_request');
      expect(errorCode((await ws.admin.post('/v1/invites', { expiresInDays: 365 })).body)).toBe('invalid_request');
      expect((await ws.admin.delete(`/v1/invites/${randomUUID()}`)).status).toBe(404);
      expect((await ws.admin.delete('/v1/invites/nope')).status).toBe(404);
      const { invite } = await makeInvite({}, other);
      const mine = zListPage(zInvite).parse((await ws.admin.get('/v1/invites')).body).data;
      expect(mine.map((entry) => entry.id)).not.toContain(invite.id);
    });
  });
});
