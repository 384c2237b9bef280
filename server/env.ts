import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { zRole } from '../utils/contract.ts';

/** A comma-separated list; `fallback` when unset. */
const csvOf = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    );
const csv = csvOf('');
const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('')
  .transform((value) => value === '1' || value === 'true');

export const zSecretKey = z
  .string()
  .trim()
  .regex(
    /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/,
    'must be 32 bytes as base64 (44 characters) or hex (64 characters)',
  )
  .transform((value) => Buffer.from(value, value.length === 64 ? 'hex' : 'base64'));

const zEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** When set, a PostgreSQL server; otherwise embedded PGlite in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /**
   * PostgreSQL itself, when DATABASE_URL goes through a transaction pooler (PgBouncer): migrations and the one
   * LISTEN connection of the live streams use it. Defaults to DATABASE_URL.
   */
  DATABASE_DIRECT_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Named prepared statements for the server's hot statements (server/db/database.ts `named`): `on`, `off`, or
   * `auto`, which is on unless DATABASE_URL goes through a pooler (a DATABASE_DIRECT_URL other than DATABASE_URL).
   */
  DATABASE_PREPARED_STATEMENTS: z.enum(['auto', 'on', 'off']).default('auto'),
  DATA_DIR: z.string().min(1).default('.data/pglite'),
  CORS_ORIGINS: csv,
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(200),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  /** The admin token a first start on an empty database creates, so a launcher knows it in advance. */
  HALLWAY_BOOTSTRAP_TOKEN: z
    .string()
    .regex(/^hw_[A-Za-z0-9_-]{43}$/, 'must look like a generated token: hw_ and 43 base64url characters')
    .optional(),
  HALLWAY_SEED_DEMO: flag,
  /** Event streams one token may hold on one process (GET /v1/events); beyond it a clear 429. */
  LIVE_STREAMS_PER_TOKEN: z.coerce.number().int().min(1).max(100_000).default(5),
  /** Logs one line per poke fan-out (streams, time, CPU) to stdout: what `npm run bench -- live` reads. */
  LIVE_LOG_FANOUT: flag,

  // Sign-in (see "Sign-in" in server/README.md)
  /** The URL people reach this server at; the provider redirects to `<PUBLIC_URL>/v1/auth/oidc/callback`. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  /** The workspace people sign in to (OIDC); by default the first one created. */
  HALLWAY_WORKSPACE_ID: z.uuid().optional(),
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** A file holding the client secret (a mounted secret); wins over OIDC_CLIENT_SECRET. */
  OIDC_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  OIDC_PROVIDER_NAME: z.string().trim().min(1).max(120).optional(),
  OIDC_SCOPES: z.string().default('openid email profile'),
  /** Lower-cased email domains that may sign in; `*` allows any verified email. */
  OIDC_ALLOWED_DOMAINS: csv.transform((domains) => domains.map((domain) => domain.toLowerCase())),
  /** `0`: accept an email without `email_verified: true` (Entra ID does not send the claim; its tenant owns the domain). */
  OIDC_REQUIRE_VERIFIED_EMAIL: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('1')
    .transform((value) => value !== '0' && value !== 'false'),
  /** The ID token (or userinfo) claim with the person's groups, e.g. `groups`; unset: roles are not taken from groups. */
  OIDC_GROUPS_CLAIM: z.string().min(1).optional(),
  OIDC_ADMIN_GROUPS: csv,
  OIDC_MEMBER_GROUPS: csv,
  OIDC_VIEWER_GROUPS: csv,
  /** The role of a person none of whose groups is mapped (and of everyone without a groups claim). */
  OIDC_DEFAULT_ROLE: zRole.default('member'),
  OIDC_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  /** Chrome extension ids and Firefox add-on ids whose `identity.getRedirectURL()` a sign-in may return to. */
  EXTENSION_IDS: csvOf('hallway@hallway.dev'),
  /** A device token not used for this many days stops working. */
  DEVICE_TOKEN_EXPIRY_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** The weekly digest's e-mail: `smtp://user:pass@host:587` (or `smtps://`); unset: no e-mail digests. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  DIGEST_FROM: z.string().min(3).default('Hallway <hallway@localhost>'),
  /** The hub page the digests link their full lists to (`chrome-extension://<id>/hub.html`). */
  HUB_URL: z.url().optional(),
  /** `0` turns the weekly digest off (no e-mail, no webhooks). */
  DIGEST_ENABLED: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('1')
    .transform((value) => value === '1' || value === 'true'),
  /**
   * The key that encrypts connector credentials at rest (AES-256-GCM): 32 random bytes as base64 or hex
   * (`openssl rand -base64 32`). Without it, tools cannot be connected; changing it makes stored credentials unreadable.
   */
  HALLWAY_SECRET_KEY: zSecretKey.optional(),
});

export type Env = z.output<typeof zEnv>;

/** The environment parsed, or each problem as `  NAME: what is wrong`. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): { env: Env } | { problems: string[] } {
  // An empty variable (`DATABASE_URL=`) means unset, as in most deployment tools.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = zEnv.superRefine(checkSignIn).safeParse(present);
  if (parsed.success) return { env: parsed.data };
  return { problems: parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`) };
}

/** Parses the environment once at start; a bad value stops the server with a message naming the variable. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const read = readEnv(source);
  if ('env' in read) return read.env;
  console.error(`Invalid environment:\n${read.problems.join('\n')}`);
  process.exit(1);
}

/** OIDC needs its client, a public URL to be called back at and the domains it admits; the secret file must be readable. */
function checkSignIn(env: z.output<typeof zEnv>, ctx: z.RefinementCtx) {
  if (env.OIDC_CLIENT_SECRET_FILE) {
    try {
      env.OIDC_CLIENT_SECRET = readFileSync(env.OIDC_CLIENT_SECRET_FILE, 'utf8').trim();
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_CLIENT_SECRET_FILE'],
        message: `cannot be read: ${(error as Error).message}`,
      });
    }
  }
  if (!env.OIDC_ISSUER) return;
  const need = (key: keyof typeof env, message: string) => {
    if (!env[key] || (Array.isArray(env[key]) && env[key].length === 0))
      ctx.addIssue({ code: 'custom', path: [key], message });
  };
  need('OIDC_CLIENT_ID', 'is required with OIDC_ISSUER');
  need('OIDC_CLIENT_SECRET', 'is required with OIDC_ISSUER (or OIDC_CLIENT_SECRET_FILE)');
  need('PUBLIC_URL', 'is required with OIDC_ISSUER: the provider calls back <PUBLIC_URL>/v1/auth/oidc/callback');
  need('OIDC_ALLOWED_DOMAINS', 'is required with OIDC_ISSUER: the email domains that may sign in (or * for any)');
}
