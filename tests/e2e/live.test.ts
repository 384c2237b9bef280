/**
 * Issue 15 end to end, on the topology a company runs (tests/support/topology.ts): three server processes behind
 * nginx, a private PostgreSQL instance reached through PgBouncer in transaction mode (LISTEN and migrations go
 * straight to it), and two Chromium instances with the production build signed in to one workspace as two people.
 * A decision logged in A shows in B's open sidebar on PAY-1 and in B's hub decision log, marked as new; then B
 * keeps catching up when the process holding its stream is killed, when PostgreSQL restarts, when the listen
 * connections are cut, and when B goes offline and comes back. Nothing here waits for a sync alarm: the alarm
 * fires every minute, and each step waits at most 40 s.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../../server/domain/tokens.ts';
import { LISTEN_APPLICATION_NAME } from '../../server/live/listener.ts';
import { type ExtensionSession, fixture, htmlForHost, launchWithExtension, waitFor } from '../support/harness.ts';
import {
  actionsEnabled,
  clickLauncher,
  connectExtension,
  type DemoServer,
  readPanel,
  sidebarFrame,
} from '../support/sidebar-harness.ts';
import { nginxConfig, pgbouncerConfig, startTopology, type Topology, topologyAvailable } from '../support/topology.ts';

const available = topologyAvailable();
const PAY_1 = { url: 'https://acme.atlassian.net/browse/PAY-1', host: 'acme.atlassian.net' };
const PAY_1_KEY = 'jira:acme.atlassian.net/PAY-1';
/** Within a step: a poke must beat the alarm (60 s) by far; the slack is for a loaded machine. */
const STEP_MS = 40_000;

// Runs everywhere (no PostgreSQL, nginx or PgBouncer needed): the settings the README documents.
describe('the topology settings', () => {
  it('turn response buffering off for the event stream only and pool queries per transaction', () => {
    const nginx = nginxConfig({ listen: 8080, upstreams: ['127.0.0.1:1', '127.0.0.1:2'], dir: '/tmp/x' });
    const stream = nginx.slice(nginx.indexOf('location = /v1/events'));
    expect(stream).toContain('proxy_buffering off;');
    expect(stream).toContain('proxy_read_timeout 1h;');
    expect(nginx.slice(0, nginx.indexOf('location = /v1/events'))).not.toContain('proxy_buffering off');
    const bouncer = pgbouncerConfig({ listen: 6432, postgresPort: 5432, dir: '/tmp/x', user: 'hallway' });
    expect(bouncer).toContain('pool_mode = transaction');
  });
});

