/**
 * The live stream on the in-process demo server most browser tests share (tests/support/sidebar-harness.ts): its
 * `/v1/events` is a real stream, so those tests see pokes as a user would. A decision written straight to the API
 * (as a colleague's browser would) shows in the open sidebar without a sync alarm: the alarm fires every minute,
 * and the wait here is at most 40 s.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, fixture, htmlForHost } from '../support/harness.ts';
import {
  clickLauncher,
  type DemoServer,
  openConnectedDemo,
  readPanel,
  sidebarFrame,
  startDemoServer,
} from '../support/sidebar-harness.ts';

const PAY_1 = { url: 'https://acme.atlassian.net/browse/PAY-1', host: 'acme.atlassian.net' };
const PAY_1_KEY = 'jira:acme.atlassian.net/PAY-1';
const STEP_MS = 40_000;

const decide = (server: DemoServer, title: string) =>
  fetch(`${server.url}/v1/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, decidedAt: new Date().toISOString(), itemKeys: [PAY_1_KEY] }),
  });

describe('the demo server’s event stream', () => {
  it('answers /v1/events with a stream and pokes it after a write', async () => {
    const server = await startDemoServer();
    const controller = new AbortController();
    try {
      const response = await fetch(`${server.url}/v1/events`, {
        headers: { authorization: `Bearer ${server.token}` },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let received = '';
      const pokedWith = async () => {
        for (;;) {
          const seqs = [...received.matchAll(/"seq":"(\d+)"/g)].map((match) => BigInt(match[1] as string));
          if (seqs.length) return seqs[seqs.length - 1] as bigint;
          const { value, done } = await reader.read();
          if (done) throw new Error(`the stream ended after: ${received}`);
          received += decoder.decode(value, { stream: true });
        }
      };
      const first = await pokedWith();
      received = '';
      expect((await decide(server, 'Poked through the demo server')).status).toBe(201);
      expect(await pokedWith()).toBeGreaterThan(first);
      // The request log still records the stream, with its (empty) body.
      expect(server.requests).toContainEqual({ line: 'GET /v1/events', body: '' });
    } finally {
      controller.abort();
      await server.close();
    }
  });
});

describe('a poke in the browser tests’ harness', () => {
  let server: DemoServer;
  let session: ExtensionSession;
  let extension: Page;
  beforeAll(async () => {
    ({ server, session, extension } = await openConnectedDemo());
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('shows a colleague’s decision in the open sidebar without waiting for the sync alarm', async () => {
    await extension.close();
    const page = await session.openPage(PAY_1.url, [
      htmlForHost(PAY_1.host, fixture('sidebar/2026-11-01-jira-pay-1.html')),
    ]);
    if ((await readPanel(page)).hidden) await clickLauncher(page);
    const frame = await sidebarFrame(page, 'Switch SEPA Direct Debit to Stripe');
    const title = `Poked in the harness ${crypto.randomUUID().slice(0, 8)}`;
    expect((await decide(server, title)).status).toBe(201);
    await frame.waitForFunction(
      (wanted) => (document.body.textContent ?? '').includes(wanted),
      { timeout: STEP_MS, polling: 250 },
      title,
    );
    // The stream the poke came down was answered, not refused.
    expect(server.requests.some((request) => request.line === 'GET /v1/events')).toBe(true);
    await page.close();
  });
});
