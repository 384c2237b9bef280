/**
 * docs/privacy.md names every permission each build asks for and every data type Firefox's consent shows, and
 * nothing else: a new permission (or data type) fails here until the policy says what it is for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config.ts';

const policy = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'privacy.md'), 'utf8');

/** The rows of the Markdown table under `heading`, as cells. */
function tableUnder(heading: string): string[][] {
  const section = policy.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`docs/privacy.md has no "## ${heading}" section`);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}
const code = (cell: string) => /`([^`]+)`/.exec(cell)?.[1] ?? cell;

type Browser = 'chrome' | 'firefox';
interface Manifest {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  browser_specific_settings?: {
    gecko?: { data_collection_permissions?: { required?: string[]; optional?: string[] } };
  };
}
async function manifestOf(browser: Browser): Promise<Manifest> {
  const manifest = config.manifest;
  if (typeof manifest !== 'function') throw new Error('wxt.config.ts has no manifest function');
  return (await manifest({ browser, manifestVersion: 3, mode: 'production', command: 'build' })) as Manifest;
}

describe('the privacy policy (docs/privacy.md)', () => {
  it.each<Browser>(['chrome', 'firefox'])('lists exactly the permissions the %s build asks for', async (browser) => {
    const manifest = await manifestOf(browser);
    const asked = [
      ...(manifest.permissions ?? []),
      ...(manifest.host_permissions ?? []),
      ...(manifest.optional_permissions ?? []).map((name) => `${name} (optional)`),
      ...(manifest.optional_host_permissions ?? []).map((pattern) => `${pattern} (optional)`),
    ];
    const listed = tableUnder('What the browser asks you to allow')
      .filter(([, builds]) => builds?.toLowerCase().includes(browser))
      .map(([permission = '']) =>
        permission.includes('(optional)') ? `${code(permission)} (optional)` : code(permission),
      );
    expect(listed.sort(), 'update the table in docs/privacy.md with what the permission is for').toEqual(asked.sort());
  });

  it("lists exactly the data types of the Firefox build's data collection consent, and not 'none'", async () => {
    const declared = (await manifestOf('firefox')).browser_specific_settings?.gecko?.data_collection_permissions;
    const types = [...(declared?.required ?? []), ...(declared?.optional ?? [])];
    expect(types).not.toContain('none');
    const listed = tableUnder("Firefox's data collection consent").map(([type = '']) => code(type));
    expect(listed.sort()).toEqual(types.sort());
  });
});
