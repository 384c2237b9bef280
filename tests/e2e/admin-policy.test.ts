/**
 * Chromium reading an admin's policy for real (issue 14 point 7): the test writes a policy file where Chromium on
 * Linux reads managed policy (/etc/chromium/policies/managed/*.json), with Hallway's settings in its `3rdparty`
 * section for the extension's id, and Chromium hands them to the extension's `storage.managed`, checked against the
 * manifest's `storage.managed_schema`. The first run then opens the options at Sign in with the locked server, and a
 * tool the policy turns off stays off.
 *
 * Writing there needs root, as CI runs. The build is copied to a directory of its own, so the extension's id (an
 * unpacked extension's id is the hash of its path) is this test's alone: no other Chromium on the machine, and no
 * other test of the suite, gets the policy. The file is removed after the test.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { bootstrap } from '../../server/domain/tokens.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import {
  EXTENSION_DIR,
  type ExtensionSession,
  launchWithExtension,
  unpackedExtensionId,
  waitFor,
} from '../support/harness.ts';

const POLICY_DIR = process.env.CHROMIUM_POLICY_DIR ?? '/etc/chromium/policies/managed';

let db: Database;
let token: string;
let hallway: ServerType;
let hallwayUrl: string;
let extensionDir: string;
let policyFile: string | null = null;
let session: ExtensionSession | undefined;

describe('the admin policy in Chromium', () => {
  beforeAll(async () => {
    if (process.getuid?.() !== 0) {
      throw new Error(
        `This test writes Chromium's managed policy to ${POLICY_DIR}, which only root may write: run it as root (CI does), or set CHROMIUM_POLICY_DIR to a policy directory this user may write.`,
      );
    }
    db = await openPglite();
    await migrate(db);
    const first = await bootstrap(db, { now: new Date() });
    if (!first) throw new Error('bootstrap did nothing');
    token = first.token;
    await seedDemo(db, first.workspaceId);
    hallway = serve({ fetch: createApp({ db, rateLimit: false }).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => hallway.once('listening', () => resolve()));
    hallwayUrl = `http://127.0.0.1:${(hallway.address() as AddressInfo).port}`;

    extensionDir = mkdtempSync(join(tmpdir(), 'hallway-policy-'));
    cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
    const extensionId = unpackedExtensionId(extensionDir);
    mkdirSync(POLICY_DIR, { recursive: true });
    policyFile = join(POLICY_DIR, `hallway-e2e-${extensionId}.json`);
    const settings = { serverUrl: hallwayUrl, serverUrlLocked: true, signInMode: 'auto', disabledTools: ['gmail'] };
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: settings } } }));
    session = await launchWithExtension({ extensionDir });
    if (session.extensionId !== extensionId) {
      throw new Error(
        `The extension loaded as ${session.extensionId}, not ${extensionId}: the policy names another id.`,
      );
    }
  });
  afterAll(async () => {
    await session?.close();
    if (policyFile) rmSync(policyFile, { force: true });
    if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
    (hallway as unknown as { closeAllConnections?: () => void })?.closeAllConnections?.();
    if (hallway) await new Promise<void>((resolve) => hallway.close(() => resolve()));
    await db?.close();
  });

  it('reaches storage.managed, opens Sign in on the first run with the locked server, and keeps Gmail off', async () => {
    if (!session) throw new Error('no browser');
    const worker = await session.serviceWorker();
    // Chromium loads policy a few seconds after start.
    const managed = await waitFor(
      () => worker.evaluate(() => chrome.storage.managed.get(null)),
      (value) => Object.keys(value).length > 0,
      30_000,
    );
    expect(managed).toEqual({
      serverUrl: hallwayUrl,
      serverUrlLocked: true,
      signInMode: 'auto',
      disabledTools: ['gmail'],
    });

    // The first run opens the options page by itself, already pointed at the company's server.
    const optionsUrl = `chrome-extension://${session.extensionId}/options.html`;
    const target = await session.browser.waitForTarget((candidate) => candidate.url().startsWith(optionsUrl), {
      timeout: 30_000,
    });
    const page = (await target.asPage()) as Page;
    // From the first frame that shows Save, the row of the server's sign-in choices has its place ("Join with an
    // invite" comes after the server answers): Save never moves under the pointer.
    const firstSight = await page.waitForFunction(() => {
      const save = document.querySelector('button[type="submit"]');
      if (!save) return null;
      const held = document.querySelector('[data-signin="pending"], [data-signin="choices"]') !== null;
      return { top: save.getBoundingClientRect().top, held };
    });
    const { top: saveTop, held } = (await firstSight.jsonValue()) as { top: number; held: boolean };
    expect(held).toBe(true);
    await page.waitForSelector('[data-signin="choices"]');
    expect(await page.$eval('button[type="submit"]', (save) => save.getBoundingClientRect().top)).toBe(saveTop);
    const server = await page.waitForSelector('input[name="serverUrl"][data-policy="locked"]');
    expect(
      await server?.evaluate((input) => [(input as HTMLInputElement).value, (input as HTMLInputElement).readOnly]),
    ).toEqual([hallwayUrl, true]);
    expect(await page.$eval('section[aria-labelledby="connection-heading"]', (node) => node.textContent)).toContain(
      'Set by your organization.',
    );
    const gmail = await page.waitForSelector('input[name="site-gmail"][data-policy="locked"]');
    expect(
      await gmail?.evaluate((input) => [(input as HTMLInputElement).checked, (input as HTMLInputElement).disabled]),
    ).toEqual([false, true]);
    // The settings every context reads (content scripts included) hold the policy's values.
    const settings = await waitFor(
      () =>
        worker.evaluate(
          async () => (await chrome.storage.local.get('settings')).settings as { serverUrl?: string } | undefined,
        ),
      (value) => Boolean(value?.serverUrl),
    );
    expect(settings).toMatchObject({ serverUrl: hallwayUrl, enabledSites: { gmail: false, jira: true } });

    // Signing in needs nothing but the person's credentials: here the token fallback, the server already set.
    await page.type('input[name="token"]', token);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-connection="signed-in"]');
    await page.waitForSelector('[data-sync-status="idle"]', { timeout: 30_000 });
    expect(await page.$eval('[data-connection="signed-in"]', (node) => node.textContent)).toContain(`on ${hallwayUrl}`);
  });
});
