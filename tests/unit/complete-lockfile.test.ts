import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeLockfile, platformOf } from '../../scripts/complete-lockfile.ts';

describe('completeLockfile', () => {
  it('reads the platform from a package name', () => {
    expect(platformOf('@biomejs/cli-linux-x64-musl')).toEqual({ os: ['linux'], cpu: ['x64'], libc: ['musl'] });
    expect(platformOf('@tailwindcss/oxide-darwin-arm64')).toEqual({ os: ['darwin'], cpu: ['arm64'] });
    expect(platformOf('@rollup/rollup-linux-arm-gnueabihf')).toEqual({ os: ['linux'], cpu: ['arm'], libc: ['glibc'] });
    expect(platformOf('@tailwindcss/oxide-wasm32-wasi')).toEqual({ cpu: ['wasm32'] });
  });

  it('adds the optional packages the lock lacks, once', () => {
    const lock = {
      packages: {
        'node_modules/@biomejs/biome': {
          version: '2.6.8',
          dev: true,
          optionalDependencies: { '@biomejs/cli-linux-x64': '2.6.8', '@biomejs/cli-win32-x64': '2.6.8' },
        },
        'node_modules/@biomejs/cli-linux-x64': { version: '2.6.8', dev: true, optional: true },
      },
    };
    expect(completeLockfile(lock)).toBe(1);
    expect(lock.packages).toHaveProperty(['node_modules/@biomejs/cli-win32-x64'], {
      version: '2.6.8',
      dev: true,
      optional: true,
      os: ['win32'],
      cpu: ['x64'],
    });
    expect(completeLockfile(lock)).toBe(0);
  });

  it('writes added entries where and as npm writes them', () => {
    const lock: Parameters<typeof completeLockfile>[0] = {
      packages: {
        '': { version: '0.1.0' },
        'node_modules/@biomejs/biome': {
          version: '2.6.8',
          dev: true,
          optionalDependencies: { '@biomejs/cli-linux-x64-musl': '2.6.8', '@biomejs/cli-darwin-arm64': '2.6.8' },
        },
        'node_modules/zod': { version: '4.6.7' },
      },
    };
    expect(completeLockfile(lock)).toBe(2);
    expect(Object.keys(lock.packages)).toEqual([
      '',
      'node_modules/@biomejs/biome',
      'node_modules/@biomejs/cli-darwin-arm64',
      'node_modules/@biomejs/cli-linux-x64-musl',
      'node_modules/zod',
    ]);
    expect(Object.keys(lock.packages['node_modules/@biomejs/cli-linux-x64-musl'] ?? {})).toEqual([
      'version',
      'cpu',
      'dev',
      'libc',
      'optional',
      'os',
    ]);
  });

  it('keeps package-lock.json as npm writes it, so a fresh install does not rewrite it', () => {
    const lock = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package-lock.json'), 'utf8')) as {
      packages: Record<string, Record<string, unknown>>;
    };
    const paths = Object.keys(lock.packages);
    expect(paths).toEqual([...paths].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === '' || entry.resolved || entry.integrity) continue;
      const [first, ...rest] = Object.keys(entry);
      expect([first, ...rest], path).toEqual(['version', ...[...rest].sort((a, b) => a.localeCompare(b, 'en'))]);
    }
  });
});
