/**
 * The browser's floors for the extension's own figures (issue 19), measured in the same browser as Hallway: a second,
 * bare extension loaded beside it, written at bench time, with
 * - `empty.js`: an empty content script on Hallway's content-script hosts, run when Hallway's runs (document_idle),
 *   so one trace of one page load shows both scripts' main-thread time side by side;
 * - `bare.html`: an extension page with one line of text and no script, web-accessible, so its first paint can be
 *   timed in a tab (the floor of the hub and the popup) and in a frame of a host page (the floor of the sidebar).
 * Nothing here ships.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { EXTENSION_DIR, unpackedExtensionId } from '../../tests/support/harness.ts';

export const EMPTY_SCRIPT = 'empty.js';

/**
 * Opens of a page made before its samples, not counted. Chromium keeps V8's compiled code of an extension's module
 * scripts (a trace's `v8.compileModule` shows `consumedCacheSize`), as of a website's: the first load compiles, the
 * second compiles again and stores the cache (`v8.produceModuleCache`), the third and later ones use it. A user
 * opens the popup and the sidebar many times a day, so their figures are of those later opens; the first open after
 * an install or an update is reported on its own beside them (`*_first_open`).
 */
export const CODE_CACHE_WARMUPS = 2;
export const BARE_PAGE = 'bare.html';

export interface FloorExtension {
  dir: string;
  id: string;
  remove(): void;
}

/** Writes the floor extension into a fresh folder; its content script runs wherever Hallway's built one does. */
export function writeFloorExtension(): FloorExtension {
  const built = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    content_scripts?: { matches: string[] }[];
  };
  const matches = [...new Set((built.content_scripts ?? []).flatMap((script) => script.matches))];
  const dir = mkdtempSync(join(tmpdir(), 'hallway-bench-floor-'));
  mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: 'Hallway bench floor',
    version: '1.0.0',
    content_scripts: [{ matches, js: [EMPTY_SCRIPT], run_at: 'document_idle' }],
    web_accessible_resources: [{ resources: [BARE_PAGE], matches: ['<all_urls>'] }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, EMPTY_SCRIPT), '');
  writeFileSync(
    join(dir, BARE_PAGE),
    '<!doctype html><html><head><meta charset="utf-8"><title>Bare</title></head><body><p>Bare page</p></body></html>',
  );
  return { dir, id: unpackedExtensionId(dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Milliseconds from navigation start to the first contentful paint of the bare page in a new tab, per sample. */
export async function barePagePaint(browser: Browser, floor: FloorExtension, samples: number): Promise<number[]> {
  const times: number[] = [];
  // Warmed as the figures it is compared with are.
  for (let sample = -CODE_CACHE_WARMUPS; sample < samples; sample++) {
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${floor.id}/${BARE_PAGE}`, { waitUntil: 'domcontentloaded' });
    const paint = await firstContentfulPaint(page);
    if (sample >= 0) times.push(paint);
    await page.close();
  }
  return times;
}

/** The page's first-contentful-paint, in ms from its navigation start, waiting for it. */
async function firstContentfulPaint(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? false,
    { timeout: 30_000 },
  );
  return Number(await handle.jsonValue());
}

/**
 * Milliseconds from inserting a frame of the bare page into `page` (a host page, as the sidebar's frame is) to that
 * frame's first contentful paint, both read as epoch time inside the browser; the frame is removed after each.
 */
export async function bareFramePaint(page: Page, floor: FloorExtension, samples: number): Promise<number[]> {
  const url = `chrome-extension://${floor.id}/${BARE_PAGE}`;
  const times: number[] = [];
  for (let sample = -CODE_CACHE_WARMUPS; sample < samples; sample++) {
    const insertedAt = await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.id = 'hallway-bench-floor';
      frame.style.cssText = 'position:fixed;top:0;right:0;width:400px;height:600px;border:0';
      frame.src = src;
      document.body.append(frame);
      return performance.timeOrigin + performance.now();
    }, url);
    let frame = page.frames().find((candidate) => candidate.url() === url);
    for (let tries = 0; !frame && tries < 500; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      frame = page.frames().find((candidate) => candidate.url() === url);
    }
    if (!frame) throw new Error('the bare frame never loaded');
    const painted = await frame.waitForFunction(
      () => {
        const entry = performance.getEntriesByName('first-contentful-paint')[0];
        return entry ? performance.timeOrigin + entry.startTime : false;
      },
      { timeout: 30_000 },
    );
    if (sample >= 0) times.push(Number(await painted.jsonValue()) - insertedAt);
    await page.evaluate(() => document.getElementById('hallway-bench-floor')?.remove());
  }
  return times;
}
