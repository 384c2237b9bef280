/**
 * The development build `npm start` makes (the local server's URL and admin token built in) is signed in as the
 * admin everywhere it shows, though nobody tested the token on the options page: the options page names the user
 * and keeps the token, the hub shows the admin and the admin's actions. Built here as `npm start`'s WXT builds it
 * (`--mode development`), against a server on a free port.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { bootstrap, generateToken } from '../../server/domain/tokens.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { type ExtensionSession, launchWithExtension } from '../support/harness.ts';
import { hubUrl, viewReady } from '../support/hub-harness.ts';

const root = join(import.meta.dirname, '..', '..');
const DEV_BUILD_DIR = join(root, '.output', 'chrome-mv3-dev');

function buildDevelopment(env: Record<string, string>): Promise<void> {
  const child = spawn(join(root, 'node_modules', '.bin', 'wxt'), ['build', '--mode', 'development'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wxt build failed:\n${output}`)))),
  );
}

describe("npm start's development build in Chromium", () => {
  let db: Database;
  let http: ServerType;
  let serverUrl: string;
  let session: ExtensionSession;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    const token = generateToken();
    const first = await bootstrap(db, { now: new Date(), token });
    if (!first) throw new Error('bootstrap did nothing');
    await seedDemo(db, first.workspaceId);
    const app = createApp({ db, rateLimit: false });
    const port = await new Promise<number>((resolve) => {
      http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    });
    serverUrl = `http://127.0.0.1:${port}`;
    await buildDevelopment({ WXT_HALLWAY_SERVER_URL: serverUrl, WXT_HALLWAY_DEV_TOKEN: token });
    session = await launchWithExtension({ extensionDir: DEV_BUILD_DIR });
  });
  afterAll(async () => {
    await session?.close();
    (http as unknown as { closeAllConnections?: () => void })?.closeAllConnections?.();
    await new Promise((resolve) => http?.close(resolve));
    await db?.close();
  });

  it('is signed in as the admin on the options page and in the hub, with the admin actions', async () => {
    const options = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    const signedIn = await options.waitForSelector('[data-connection="signed-in"]', { timeout: 30_000 });
    expect(await signedIn?.evaluate((node) => node.textContent)).toMatch(
      new RegExp(`as Admin \\(admin\\) on ${serverUrl.replaceAll('.', '\\.')}`),
    );
    expect(await options.$eval('input[name="serverUrl"]', (input) => (input as HTMLInputElement).value)).toBe(
      serverUrl,
    );
    expect(await options.$eval('section[aria-labelledby="connection-heading"]', (node) => node.textContent)).toContain(
      'A token is saved',
    );
    await options.waitForSelector('[data-sync-status="idle"]', { timeout: 30_000 });
    await options.close();

    const hub = await session.openPage(hubUrl(session, '#/rules'), []);
    await viewReady(hub, 'rules');
    const [newRule] = await hub.$$('xpath/.//button[normalize-space()="New rule"]');
    expect(newRule).toBeDefined();
    const shell = await hub.$eval('body', (body) => body.textContent ?? '');
    expect(shell).not.toContain('Not connected');
    expect(shell).not.toContain('Only admins change ownership rules');
    expect(shell).toMatch(/Adminadmin/);
    await hub.close();
  });
});
