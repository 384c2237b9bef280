/**
 * The hub's People view in Chromium (issue 14 point 6, and its "done when": an admin deactivates a person in the hub
 * and their next request is refused). The production build is signed in as the demo's admin; a colleague holds a
 * token of their own. The admin changes the colleague's role, deactivates and reactivates them and revokes their
 * device with the view's own controls, and each time the colleague's next request to the server says so. An invite
 * made in the view shows its link once and is withdrawn there; the server's list says the same.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserToken } from '../../server/domain/tokens.ts';
import { parseInviteLink } from '../../utils/auth/flow.ts';
import { zApiError, zInvite, zListPage, zMe } from '../../utils/contract.ts';
import { type ExtensionSession, waitFor } from '../support/harness.ts';
import { hubUrl } from '../support/hub-harness.ts';
import { type DemoServer, openConnectedDemo } from '../support/sidebar-harness.ts';

let server: DemoServer;
let session: ExtensionSession;
beforeAll(async () => {
  ({ server, session } = await openConnectedDemo());
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

const DANA = '[data-person="Dana Reyes"]';

/** Clicks the button of `scope` whose text is `text`. */
async function press(page: Page, scope: string, text: string): Promise<void> {
  const button = await page.waitForSelector(`${scope} ::-p-xpath(.//button[normalize-space()="${text}"])`);
  await button?.click();
}

describe("the hub's People view for an admin", () => {
  it('changes a role, deactivates and reactivates a person, revokes their device, and makes and withdraws an invite', async () => {
    const [workspace] = await server.db.query<{ id: string }>('SELECT id FROM workspaces');
    if (!workspace) throw new Error('no workspace');
    const dana = await createUserToken(server.db, {
      workspaceId: workspace.id,
      name: 'Dana Reyes',
      role: 'member',
      now: new Date(),
    });
    /** The colleague's own request, from their own client. */
    const asDana = (path: string, init: RequestInit = {}) =>
      server.request(path, {
        ...init,
        headers: { authorization: `Bearer ${dana.token}`, 'content-type': 'application/json' },
      });
    const refusal = async (response: Response) => ({
      status: response.status,
      code: zApiError.parse(await response.json()).error.code,
    });
    expect((await asDana('/v1/me')).status).toBe(200);

    const hub = await session.openPage(hubUrl(session, '#/people'), []);
    await hub.setViewport({ width: 1280, height: 800 });
    await hub.waitForSelector(`${DANA}[data-status="active"]`, { timeout: 30_000 });

    await hub.select(`${DANA} select[name="role"]`, 'viewer');
    const roleOf = async () => zMe.parse(await (await asDana('/v1/me')).json()).user.role;
    expect(await waitFor(roleOf, (role) => role === 'viewer')).toBe('viewer');

    await press(hub, DANA, 'Deactivate');
    await hub.waitForSelector(`${DANA}[data-status="deactivated"]`);
    // The very next request is refused, and so is a batch of queued writes, whole.
    expect(await refusal(await asDana('/v1/me'))).toEqual({ status: 401, code: 'account_deactivated' });
    const queued = {
      mutationId: crypto.randomUUID(),
      type: 'goal.create',
      id: crypto.randomUUID(),
      data: { title: 'Written while deactivated' },
    };
    const batch = await asDana('/v1/mutations', { method: 'POST', body: JSON.stringify({ mutations: [queued] }) });
    expect(await refusal(batch)).toEqual({ status: 401, code: 'account_deactivated' });
    expect(await server.db.query('SELECT id FROM goals WHERE title = $1', ['Written while deactivated'])).toEqual([]);

    await press(hub, DANA, 'Reactivate');
    await hub.waitForSelector(`${DANA}[data-status="active"]`);
    expect((await asDana('/v1/me')).status).toBe(200);

    await press(hub, DANA, 'Devices');
    await hub.waitForSelector(`${DANA} [data-device]`);
    await press(hub, `${DANA} [data-device]`, 'Revoke');
    await hub.waitForSelector(`${DANA} ::-p-text(No signed-in browsers.)`);
    expect((await asDana('/v1/me')).status).toBe(401);

    // An invite: role, expiry and uses as the admin set them; its link shown this once; then withdrawn.
    await hub.select('select[name="inviteRole"]', 'viewer');
    await hub.$eval('input[name="inviteUses"]', (input) => {
      (input as HTMLInputElement).select();
    });
    await hub.type('input[name="inviteUses"]', '3');
    await press(hub, '[data-invite="form"]', 'Create invite');
    const link = await hub.waitForSelector('[data-invite="link"]');
    const url = (await link?.evaluate((node) => node.textContent)) ?? '';
    expect(parseInviteLink(url).serverUrl).toBe(server.url);
    const invites = async () =>
      zListPage(zInvite).parse(
        await (await server.request('/v1/invites', { headers: { authorization: `Bearer ${server.token}` } })).json(),
      ).data;
    const [made] = await invites();
    expect(made).toMatchObject({ role: 'viewer', maxUses: 3, uses: 0, revokedAt: null });
    await press(hub, `[data-invite-id="${made?.id}"]`, 'Delete');
    await waitFor(invites, (list) => list.every((invite) => invite.revokedAt !== null));
    await hub.close();
  });
});