if (available.ok) {
  describe('a colleague’s decision, live, through nginx, three servers and PgBouncer', () => {
    let topology: Topology;
    let sessionA: ExtensionSession;
    let sessionB: ExtensionSession;
    let extensionA: Page;
    let memberToken: string;
    let pageB: Page;
    let sidebarB: Frame;
    let hubB: Page;

    beforeAll(async () => {
      topology = await startTopology({ token: generateToken(), seedDemo: true });
      const created = await fetch(`${topology.url}/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${topology.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ben Okafor', role: 'member' }),
      });
      memberToken = ((await created.json()) as { token: string }).token;
      sessionA = await launchWithExtension();
      sessionB = await launchWithExtension();
      const asServer = (token: string) => ({ url: topology.url, token }) as DemoServer;
      extensionA = await connectExtension(sessionA, asServer(topology.token));
      const extensionB = await connectExtension(sessionB, asServer(memberToken));
      await extensionB.close();
    }, 240_000);
    afterAll(async () => {
      await sessionA?.close();
      await sessionB?.close();
      await topology?.close();
    });

    it('was migrated once by the three servers that started at once on the empty database', async () => {
      const files = readdirSync(join(import.meta.dirname, '../../server/db/migrations')).filter((file) =>
        file.endsWith('.sql'),
      );
      const client = new pg.Client({ connectionString: topology.directUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string; applied_at: Date }>(
          'SELECT name, applied_at FROM schema_migrations ORDER BY name',
        );
        expect(rows.map((row) => row.name)).toEqual([...files].sort());
        // One transaction applies every pending file (now() is its start): one server did all of it.
        expect(new Set(rows.map((row) => row.applied_at.getTime())).size).toBe(1);
      } finally {
        await client.end();
      }
      expect(topology.servers.every((server) => server.child.exitCode === null)).toBe(true);
    });

    it('sends no named prepared statements through PgBouncer: each server says so as it starts', () => {
      // DATABASE_PREPARED_STATEMENTS=auto with a DATABASE_DIRECT_URL of its own (server/db/open.ts). The steps
      // below then run every write and pull through PgBouncer in transaction mode.
      for (const server of topology.servers) {
        expect(server.output()).toMatch(/listening on http:\S+ \(postgres, named prepared statements off\)/);
      }
    });

    /** A decision on PAY-1 written straight to the API (as another person's browser would), through nginx. */
    async function decideThroughApi(title: string) {
      // While PostgreSQL restarts the servers answer 503 for a moment: the outbox would retry, so does this.
      await waitFor(
        () =>
          fetch(`${topology.url}/v1/decisions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${topology.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title, decidedAt: new Date().toISOString(), itemKeys: [PAY_1_KEY] }),
          }).then(
            (response) => response.status,
            () => 0,
          ),
        (status) => status === 201,
        STEP_MS,
      );
    }

    // Polled, not on animation frames: B's Jira tab is in the background once the hub's tab opens.
    const sidebarShows = (title: string) =>
      sidebarB.waitForFunction(
        (wanted) => (document.body.textContent ?? '').includes(wanted),
        { timeout: STEP_MS, polling: 250 },
        title,
      );

    it('shows a decision logged in A in B’s open sidebar on PAY-1 and in B’s hub decision log, marked new', async () => {
      pageB = await sessionB.openPage(PAY_1.url, [
        htmlForHost(PAY_1.host, fixture('sidebar/2026-11-01-jira-pay-1.html')),
      ]);
      await pageB.setViewport({ width: 1280, height: 800 });
      if ((await readPanel(pageB)).hidden) await clickLauncher(pageB);
      sidebarB = await sidebarFrame(pageB, 'Switch SEPA Direct Debit to Stripe');
      hubB = await sessionB.openPage(`chrome-extension://${sessionB.extensionId}/hub.html#/decisions`, []);
      await hubB.waitForSelector('[data-view="decisions"][data-ready]', { timeout: STEP_MS });

      const title = `Live from A ${crypto.randomUUID().slice(0, 8)}`;
      const written = await extensionA.evaluate(
        (decisionTitle, itemKey) =>
          chrome.runtime.sendMessage({
            type: 'mirror.write',
            data: {
              kind: 'decision.create',
              data: { title: decisionTitle, decidedAt: new Date().toISOString(), itemKeys: [itemKey] },
            },
          }),
        title,
        PAY_1_KEY,
      );
      expect(written).toMatchObject({ ok: true });
      await sidebarShows(title);
      // Marked as new: it came from someone else while the sidebar was open.
      expect(
        await sidebarB.evaluate(
          (wanted) =>
            [...document.querySelectorAll('[data-new="true"]')].some((entry) => entry.textContent?.includes(wanted)),
          title,
        ),
      ).toBe(true);
      await hubB.waitForFunction(
        (wanted) => (document.body.textContent ?? '').includes(wanted),
        { timeout: STEP_MS, polling: 250 },
        title,
      );
      // A's pages close: from now on only B holds a stream, so the connection nginx holds open is B's.
      await extensionA.close();
    });

    it('keeps what B is typing in the sidebar’s decision form when a colleague’s decision lands', async () => {
      await pageB.bringToFront();
      await actionsEnabled(sidebarB);
      const logButton = await sidebarB.waitForSelector('xpath/.//button[normalize-space()="Log decision"]');
      await logButton?.click();
      const typed = 'Half-typed while a colleague decides';
      await sidebarB.type('form[aria-label="Log a decision"] input', typed);
      const title = `While B types ${crypto.randomUUID().slice(0, 8)}`;
      await decideThroughApi(title);
      await sidebarShows(title);
      // The form is still open with every character, and the cursor is still in it.
      expect(
        await sidebarB.evaluate(() => {
          const input = document.querySelector<HTMLInputElement>('form[aria-label="Log a decision"] input');
          return { value: input?.value, focused: input !== null && document.activeElement === input };
        }),
      ).toEqual({ value: typed, focused: true });
      await sidebarB.type('form[aria-label="Log a decision"] input', ', and goes on typing');
      expect(
        await sidebarB.$eval('form[aria-label="Log a decision"] input', (input) => (input as HTMLInputElement).value),
      ).toBe(`${typed}, and goes on typing`);
    });

    it('catches up through another process when the one holding B’s stream is killed', async () => {
      const holding = await waitFor(
        async () => topology.serversHoldingConnections(),
        (ports) => ports.length === 1,
        STEP_MS,
      );
      const victim = topology.servers.find((server) => server.port === holding[0]);
      if (!victim) throw new Error('no server holds B’s stream');
      victim.child.kill('SIGKILL');
      await waitFor(
        async () => topology.serversHoldingConnections(),
        (ports) => ports.length === 1 && ports[0] !== victim.port,
        STEP_MS,
      );
      const title = `After a kill ${crypto.randomUUID().slice(0, 8)}`;
      await decideThroughApi(title);
      await sidebarShows(title);
    });

    it('catches up after PostgreSQL restarts (a private instance this test started)', async () => {
      await topology.restartPostgres();
      const title = `After a restart ${crypto.randomUUID().slice(0, 8)}`;
      await decideThroughApi(title);
      await sidebarShows(title);
    });

    it('catches up through the fallback poll when the listen connections are cut', async () => {
      const admin = new pg.Client({ connectionString: topology.directUrl });
      await admin.connect();
      try {
        const cut = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
          [LISTEN_APPLICATION_NAME],
        );
        expect(cut.rowCount).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      const title = `While LISTEN is cut ${crypto.randomUUID().slice(0, 8)}`;
      await decideThroughApi(title);
      await sidebarShows(title);
    });

    it('catches up when B comes back online', async () => {
      const worker = await sessionB.serviceWorker();
      const network = worker.client;
      await network.send('Network.enable');
      await network.send('Network.emulateNetworkConditions', {
        offline: true,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      const title = `While B was offline ${crypto.randomUUID().slice(0, 8)}`;
      await decideThroughApi(title);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await network.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await sidebarShows(title);
      await hubB.waitForFunction(
        (wanted) => (document.body.textContent ?? '').includes(wanted),
        { timeout: STEP_MS, polling: 250 },
        title,
      );
    });
  });
}
