/**
 * The server's interactive API reference (`/reference`, Scalar) in Chromium with no internet: every request outside
 * the server is recorded and refused, and the page still lists the document's operations, from the bundle the
 * server serves itself.
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.ts';

let db: Database;
let server: ServerType;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  server = serve({ fetch: createApp({ db }).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

it('lists every path of the document offline, loading nothing from outside the server', async () => {
  const page = await browser.newPage();
  const outside: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === baseUrl || url.protocol === 'data:' || url.protocol === 'blob:') void request.continue();
    else {
      outside.push(request.url());
      void request.abort();
    }
  });
  const response = await page.goto(`${baseUrl}/reference`, { waitUntil: 'domcontentloaded' });
  expect(response?.status()).toBe(200);
  const { paths } = (await (await fetch(`${baseUrl}/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(paths)).toContain('/v1/tokens/{id}');
  // Every tag is open (`defaultOpenAllTags`), so every path of the document is listed once the bundle has run.
  await page.waitForFunction(
    (wanted: string[]) => wanted.every((path) => document.body.textContent?.includes(path)),
    { timeout: 60_000 },
    Object.keys(paths),
  );
  expect(await page.evaluate(() => document.body.textContent)).toContain('Hallway work-graph API');
  expect(outside).toEqual([]);
  await page.close();
});
