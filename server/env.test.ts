import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedRedirectUrls, authSettingsFromEnv } from './auth/settings.ts';
import { usesPreparedStatements } from './db/open.ts';
import { type Env, readEnv } from './env.ts';

const envOf = (source: Record<string, string>): Env => {
  const read = readEnv(source);
  if (!('env' in read)) throw new Error(read.problems.join('\n'));
  return read.env;
};
const problemsOf = (source: Record<string, string>) => {
  const read = readEnv(source);
  return 'problems' in read ? read.problems.join('\n') : '';
};

describe('sign-in settings from the environment', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hallway-env-'));
    await writeFile(join(folder, 'secret'), 'from-the-file\n');
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('has no single sign-on by default, accepts the Firefox build and expires device tokens after 90 days', () => {
    const settings = authSettingsFromEnv(envOf({}));
    expect(settings.oidc).toBeNull();
    expect(settings.deviceTokenExpiryDays).toBe(90);
    expect([...allowedRedirectUrls(settings.extensionIds)]).toEqual([
      // SHA-1 of "hallway@hallway.dev", as Firefox's identity.getRedirectURL() computes it.
      'https://d8172adb503434f2e5dd9d3e3486d785aef20215.extensions.allizom.org/',
    ]);
  });

  it('reads a full OpenID Connect setup, the secret from its file, domains lower-cased, groups mapped', () => {
    const settings = authSettingsFromEnv(
      envOf({
        PUBLIC_URL: 'https://hallway.acme.com/',
        OIDC_ISSUER: 'https://acme.okta.com',
        OIDC_CLIENT_ID: 'hallway',
        OIDC_CLIENT_SECRET: 'from-the-variable',
        OIDC_CLIENT_SECRET_FILE: join(folder, 'secret'),
        OIDC_ALLOWED_DOMAINS: 'Acme.com, acme.de',
        OIDC_GROUPS_CLAIM: 'groups',
        OIDC_ADMIN_GROUPS: 'hallway-admins',
        OIDC_VIEWER_GROUPS: 'contractors,interns',
        OIDC_DEFAULT_ROLE: 'viewer',
        EXTENSION_IDS: 'abcdefghijklmnopabcdefghijklmnop,hallway@hallway.dev',
        DEVICE_TOKEN_EXPIRY_DAYS: '30',
      }),
    );
    expect(settings.publicUrl).toBe('https://hallway.acme.com');
    expect(settings.oidc).toMatchObject({
      clientSecret: 'from-the-file',
      providerName: 'Okta',
      allowedDomains: ['acme.com', 'acme.de'],
      groupsClaim: 'groups',
      groupRoles: { admin: ['hallway-admins'], member: [], viewer: ['contractors', 'interns'] },
      defaultRole: 'viewer',
      requireVerifiedEmail: true,
    });
    expect(settings.deviceTokenExpiryDays).toBe(30);
    expect(
      allowedRedirectUrls(settings.extensionIds).has('https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/'),
    ).toBe(true);
  });

  it('names each missing or bad setting', () => {
    const problems = problemsOf({ OIDC_ISSUER: 'https://accounts.google.com' });
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PUBLIC_URL', 'OIDC_ALLOWED_DOMAINS']) {
      expect(problems).toContain(`${name}: is required with OIDC_ISSUER`);
    }
    expect(problemsOf({ OIDC_DEFAULT_ROLE: 'owner' })).toContain('OIDC_DEFAULT_ROLE');
    expect(problemsOf({ OIDC_CLIENT_SECRET_FILE: join(folder, 'missing') })).toContain(
      'OIDC_CLIENT_SECRET_FILE: cannot be read',
    );
    expect(problemsOf({ OIDC_ISSUER: 'ftp://idp' })).toContain('OIDC_ISSUER');
    expect(problemsOf({ DEVICE_TOKEN_EXPIRY_DAYS: '0' })).toContain('DEVICE_TOKEN_EXPIRY_DAYS');
  });
});

describe('named prepared statements from the environment', () => {
  const direct = 'postgres://hallway:secret@db.internal:5432/hallway';
  const pooled = 'postgres://hallway:secret@pgbouncer.internal:6432/hallway';

  it('are on for a PostgreSQL server reached directly and off through a pooler, unless said otherwise', () => {
    expect(usesPreparedStatements(envOf({ DATABASE_URL: direct }))).toBe(true);
    expect(usesPreparedStatements(envOf({ DATABASE_URL: direct, DATABASE_DIRECT_URL: direct }))).toBe(true);
    // DATABASE_DIRECT_URL apart from DATABASE_URL is how PgBouncer is configured (README, "Several servers").
    expect(usesPreparedStatements(envOf({ DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct }))).toBe(false);
    expect(
      usesPreparedStatements(
        envOf({ DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct, DATABASE_PREPARED_STATEMENTS: 'on' }),
      ),
    ).toBe(true);
    expect(usesPreparedStatements(envOf({ DATABASE_URL: direct, DATABASE_PREPARED_STATEMENTS: 'off' }))).toBe(false);
    expect(usesPreparedStatements(envOf({ DATABASE_PREPARED_STATEMENTS: 'on' }))).toBe(false);
  });

  it('refuses a value other than auto, on and off, naming the variable', () => {
    expect(problemsOf({ DATABASE_PREPARED_STATEMENTS: 'yes' })).toMatch(/DATABASE_PREPARED_STATEMENTS/);
  });
});
