/**
 * Lints the server's OpenAPI document with Redocly's recommended rules (`redocly.yaml`): `npm run lint:openapi`,
 * and `server/http/openapi.test.ts` in the unit suite. The document is generated, so it is written to a temporary
 * file first. One finding is expected and allowed: `operation-4xx-response` on an operation open to anyone
 * (`security: []`, the health check and the document itself), which has no client error to answer.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SERVER_VERSION } from '../server/app.ts';
import { buildOpenApi } from '../server/http/openapi.ts';

const root = join(import.meta.dirname, '..');

export interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

/** Redocly's findings on `document` (JSON output of `redocly lint`, which exits non-zero when it finds errors). */
export async function lintOpenApi(document: unknown = buildOpenApi(SERVER_VERSION)): Promise<LintProblem[]> {
  const folder = mkdtempSync(join(tmpdir(), 'hallway-openapi-'));
  try {
    const file = join(folder, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const cli = join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const args = [cli, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'json'];
    const output = await promisify(execFile)(process.execPath, args, { cwd: root, maxBuffer: 32 * 1024 * 1024 }).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string }) => {
        if (!error.stdout) throw error;
        return error.stdout;
      },
    );
    return (JSON.parse(output) as { problems: LintProblem[] }).problems;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The findings that are not the allowed one (see the top of this file). */
export function unexpectedProblems(problems: LintProblem[], document: unknown): LintProblem[] {
  const openOperation = (pointer: string) => {
    const match = /^#\/paths\/([^/]+)\/([a-z]+)\/responses$/.exec(pointer);
    if (!match?.[1] || !match[2]) return false;
    const path = decodeURIComponent(match[1]).replaceAll('~1', '/').replaceAll('~0', '~');
    const paths = (document as { paths: Record<string, Record<string, { security?: unknown[] }>> }).paths;
    return paths[path]?.[match[2]]?.security?.length === 0;
  };
  return problems.filter(
    (problem) =>
      !(problem.ruleId === 'operation-4xx-response' && problem.location.every(({ pointer }) => openOperation(pointer))),
  );
}

if (import.meta.main) {
  const document = buildOpenApi(SERVER_VERSION);
  const problems = unexpectedProblems(await lintOpenApi(document), document);
  for (const problem of problems) {
    console.log(`${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.location[0]?.pointer ?? ''})`);
  }
  console.log(
    problems.length === 0 ? "The OpenAPI document passes Redocly's recommended rules." : `${problems.length} problems`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
