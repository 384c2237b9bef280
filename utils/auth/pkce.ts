/**
 * PKCE (RFC 7636, S256) and the `state` of one sign-in, made by the extension itself: the server hands back a
 * one-time code that only this verifier can exchange, so a code caught on its way back is worth nothing to another.
 */

/** base64url without padding, as RFC 7636 spells the verifier and the challenge. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes: a 43-character verifier, the shortest RFC 7636 allows and 256 bits of entropy. */
export function randomToken(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface PkcePair {
  verifier: string;
  challenge: string;
  state: string;
}

export async function createPkce(): Promise<PkcePair> {
  const verifier = randomToken();
  return { verifier, challenge: await challengeOf(verifier), state: randomToken(16) };
}
