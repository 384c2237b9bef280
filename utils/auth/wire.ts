/**
 * The sign-in endpoints' answers as the extension reads them (GET /v1/auth/config, POST /v1/auth/token) and the
 * People API the hub's admin view uses.
 */
import { z } from 'zod';
import { zEntityId, zRole, zTimestamp } from '../contract.ts';

const label = (max: number) => z.string().trim().min(1).max(max);

export const zAuthConfig = z.object({
  workspace: z.object({ name: label(200) }).nullable(),
  oidc: z.object({ providerName: label(120) }).nullable(),
  invites: z.boolean(),
  tokenPaste: z.boolean(),
});
export type AuthConfig = z.infer<typeof zAuthConfig>;

export const zTokenResponse = z.object({
  token: z.string().min(8).max(200),
  user: z.object({ id: zEntityId, name: label(120), email: z.string().max(320).nullable(), role: zRole }),
  workspace: z.object({ id: zEntityId, name: label(200) }),
});
export type TokenResponse = z.infer<typeof zTokenResponse>;

export const zPerson = z.object({
  id: zEntityId,
  name: label(120),
  email: z.string().max(320).nullable(),
  role: zRole,
  status: z.enum(['active', 'deactivated']),
  lastSeenAt: zTimestamp.nullable(),
});
export type Person = z.infer<typeof zPerson>;

export const zDevice = z.object({
  id: zEntityId,
  userId: zEntityId,
  name: label(200),
  createdAt: zTimestamp,
  lastUsedAt: zTimestamp.nullable(),
});
export type Device = z.infer<typeof zDevice>;

export const zInvite = z.object({
  id: zEntityId,
  role: zRole,
  expiresAt: zTimestamp,
  maxUses: z.int().min(1),
  uses: z.int().min(0),
  createdAt: zTimestamp,
  /** Only in the answer to its creation: the server keeps a hash. */
  url: z.string().max(4096).optional(),
});
export type Invite = z.infer<typeof zInvite>;

export const zInviteInput = z.object({
  role: zRole,
  expiresInDays: z.int().min(1).max(90),
  maxUses: z.int().min(1).max(1000),
});
export type InviteInput = z.infer<typeof zInviteInput>;

export const zPersonPatch = z
  .object({ role: zRole.optional(), status: z.enum(['active', 'deactivated']).optional() })
  .refine((patch) => patch.role !== undefined || patch.status !== undefined, 'change the role or the status');
export type PersonPatch = z.infer<typeof zPersonPatch>;
