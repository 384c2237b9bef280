/**
 * Store listing images from the real extension against the demo workspace: 1280x800 screenshots of the sidebar in
 * two tools and of the hub, and a 440x280 promotional tile, written to docs/store/. Also checks the built
 * manifests against the privacy policy (tests/unit/privacy-policy.test.ts checks the config they come from).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXTENSION_DIR,
  type ExtensionSession,
  FIREFOX_EXTENSION_DIR,
  fixture,
  htmlForHost,
  launchWithExtension,
  waitFor,
} from '../support/harness.ts';
import { openHub } from '../support/hub-harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  connectExtension,
  type DemoServer,
  readLauncher,
  sidebarFrame,
  startDemoServer,
} from '../support/sidebar-harness.ts';

const STORE = join(import.meta.dirname, '..', '..', 'docs', 'store');

let session: ExtensionSession;
let server: DemoServer;
beforeAll(async () => {
  mkdirSync(STORE, { recursive: true });
  server = await startDemoServer();
  session = await launchWithExtension();
  await connectExtension(session, server);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function sidebarShot(url: string, host: string, html: string, text: string, name: string): Promise<string> {
  const page = await session.openPage(url, [htmlForHost(host, fixture(html))]);
  await page.setViewport({ width: 1280, height: 800 });
  await waitFor(
    () => readLauncher(page),
    (state) => state.text.includes('Owned by'),
  );
  await clickLauncher(page);
  await actionsEnabled(await sidebarFrame(page, text));
  await page.mouse.move(0, 799);
  const path = join(STORE, name);
  await page.screenshot({ path });
  await page.close();
  return path;
}

describe('store listing images', () => {
  it('shoots 1280x800 screenshots of the sidebar on Jira and Gmail and of the hub', async () => {
    const shots = [
      await sidebarShot(
        'https://acme.atlassian.net/browse/PAY-1',
        'acme.atlassian.net',
        'sidebar/2026-11-01-jira-pay-1.html',
        'Switch SEPA Direct Debit to Stripe',
        'screenshot-1-jira.png',
      ),
      await sidebarShot(
        'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
        'mail.google.com',
        'sidebar/2026-11-01-gmail-sepa-pricing.html',
        'SEPA checkout: collect the mandate',
        'screenshot-2-gmail.png',
      ),
    ];
    const hub: Page = await openHub(session, '#/goals', 'goals');
    await hub.mouse.move(0, 799);
    shots.push(join(STORE, 'screenshot-3-hub-goals.png'));
    await hub.screenshot({ path: shots[2] });
    await hub.close();
    for (const shot of shots) expect(pngSize(shot)).toEqual({ width: 1280, height: 800 });
  });

  it('makes a 440x280 promotional tile from the icon, the name and a piece of the Jira screenshot', async () => {
    const icon = readFileSync(join(EXTENSION_DIR, 'icon', '128.png')).toString('base64');
    const shot = readFileSync(join(STORE, 'screenshot-1-jira.png')).toString('base64');
    const page = await session.openPage('about:blank', []);
    await page.setViewport({ width: 440, height: 280 });
    await page.setContent(`<!doctype html><html><body style="margin:0;width:440px;height:280px;overflow:hidden;
      font-family:system-ui,sans-serif;background:#1e293b;color:#f8fafc;display:flex">
      <div style="padding:28px 16px 0 28px;flex:0 0 190px">
        <img src="data:image/png;base64,${icon}" width="64" height="64" alt="">
        <h1 style="font-size:34px;margin:14px 0 8px">Hallway</h1>
        <p style="font-size:14px;line-height:1.4;margin:0;color:#cbd5e1">Who owns this, which goal it serves and what was decided: inside Notion, Asana, Jira and Gmail.</p>
      </div>
      <div style="flex:1;overflow:hidden;position:relative">
        <img src="data:image/png;base64,${shot}" alt="" style="position:absolute;right:-12px;top:24px;width:720px;
          border-radius:8px;box-shadow:0 8px 24px #0008;object-fit:cover;object-position:right top">
      </div></body></html>`);
    await page.evaluate(() => Promise.all([...document.images].map((image) => image.decode())));
    const path = join(STORE, 'tile-440x280.png');
    await page.screenshot({ path });
    await page.close();
    expect(pngSize(path)).toEqual({ width: 440, height: 280 });
  });
});

describe('the built manifests', () => {
  const policy = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'privacy.md'), 'utf8');
  it.each([
    ['chrome', EXTENSION_DIR],
    ['firefox', FIREFOX_EXTENSION_DIR],
  ])('%s: every permission it asks for is named in docs/privacy.md', (_browser, dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, string[]>;
    const asked = ['permissions', 'host_permissions', 'optional_permissions', 'optional_host_permissions'].flatMap(
      (key) => manifest[key] ?? [],
    );
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((permission) => !policy.includes(`| \`${permission}\``))).toEqual([]);
  });
});
