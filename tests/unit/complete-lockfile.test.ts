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
});
