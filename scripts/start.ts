/**
 * `npm start`: the server on 127.0.0.1:8787 with its embedded database in `.data/`, plus the extension in
 * development mode, opened in Chromium/Chrome by WXT and already pointed at that server and signed in.
 * `npm start -- --demo` seeds the demo workspace on a first start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { devTokenPath } from '../server/dev-token.ts';
import { serverNodeFlags } from '../server/node-flags.ts';
import { zHealth } from '../utils/contract.ts';
import { startGuide } from './start-guide.ts';

const root = join(import.meta.dirname, '..');
const pgliteDir = join(root, '.data', 'pglite');
const tokenFile = devTokenPath(pgliteDir);
const extensionDir = join(root, '.output', 'chrome-mv3-dev');
const port = Number(process.env.PORT ?? '8787');
const host = '127.0.0.1';
const seedDemo = process.argv.includes('--demo');

/** Why the server could not listen on `port`, in words that say what to do; null when the port is free. */
async function portProblem(): Promise<string | null> {
  const code = await new Promise<string | null>((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'unknown'));
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
  if (code === null) return null;
  const instead = `or choose another port: PORT=${port + 1} npm start`;
  if (code !== 'EADDRINUSE') return `Cannot listen on ${host}:${port} (${code}): ${instead}.`;
  const health = await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(2000) })
    .then(async (response) => zHealth.safeParse(await response.json()).success)
    .catch(() => false);
  return health
    ? `A Hallway server already answers on http://${host}:${port} (another npm start?): stop it, ${instead}.`
    : `Port ${port} on ${host} is taken by another program: stop it, ${instead}.`;
}

/** A local admin token, made once and kept in the git-ignored data folder, so the dev build can sign in by itself. */
function devToken(): { token: string; created: boolean } {
  if (existsSync(tokenFile)) return { token: readFileSync(tokenFile, 'utf8').trim(), created: false };
  mkdirSync(pgliteDir, { recursive: true });
  const token = `hw_${randomBytes(32).toString('base64url')}`;
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  return { token, created: true };
}

function hasDisplay(): boolean {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Resolves with the server's URL once it says it listens; rejects when it exits first (its own message is shown). */
function serverListening(server: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`The server did not start within ${timeoutMs / 1000} s.`)),
      timeoutMs,
    );
    server.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString();
      const match = /hallway server listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server stopped (exit code ${code}).`));
    });
  });
}

/** Resolves once WXT has written the development build (its manifest) after `since`, or after `timeoutMs`. */
async function buildWritten(since: number, timeoutMs: number): Promise<void> {
  const manifest = join(extensionDir, 'manifest.json');
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (existsSync(manifest) && statSync(manifest).mtimeMs >= since) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const problem = await portProblem();
if (problem) {
  console.error(problem);
  process.exit(1);
}

const { token, created } = devToken();
const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

const server = spawn(
  process.execPath,
  [...serverNodeFlags(process.env.DATABASE_URL), join(root, 'server', 'main.ts')],
  {
    stdio: ['inherit', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: host,
      DATA_DIR: pgliteDir,
      HALLWAY_BOOTSTRAP_TOKEN: token,
      ...(seedDemo ? { HALLWAY_SEED_DEMO: '1' } : {}),
    },
  },
);
children.push(server);
let serverUrl: string;
try {
  serverUrl = await serverListening(server, 60_000);
} catch (error) {
  console.error((error as Error).message);
  stopAll();
  process.exit(1);
}
server.on('exit', (code) => {
  console.error(`The server stopped (exit code ${code}).`);
  stopAll();
  process.exitCode = code ?? 1;
});

const display = hasDisplay();
const buildStarted = Date.now();
const extension = spawn(join(root, 'node_modules', '.bin', 'wxt'), [], {
  stdio: 'inherit',
  env: {
    ...process.env,
    WXT_HALLWAY_SERVER_URL: serverUrl,
    WXT_HALLWAY_DEV_TOKEN: token,
    ...(display ? {} : { HALLWAY_NO_BROWSER: '1' }),
  },
});
children.push(extension);
extension.on('exit', stopAll);

// WXT prints its own progress; the guide comes once the build is there (or after a generous wait for it).
await buildWritten(buildStarted, 180_000);
console.log(
  startGuide({
    serverUrl,
    extensionDir,
    tokenFile: relative(process.cwd(), tokenFile) || tokenFile,
    browserOpened: display,
    firstStart: created,
  }),
);
