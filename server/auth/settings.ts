import { createHash } from 'node:crypto';
import { extensionRedirectUrl, isChromeExtensionId, type Role, zRole } from '../../utils/contract.ts';
import type { Env } from '../env.ts';

/** The server as an OpenID Connect relying party; see "Sign-in" in server/README.md for each setting. */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  providerName: string;
  scopes: string;
  /** Lower-cased; `*` admits any verified email. */
  allowedDomains: readonly string[];
  /** Whether the provider must say `email_verified: true` (Entra ID never sends the claim). */
  requireVerifiedEmail: boolean;
  /** The claim with the person's groups; undefined: roles are not taken from the provider. */
  groupsClaim: string | undefined;
  groupRoles: Readonly<Record<Role, readonly string[]>>;
  defaultRole: Role;
  timeoutSeconds: number;
  clockToleranceSeconds: number;
}

export interface AuthSettings {
  /** Where people reach the server; without it, invite links are made from the request's own URL. */
  publicUrl: string | undefined;
  /** The workspace people sign in to with OIDC; undefined: the first one created. */
  workspaceId: string | undefined;
  oidc: OidcSettings | null;
  /** Chrome extension ids and Firefox add-on ids whose redirect URL a sign-in may end at. */
  extensionIds: readonly string[];
  deviceTokenExpiryDays: number;
}

export const DEFAULT_DEVICE_TOKEN_EXPIRY_DAYS = 90;

export const defaultAuthSettings = (): AuthSettings => ({
  publicUrl: undefined,
  workspaceId: undefined,
  oidc: null,
  extensionIds: ['hallway@hallway.dev'],
  deviceTokenExpiryDays: DEFAULT_DEVICE_TOKEN_EXPIRY_DAYS,
});

/** A name for "Sign in with …" when OIDC_PROVIDER_NAME is not set: the big three by their issuer, else the host. */
export function providerNameOf(issuer: URL): string {
  const host = issuer.hostname;
  if (host === 'accounts.google.com') return 'Google';
  if (host.endsWith('.okta.com') || host.endsWith('.oktapreview.com')) return 'Okta';
  if (host === 'login.microsoftonline.com' || host.endsWith('.ciamlogin.com')) return 'Microsoft';
  return host;
}

export function authSettingsFromEnv(env: Env): AuthSettings {
  const issuer = env.OIDC_ISSUER ? new URL(env.OIDC_ISSUER) : undefined;
  return {
    publicUrl: env.PUBLIC_URL,
    workspaceId: env.HALLWAY_WORKSPACE_ID,
    extensionIds: env.EXTENSION_IDS,
    deviceTokenExpiryDays: env.DEVICE_TOKEN_EXPIRY_DAYS,
    oidc:
      issuer && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? {
            issuer,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            providerName: env.OIDC_PROVIDER_NAME ?? providerNameOf(issuer),
            scopes: env.OIDC_SCOPES,
            allowedDomains: env.OIDC_ALLOWED_DOMAINS,
            requireVerifiedEmail: env.OIDC_REQUIRE_VERIFIED_EMAIL,
            groupsClaim: env.OIDC_GROUPS_CLAIM,
            groupRoles: {
              admin: env.OIDC_ADMIN_GROUPS,
              member: env.OIDC_MEMBER_GROUPS,
              viewer: env.OIDC_VIEWER_GROUPS,
            },
            defaultRole: env.OIDC_DEFAULT_ROLE,
            timeoutSeconds: env.OIDC_TIMEOUT_SECONDS,
            clockToleranceSeconds: env.OIDC_CLOCK_TOLERANCE_SECONDS,
          }
        : null,
  };
}

/** SHA-1 hex of the add-on id, as Firefox's `identity.getRedirectURL()` computes it (toolkit ext-identity.js). */
export const firefoxRedirectHash = (addonId: string) => createHash('sha1').update(addonId, 'utf8').digest('hex');

/** The exact redirect URLs a sign-in may end at: `identity.getRedirectURL()` of each configured extension. */
export function allowedRedirectUrls(extensionIds: readonly string[]): ReadonlySet<string> {
  return new Set(
    extensionIds.map((id) =>
      isChromeExtensionId(id) ? extensionRedirectUrl(id) : extensionRedirectUrl(id, firefoxRedirectHash(id)),
    ),
  );
}

/** The role the person's groups give (the highest mapped one), or undefined when none is mapped. */
export function roleFromGroups(groups: readonly string[], mapping: OidcSettings['groupRoles']): Role | undefined {
  // The contract lists the roles the highest first.
  return zRole.options.find((role) => mapping[role].some((group) => groups.includes(group)));
}
