import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstLoadJs } from '../../scripts/bench/first-load.ts';
import { SUPPORTED_HOST_PATTERNS } from '../../utils/sites/host-patterns.ts';
import {
  EXTENSION_DIR,
  type ExtensionSession,
  fixture,
  htmlForHost,
  launchWithExtension,
  waitFor,
} from '../support/harness.ts';

describe('the production build in Chromium', () => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launchWithExtension();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('asks for least privilege: the four tools, no external messaging, the sidebar exposed only by dynamic URL', async () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect([...manifest.host_permissions].sort()).toEqual([...SUPPORTED_HOST_PATTERNS].sort());
    expect(manifest.optional_host_permissions).toEqual(['*://*/*']);
    expect([...manifest.permissions].sort()).toEqual(
      // identity: sign-in through the server (launchWebAuthFlow); activeTab: the popup reads an invite link in the
      // tab it was opened on; sidePanel: the sidebar in Chrome's side panel. All explained in docs/privacy.md.
      [
        'activeTab',
        'alarms',
        'contextMenus',
        'identity',
        'scripting',
        'sidePanel',
        'storage',
        'unlimitedStorage',
      ].sort(),
    );
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.content_security_policy).toBeUndefined();
    expect(manifest.web_accessible_resources).toEqual([
      { resources: ['sidebar.html'], matches: ['<all_urls>'], use_dynamic_url: true },
    ]);
  });

  it('loads the popup and the sidebar from a few chunks, and none of React in its service worker', () => {
    // Each chunk an extension page loads is a request through the browser process (scripts/vite-first-render-chunks.ts).
    expect(firstLoadJs('popup.html').chunks).toBeLessThanOrEqual(6);
    expect(firstLoadJs('sidebar.html').chunks).toBeLessThanOrEqual(6);
    const workerChunks = new Set<string>();
    const visit = (file: string) => {
      if (workerChunks.has(file)) return;
      workerChunks.add(file);
      const code = readFileSync(join(EXTENSION_DIR, file), 'utf8');
      for (const [, imported] of code.matchAll(/(?:from|import)\s*["'`](\.\/[^"'`]+\.js)["'`]/g)) {
        if (imported) visit(posix.join(posix.dirname(file), imported));
      }
    };
    visit('background.js');
    expect(workerChunks.size).toBeGreaterThan(3);
    for (const file of workerChunks) {
      expect(readFileSync(join(EXTENSION_DIR, file), 'utf8'), file).not.toContain('rendererPackageName:`react-dom`');
    }
  });

  it("loads a page's later parts without announcing their imports on the main thread", async () => {
    // Each runtime `<link rel="modulepreload">` is a synchronous request inside the call that adds it; the popup's
    // first render used to add seven (scripts/vite-first-render-chunks.ts). The HTML's own links stay.
    const laterPartsIn = {
      // The tab's item shows once `later.ts` (the resolution) has arrived through `import()`.
      'popup.html': () => document.body.textContent?.includes('No work item on this tab') === true,
      // The routed view is a chunk of its own (components/hub/lazy-views.tsx).
      'hub.html': () => performance.getEntriesByName('hub:first-render').length > 0,
    };
    for (const [html, arrived] of Object.entries(laterPartsIn)) {
      const built = readFileSync(join(EXTENSION_DIR, html), 'utf8').match(/rel="modulepreload"/g)?.length ?? 0;
      const page = await session.openPage(`chrome-extension://${session.extensionId}/${html}`, []);
      await waitFor(
        () => page.evaluate(arrived),
        (done) => done,
      );
      const links = await page.evaluate(() => document.querySelectorAll('link[rel="modulepreload"]').length);
      expect(built, html).toBeGreaterThan(0);
      expect(links, html).toBe(built);
      await page.close();
    }
  });

  it('starts its service worker and hears from the content script on a Jira issue', async () => {
    const worker = await session.serviceWorker();
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest().manifest_version);
    expect(manifest).toBe(3);

    const page = await session.openPage('https://acme.atlassian.net/browse/PAY-1', [
      htmlForHost('acme.atlassian.net', fixture('jira/2026-11-01-cloud-issue.html')),
    ]);
    const tabId = await worker.evaluate(
      async () => (await chrome.tabs.query({ url: 'https://acme.atlassian.net/*' }))[0]?.id,
    );
    const stored = await waitFor(
      () => worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key], `tab:${tabId}`),
      (value) => value !== undefined,
    );
    expect(stored).toMatchObject({
      item: { tool: 'jira', kind: 'issue', id: 'PAY-1', key: 'jira:acme.atlassian.net/PAY-1' },
      title: 'Retry failed card payments',
    });
    await page.close();
  });
});
