/**
 * PostgreSQL is optional (README): every test file that reads TEST_DATABASE_URL must still pass without it. Vitest
 * fails a file that registers no test, so such a file has to hold tests that need no PostgreSQL server. `.ci/run`
 * runs the whole unit suite this way too; this test keeps the rule visible on a machine that has PostgreSQL.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function testFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.test\.tsx?$/.test(name))
    .map((name) => join(folder, name));
}

describe('the unit suite without PostgreSQL', () => {
  it('passes every file that reads TEST_DATABASE_URL when it is unset', () => {
    const files = [...testFiles('server'), ...testFiles(join('tests', 'unit'))].filter(
      (file) =>
        file !== relative(root, import.meta.filename) &&
        readFileSync(join(root, file), 'utf8').includes('TEST_DATABASE_URL') &&
        // The durability test starts real server processes; `.ci/run` covers it without PostgreSQL.
        !file.endsWith('durability.test.ts'),
    );
    expect(files).toContain(join('server', 'db', 'postgres.test.ts'));
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && !name.startsWith('TEST_')),
    );
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'unit', ...files],
      { cwd: root, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/No test suite found/);
    expect(run.status).toBe(0);
  }, 90_000);
});
