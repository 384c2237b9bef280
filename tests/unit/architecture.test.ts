import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../../server/node-flags.ts';

const root = join(import.meta.dirname, '..', '..');
const importsOf = (file: string) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1],
  );

describe('architecture', () => {
  it('keeps the shared contract free of everything but zod', () => {
    const imports = importsOf('utils/contract.ts');
    expect(imports).toContain('zod');
    expect(imports.filter((source) => source !== 'zod')).toEqual([]);
  });

  it('keeps entrypoints thin: declare, wire, delegate', () => {
    const files = readdirSync(join(root, 'entrypoints'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      /\.(ts|tsx)$/.test(file),
    );
    const tooLong = files.filter(
      (file) => readFileSync(join(root, 'entrypoints', file), 'utf8').split('\n').length > 40,
    );
    expect(tooLong).toEqual([]);
  });

  it('has no eval, Function constructor or innerHTML anywhere in the extension (strings from pages stay text)', () => {
    const sources = ['components', 'utils', 'entrypoints'].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.(ts|tsx)$/.test(file))
        .map((file) => join(folder, file)),
    );
    const offenders = sources.filter((file) =>
      /\beval\s*\(|new\s+Function\s*\(|\.(inner|outer)HTML\b|insertAdjacentHTML|dangerouslySetInnerHTML/.test(
        readFileSync(join(root, file), 'utf8'),
      ),
    );
    expect(sources.length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });

  it('never imports zod into a content script through the messaging client', () => {
    const imports = importsOf('utils/messaging/client.ts');
    expect(imports).not.toContain('zod');
    expect(readFileSync(join(root, 'utils/messaging/client.ts'), 'utf8')).toMatch(
      /import type \{[^}]+\} from '\.\/protocol\.ts'/,
    );
  });

  it('starts the server with the same Node flags from npm scripts as from the launchers and benchmarks', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    // dev:server runs on PGlite (no DATABASE_URL), which needs the frugal set.
    expect(scripts['dev:server']).toBe(['node', ...serverNodeFlags(undefined), 'server/main.ts'].join(' '));
    expect(serverNodeFlags('postgres://db/hallway')).not.toContain('--liftoff-only');
  });
});
