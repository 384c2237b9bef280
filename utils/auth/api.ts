/**
 * The server's sign-in and People endpoints through the one HTTP client (`createApiRequest` over ky). Failures are
 * typed `SyncHttpError`s, worded with the server's own reason where it gives one.
 */
import { z } from 'zod';
import {
  type AuthConfig,
  type CreatedInvite,
  type Device,
  type Invite,
  type InviteCreate,
  type Person,
  type PersonPatch,
  type SignedIn,
  zAuthConfig,
  zCreatedInvite,
  zDevice,
  zInvite,
  zPerson,
  zSignedIn,
} from '../contract.ts';
import { createApiRequest, type FetchLike } from '../sync/http.ts';

/** A list endpoint's answer: `{ data: [...] }` (the API's list shape), or a bare array. */
const zList = <S extends z.ZodType>(item: S) =>
  z.union([z.object({ data: z.array(item) }).transform((page) => page.data), z.array(item)]);
/** Answers the extension does not read (a sign-out, a delete): 204 or any JSON. */
const zIgnored = z.unknown();

export interface AuthApiOptions {
  fetch: FetchLike;
  serverUrl: string;
  timeoutMs?: number;
}

export function createAuthApi(options: AuthApiOptions) {
  const request = createApiRequest(options);
  return {
    config(): Promise<AuthConfig> {
      return request('/v1/auth/config', zAuthConfig);
    },
    /** Exchanges the one-time code the server redirected back with, proving this sign-in's PKCE verifier. */
    token(input: { code: string; codeVerifier: string; deviceName: string }): Promise<SignedIn> {
      return request('/v1/auth/token', zSignedIn, { method: 'POST', json: input });
    },
  };
}

/** The calls made with this device's token: signing out and the admin's People view. */
export function createAccountApi(options: AuthApiOptions & { token: string }) {
  const request = createApiRequest(options);
  return {
    /** Revokes this device's token on the server. */
    signOut: () => request('/v1/auth/signout', zIgnored, { method: 'POST', json: {} }).then(() => undefined),
    people: (): Promise<Person[]> => request('/v1/people', zList(zPerson)),
    updatePerson: (id: string, patch: PersonPatch): Promise<Person> =>
      request(`/v1/people/${encodeURIComponent(id)}`, zPerson, { method: 'PATCH', json: patch }),
    /** One person's devices (admins may ask for anyone's). */
    devices: (userId: string): Promise<Device[]> =>
      request(`/v1/devices?${new URLSearchParams({ userId })}`, zList(zDevice)),
    revokeDevice: (id: string) =>
      request(`/v1/devices/${encodeURIComponent(id)}`, zIgnored, { method: 'DELETE' }).then(() => undefined),
    invites: (): Promise<Invite[]> => request('/v1/invites', zList(zInvite)),
    createInvite: (input: InviteCreate): Promise<CreatedInvite> =>
      request('/v1/invites', zCreatedInvite, { method: 'POST', json: input }),
    deleteInvite: (id: string) =>
      request(`/v1/invites/${encodeURIComponent(id)}`, zIgnored, { method: 'DELETE' }).then(() => undefined),
  };
}
export type AccountApi = ReturnType<typeof createAccountApi>;
