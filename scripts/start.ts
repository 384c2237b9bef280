/**
 * `npm start`: the server on 127.0.0.1:8787 with its embedded database in `.data/`, plus the extension in
 * development mode, opened in Chromium/Chrome by WXT and already pointed at that server.
 * `npm start -- --demo` seeds the demo workspace on a first start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverNodeFlags } from '../server/node-flags.ts';

const root = join(import.meta.dirname, '..');
const dataDir = join(root, '.data');
const port = process.env.PORT ?? '8787';
const serverUrl = `http://127.0.0.1:${port}`;
const seedDemo = process.argv.includes('--demo');

/** A local admin token, made once and kept in the git-ignored data folder, so the dev build can sign in by itself. */
function devToken(): string {
  const file = join(dataDir, 'dev-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = `hw_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

function hasDisplay(): boolean {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

async function waitForServer(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${serverUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not answer on ${serverUrl}/healthz within ${timeoutMs / 1000} s`);
}

const token = devToken();
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
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: port,
      HOST: '127.0.0.1',
      DATA_DIR: join(dataDir, 'pglite'),
      HALLWAY_BOOTSTRAP_TOKEN: token,
      ...(seedDemo ? { HALLWAY_SEED_DEMO: '1' } : {}),
    },
  },
);
children.push(server);
server.on('exit', (code) => {
  console.error(`The server stopped (exit code ${code}).`);
  stopAll();
  process.exitCode = code ?? 1;
});
await waitForServer(30_000);

const display = hasDisplay();
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

console.log(`\nHallway server: ${serverUrl} (admin token in .data/dev-token)`);
if (!display) {
  console.log(
    [
      'No display found, so no browser was opened. To load the development build by hand:',
      '  1. Open chrome://extensions in Chromium or Chrome and turn on "Developer mode".',
      `  2. "Load unpacked" and choose ${join(root, '.output', 'chrome-mv3-dev')}`,
      '  The build is already pointed at the local server and signed in with the dev token.',
    ].join('\n'),
  );
}
