/**
 * One sign-in through the server, the same for "Sign in with <provider>" and an invite: the extension makes its own
 * PKCE verifier and `state`, opens the server's start URL in the browser's web-auth window, reads the one-time code
 * the server redirects back with, checks the `state`, and exchanges the code with its verifier for a device token.
 * The provider's own tokens stay on the server: the extension sees only Hallway's code.
 */
import type { SignedIn } from '../contract.ts';
import { errorText, reasonOf } from '../errors.ts';
import { type Message, MessageError, message } from '../message.ts';
import type { createAuthApi } from './api.ts';
import { createPkce, type PkcePair } from './pkce.ts';

export type SignInRequest = { kind: 'provider' } | { kind: 'invite'; invite: string };

export type SignInProblem =
  | 'cancelled'
  | 'page_unreachable'
  | 'state_mismatch'
  | 'refused'
  | 'no_code'
  | 'invalid_invite'
  | 'exchange_failed';

/** A sign-in that did not happen, with the words to show (a `Message`, said where shown); nothing was saved. */
export class SignInError extends MessageError {
  declare readonly code: SignInProblem;
  constructor(code: SignInProblem, text: Message) {
    super(code, text);
    this.name = 'SignInError';
  }
}

export interface SignInDeps {
  serverUrl: string;
  /** Where the server sends the browser back: `identity.getRedirectURL()` (chromiumapp.org, extensions.allizom.org). */
  redirectUrl: string;
  /** `identity.launchWebAuthFlow({ url, interactive: true })`: resolves with the URL the flow ended on. */
  launch: (url: string) => Promise<string>;
  api: Pick<ReturnType<typeof createAuthApi>, 'token'>;
  deviceName: string;
  pkce?: () => Promise<PkcePair>;
}

const base = (serverUrl: string) => serverUrl.trim().replace(/\/+$/, '');

/** The server page the web-auth window opens first. */
export function startUrl(serverUrl: string, request: SignInRequest, pkce: PkcePair, redirectUrl: string): string {
  const query = new URLSearchParams({
    ...(request.kind === 'invite' ? { invite: request.invite } : {}),
    redirect_uri: redirectUrl,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state: pkce.state,
  });
  const path = request.kind === 'invite' ? '/v1/auth/invite/start' : '/v1/auth/oidc/start';
  return `${base(serverUrl)}${path}?${query}`;
}

/** The one-time code from the URL the flow ended on, after checking it answers this sign-in's `state`. */
export function readCallback(callbackUrl: string, expectedState: string): { code: string } {
  const url = URL.canParse(callbackUrl) ? new URL(callbackUrl) : null;
  if (!url) throw new SignInError('no_code', message('signIn.error.noAnswer'));
  // The server may put its answer in the query or, like some providers, in the fragment.
  const params = url.search ? url.searchParams : new URLSearchParams(url.hash.replace(/^#/, ''));
  const error = params.get('error');
  if (params.get('state') !== expectedState) {
    throw new SignInError('state_mismatch', message('signIn.error.stateMismatch'));
  }
  if (error) {
    const description = params.get('error_description')?.slice(0, 500);
    // The redirect's code in the user's language where Hallway knows it, else the server's words.
    const known = errorText({ code: error, message: description || error });
    throw new SignInError('refused', known ?? message('signIn.error.refused', { reason: description || error }));
  }
  const code = params.get('code');
  if (!code) throw new SignInError('no_code', message('signIn.error.noCode'));
  return { code };
}

/** Chrome and Firefox word a closed window and an unloadable page differently; both are told apart from the rest. */
export function launchProblem(error: unknown, serverUrl: string): SignInError {
  const said = error instanceof Error ? error.message : String(error);
  if (/did not approve|cancel|denied|closed/i.test(said)) {
    return new SignInError('cancelled', message('signIn.error.cancelled'));
  }
  if (/could not be loaded|page could not/i.test(said)) {
    return new SignInError('page_unreachable', message('signIn.error.pageUnreachable', { server: base(serverUrl) }));
  }
  // The browser's own words (in the browser's language).
  return new SignInError('page_unreachable', message('signIn.error.browserFailed', { reason: said }));
}

export async function signIn(deps: SignInDeps, request: SignInRequest): Promise<SignedIn> {
  const pkce = await (deps.pkce ?? createPkce)();
  const callback = await deps.launch(startUrl(deps.serverUrl, request, pkce, deps.redirectUrl)).catch((error) => {
    throw launchProblem(error, deps.serverUrl);
  });
  const { code } = readCallback(callback, pkce.state);
  try {
    return await deps.api.token({ code, codeVerifier: pkce.verifier, deviceName: deps.deviceName });
  } catch (error) {
    const reason = reasonOf(error);
    // A refusal Hallway knows says what happened by itself; other words are the server's, so it says whose they are.
    throw new SignInError(
      'exchange_failed',
      typeof reason === 'string' ? message('signIn.error.exchangeFailed', { reason }) : (reason as Message),
    );
  }
}

/**
 * An invite link as an admin copies it from the hub (the contract's `inviteLink`: `<server>/invite#invite=<secret>`):
 * the server it belongs to and its secret. Also accepted: `?invite=`, or a path ending in `/invite/<secret>`; the
 * server is the link's origin and path up to `/v1/` or `/invite`.
 */
export function parseInviteLink(text: string): { serverUrl: string; invite: string } {
  const trimmed = text.trim();
  const url = URL.canParse(trimmed) ? new URL(trimmed) : null;
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new SignInError('invalid_invite', message('signIn.error.pasteWholeLink'));
  }
  const fromHash = new URLSearchParams(url.hash.replace(/^#/, '')).get('invite');
  const fromPath = /\/invite\/([^/?#]+)\/?$/.exec(url.pathname)?.[1];
  const invite = url.searchParams.get('invite') ?? fromHash ?? (fromPath ? decodeURIComponent(fromPath) : null);
  if (!invite || invite.length > 500) {
    throw new SignInError('invalid_invite', message('signIn.error.notInvite'));
  }
  const prefix = url.pathname.split(/\/(?:v1\/|invite\b)/)[0] ?? '';
  return { serverUrl: `${url.origin}${prefix.replace(/\/+$/, '')}`, invite };
}

/** The platforms' names (`runtime.getPlatformInfo().os`), which read the same in every language. */
const SYSTEMS: Record<string, string> = {
  linux: 'Linux',
  mac: 'macOS',
  win: 'Windows',
  cros: 'ChromeOS',
  android: 'Android',
  openbsd: 'OpenBSD',
  fuchsia: 'Fuchsia',
};

/**
 * "Chrome on Linux": how the device is listed on the server (in English, for API users and the admin's CLI), from
 * the browser and the platform. The extension lists it in the user's language (`deviceLabel`).
 */
export function deviceNameOf(browserName: string, os: string): string {
  return `${browserName} on ${SYSTEMS[os] ?? os}`;
}

/**
 * How a device is listed to the user: a sign-in's device under the name `deviceNameOf` gave it, said in the user's
 * language from its browser and platform ("Chrome unter Linux"); any other name (an API token's, given by a person)
 * as it is.
 */
export function deviceLabel(device: { name: string; kind: 'device' | 'api' }): Message | string {
  const parts = device.kind === 'device' ? /^(.+) on (\S+)$/.exec(device.name) : null;
  const [browserName, system] = [parts?.[1], parts?.[2]];
  if (!browserName || !system || !Object.values(SYSTEMS).includes(system)) return device.name;
  return message('options.devices.name', { browser: browserName, system });
}
