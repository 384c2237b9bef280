/**
 * The registry these machines reach serves only Linux builds of platform-specific packages, so `npm install` leaves
 * the other platforms' optional packages (`@biomejs/cli-darwin-arm64`, …) out of package-lock.json, and `npm ci`
 * then refuses the lock file as out of sync. This restores their entries, with the `os`/`cpu`/`libc` that make npm
 * skip them on a platform they are not for. Run after every install (the `postinstall` script); idempotent.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

const OPERATING_SYSTEMS = [
  'android',
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPUS = ['arm64', 'x64', 'arm', 'ia32', 'riscv64', 'ppc64', 'ppc64le', 's390x', 'loong64', 'mips64el', 'wasm32'];

/** What a platform package's name says about where it runs, e.g. `cli-linux-x64-musl`. */
export function platformOf(name: string): Pick<LockEntry, 'os' | 'cpu' | 'libc'> {
  const parts = (name.split('/').pop() ?? name).split('-');
  const os = parts.find((part) => OPERATING_SYSTEMS.includes(part));
  const cpu = parts.find((part) => CPUS.includes(part));
  const libc = parts.includes('musl')
    ? 'musl'
    : parts.includes('gnu') || parts.includes('gnueabihf')
      ? 'glibc'
      : undefined;
  return {
    ...(os ? { os: [os] } : {}),
    ...(cpu ? { cpu: [cpu] } : {}),
    ...(libc && os === 'linux' ? { libc: [libc] } : {}),
  };
}

/**
 * Adds the missing entries, in the form npm itself writes them, so that the next `npm install` leaves the file as it
 * is: `packages` sorted by path (npm compares with `localeCompare(…, 'en')`), and an entry without `resolved` or
 * `integrity` as `version` then its other fields in alphabetical order.
 */
export function completeLockfile(lock: { packages: Record<string, LockEntry> }): number {
  let added = 0;
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${path}/node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      if (lock.packages[nested] || lock.packages[hoisted]) continue;
      const fields: LockEntry = { ...(entry.dev ? { dev: true } : {}), optional: true, ...platformOf(name) };
      lock.packages[hoisted] = {
        version,
        ...Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b, 'en'))),
      };
      added += 1;
    }
  }
  if (added > 0) {
    lock.packages = Object.fromEntries(
      Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))),
    );
  }
  return added;
}

// Run as a script, not when a test imports it (`import.meta.main` needs Node 24).
if (process.argv[1] === import.meta.filename) {
  const file = join(import.meta.dirname, '..', 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const added = completeLockfile(lock);
  if (added > 0) writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
