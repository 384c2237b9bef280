/**
 * Signing in and out, in the background: the web-auth window outlives the popup that asked for it (a popup closes
 * as soon as the window takes the focus), so the flow, the code exchange and the saving of the token all run here.
 */
import { browser } from 'wxt/browser';
import { createAccountApi, createAuthApi } from '../auth/api.ts';
import { deviceNameOf, parseInviteLink, SignInError, signIn } from '../auth/flow.ts';
import type { Me } from '../contract.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { MessageError, message } from '../message.ts';
import type { MessageHandlers } from '../messaging/router.ts';
import { loadPolicy, signInModeOf } from '../policy.ts';
import { loadSettings, saveSettings } from '../settings.ts';
import { readConnection, saveCredentials } from '../sync/connection.ts';
import type { FetchLike } from '../sync/http.ts';

export interface AuthDeps {
  db: HallwayDexie;
  fetch: FetchLike;
  /** Runs a sync pass (the first one after signing in). */
  syncSoon: () => void;
  /** Forgets the token and the workspace's copy (`disconnect`), keeping the server URL. */
  forget: (discardUnsent: boolean) => Promise<{ disconnected: true } | { disconnected: false; unsent: number }>;
  launch?: (url: string) => Promise<string>;
  redirectUrl?: () => string;
  deviceName?: () => Promise<string>;
}

/** "Chrome on Linux": the browser's brand (Chromium-based ones name theirs) and the platform. */
export async function currentDeviceName(): Promise<string> {
  const brands = (navigator as { userAgentData?: { brands?: { brand: string }[] } }).userAgentData?.brands ?? [];
  const brand = brands.map((entry) => entry.brand).find((name) => !/Chromium|Not.?A.?Brand/i.test(name));
  const name = import.meta.env.FIREFOX ? 'Firefox' : (brand?.replace(/^Google /, '') ?? 'Chromium');
  const { os } = await browser.runtime.getPlatformInfo();
  return deviceNameOf(name, os);
}

const launchWebAuthFlow = async (url: string): Promise<string> => {
  const answer = await browser.identity.launchWebAuthFlow({ url, interactive: true });
  if (!answer) throw new MessageError('no_code', message('error.signInClosed'));
  return answer;
};

export function createAuthHandlers(
  deps: AuthDeps,
): Pick<MessageHandlers, 'auth.config' | 'auth.signIn' | 'auth.signOut'> {
  const launch = deps.launch ?? launchWebAuthFlow;
  const redirectUrl = deps.redirectUrl ?? (() => browser.identity.getRedirectURL());
  const deviceName = deps.deviceName ?? currentDeviceName;

  return {
    'auth.config': async ({ serverUrl }) => {
      const address = serverUrl ?? (await loadSettings()).serverUrl;
      if (!address) throw new SignInError('page_unreachable', message('error.enterServer'));
      return createAuthApi({ fetch: deps.fetch, serverUrl: address }).config();
    },

    'auth.signIn': async (request) => {
      const policy = await loadPolicy();
      const target =
        request.kind === 'invite'
          ? parseInviteLink(request.link)
          : { serverUrl: request.serverUrl ?? (await loadSettings()).serverUrl, invite: null };
      if (!target.serverUrl) throw new SignInError('page_unreachable', message('error.enterServer'));
      if (
        policy.serverUrl &&
        policy.serverUrlLocked &&
        target.serverUrl.replace(/\/+$/, '') !== policy.serverUrl.replace(/\/+$/, '')
      ) {
        throw new SignInError('invalid_invite', message('error.serverLocked', { server: policy.serverUrl }));
      }
      if (request.kind === 'provider' && signInModeOf(policy) === 'token') {
        throw new SignInError('refused', message('error.tokenOnly'));
      }
      const serverUrl = target.serverUrl.replace(/\/+$/, '');
      const answer = await signIn(
        {
          serverUrl,
          redirectUrl: redirectUrl(),
          launch,
          api: createAuthApi({ fetch: deps.fetch, serverUrl }),
          deviceName: await deviceName(),
        },
        target.invite ? { kind: 'invite', invite: target.invite } : { kind: 'provider' },
      );
      // A signed-in person is active (the server refuses a deactivated one's sign-in).
      const me: Me = { workspace: answer.workspace, user: { ...answer.user, status: 'active' } };
      // The outbox stays. Writes made before a "Sign in again" are sent with the new token; another person's are
      // kept aside, never sent as this one (see `adoptIdentity`).
      await saveCredentials(deps.db, answer.token, me);
      await saveSettings({ serverUrl });
      deps.syncSoon();
      return me;
    },

    'auth.signOut': async ({ discardUnsent }) => {
      const unsent = await deps.db.outbox.count();
      if (unsent > 0 && !discardUnsent) return { signedOut: false, unsent };
      const connection = await readConnection(deps.db);
      // Revoked first, while the token is still at hand; a server out of reach does not keep the browser signed in.
      const revoked = connection
        ? await createAccountApi({ fetch: deps.fetch, ...connection })
            .signOut()
            .then(
              () => true,
              () => false,
            )
        : false;
      const forgotten = await deps.forget(discardUnsent);
      if (!forgotten.disconnected) return { signedOut: false, unsent: forgotten.unsent };
      return { signedOut: true, revoked };
    },
  };
}
