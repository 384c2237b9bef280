/** Driving a sign-in the way the extension does, against an app and the test provider (tests/support/oidc-provider). */
import { randomBytes } from 'node:crypto';
import { signInAtProvider } from '../../tests/support/oidc-provider.ts';
import { s256 } from '../domain/sign-in.ts';

export const CHROME_EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const CHROME_REDIRECT = `https://${CHROME_EXTENSION_ID}.chromiumapp.org/`;
export const PUBLIC_URL = 'http://hallway.test';
export const CALLBACK_URL = `${PUBLIC_URL}/v1/auth/oidc/callback`;

interface Requester {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** The extension's secrets for one sign-in: its PKCE verifier and its state. */
export function extensionSecrets() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier), state: randomBytes(16).toString('base64url') };
}

export function startQuery(secrets: { challenge: string; state: string }, redirectUri = CHROME_REDIRECT) {
  return new URLSearchParams({
    redirect_uri: redirectUri,
    code_challenge: secrets.challenge,
    code_challenge_method: 'S256',
    state: secrets.state,
  }).toString();
}

/** Where a response redirects to (throws when it does not). */
export function locationOf(response: Response): URL {
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location);
}

/**
 * Starts a sign-in, logs `login` in at the provider and brings the provider's answer back to the server's callback.
 * Returns the extension's secrets and the URL the server finally redirected the extension to.
 */
export async function signInThroughProvider(app: Requester, login: string, redirectUri = CHROME_REDIRECT) {
  const secrets = extensionSecrets();
  const started = await app.request(`/v1/auth/oidc/start?${startQuery(secrets, redirectUri)}`);
  const atProvider = locationOf(started);
  const callback = await signInAtProvider(atProvider.toString(), login);
  const finished = await app.request(`${callback.pathname}${callback.search}`);
  return { secrets, callback, redirect: locationOf(finished) };
}

/** Posts the one-time code with a verifier, as the extension does. */
export function exchange(app: Requester, code: string, codeVerifier: string, deviceName = 'Chrome on Linux') {
  return app.request('/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, codeVerifier, deviceName }),
  });
}
