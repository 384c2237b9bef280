import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, fixture, htmlForHost, launchWithExtension, waitFor } from './harness.ts';

describe('the production build in Chromium', () => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launchWithExtension();
  });
  afterAll(async () => {
    await session?.close();
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
