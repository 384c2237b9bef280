/**
 * `npm run lint:firefox`: Mozilla's add-on linter (`web-ext lint`, as addons.mozilla.org runs it on a listed
 * add-on) on the Firefox build, failing on any error, warning or notice but one: React DOM's own `innerHTML`
 * assignment, which implements `dangerouslySetInnerHTML`. Hallway never uses that prop (Biome's
 * `noDangerouslySetInnerHtml` is an error), so the assignment never runs with Hallway's data; it cannot be removed
 * without patching React DOM. The README says so for reviewers.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(import.meta.dirname, '..');
export const FIREFOX_BUILD = join(root, '.output', 'firefox-mv3');

export interface LinterMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** The linter's findings on the build in `sourceDir`: errors, warnings and notices together. */
export async function lintFirefoxBuild(sourceDir = FIREFOX_BUILD): Promise<LinterMessage[]> {
  const cli = join(root, 'node_modules', 'web-ext', 'bin', 'web-ext.js');
  const args = [cli, 'lint', '--source-dir', sourceDir, '--output', 'json', '--no-config-discovery'];
  const stdout = await promisify(execFile)(process.execPath, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }).then(
    (result) => result.stdout,
    (error: { stdout?: string }) => {
      if (!error.stdout) throw error;
      return error.stdout;
    },
  );
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as Record<
    'errors' | 'warnings' | 'notices',
    LinterMessage[]
  >;
  return [...report.errors, ...report.warnings, ...report.notices];
}

/** React DOM's `dangerouslySetInnerHTML` (`…__html!==n&&(e.innerHTML=n)`): the one finding allowed. */
export function isReactDomInnerHtml(message: LinterMessage, sourceDir = FIREFOX_BUILD): boolean {
  if (message.code !== 'UNSAFE_VAR_ASSIGNMENT' || !message.file || !message.line || !message.column) return false;
  const line = readFileSync(join(sourceDir, message.file), 'utf8').split('\n')[message.line - 1] ?? '';
  const before = line.slice(Math.max(0, message.column - 80), message.column + 20);
  return /\.__html!==\w+&&\(\w+\.innerHTML=\w+\)/.test(before);
}

if (import.meta.main) {
  const findings = (await lintFirefoxBuild()).filter((message) => !isReactDomInnerHtml(message));
  for (const { code, message, file, line } of findings)
    console.log(`${code}: ${message} (${file ?? ''}:${line ?? ''})`);
  console.log(
    findings.length === 0
      ? 'web-ext lint: no findings (React DOM innerHTML aside, see README)'
      : `${findings.length} findings`,
  );
  process.exitCode = findings.length === 0 ? 0 : 1;
}
