/**
 * Popup benchmark in Chromium with the production build (`npx wxt build` first) and 100,000 records cached in the
 * mirror (200 teams, 2,000 goals, 300 rules, 30,000 items, 40,000 links, 27,500 decisions):
 * - popup.ready_p50/p95: navigation start of popup.html to the popup's own "ready for typing" mark (the title field
 *   of a new decision focused, `hallway:popup-ready`), target p95 <= 100 ms; opens after the first
 *   `CODE_CACHE_WARMUPS`, which fill V8's code cache (floor-extension.ts).
 * - popup.ready_first_open: the same for the very first open in the profile (cold code cache, one sample).
 * - popup.bare_page_paint_p50/p95: a bare extension page's first paint in a new tab, same browser (the floor).
 * - popup.first_load_js / popup.first_load_chunks: the JavaScript popup.html loads before its first render (its
 *   script and module preloads, uncompressed), figures the machine's load leaves alone.
 * Run it alone with `node scripts/bench/popup.ts`.
 */
import { existsSync } from 'node:fs';
import { EXTENSION_DIR, launchWithExtension } from '../../tests/support/harness.ts';
import { firstLoadJs } from './first-load.ts';
import { barePagePaint, CODE_CACHE_WARMUPS, writeFloorExtension } from './floor-extension.ts';
import { type BenchComparison, type BenchResults, formatFigure, percentile } from './format.ts';
import { inPage } from './workspace.ts';

/** The popup's mirror: 100,000 records, as the hub's and the sidebar's benchmarks hold. */
const POPUP_WORKSPACE = { team: 200, goal: 2_000, rule: 300, item: 30_000, link: 40_000, decision: 27_500 };
const POPUP_SAMPLES = 20;

/** The popup's figure beside its floor, measured in the same browser; the target is issue 19's. */
export const popupComparisons: BenchComparison[] = [
  { figure: 'popup.ready_p50', floor: 'popup.bare_page_paint_p50', higherIsBetter: false },
  { figure: 'popup.ready_p95', floor: 'popup.bare_page_paint_p95', higherIsBetter: false, target: 100 },
];

/**
 * Opens popup.html in Chromium over a mirror of 100,000 records and reads the popup's own "ready for typing" mark;
 * a bare extension page's first paint in the same browser is its floor.
 */
export async function runPopupBench(): Promise<BenchResults> {
  const results: BenchResults = {};
  if (!existsSync(`${EXTENSION_DIR}/popup.html`)) {
    console.warn('popup.ready: skipped, no popup in .output/chrome-mv3 (run `npx wxt build`)');
    return results;
  }
  const firstLoad = firstLoadJs('popup.html');
  results['popup.first_load_js'] = { value: firstLoad.kilobytes, unit: 'KB' };
  results['popup.first_load_chunks'] = { value: firstLoad.chunks, unit: 'chunks' };
  const floor = writeFloorExtension();
  const session = await launchWithExtension({ extraExtensions: [floor.dir] });
  try {
    const setup = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    results['popup.cached_records'] = { value: await inPage(setup, POPUP_WORKSPACE, 'Bench'), unit: 'records' };
    await setup.close();
    const samples: number[] = [];
    let firstOpen = 0;
    for (let run = -CODE_CACHE_WARMUPS; run < POPUP_SAMPLES; run += 1) {
      const page = await session.browser.newPage();
      await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
      await page.waitForFunction(() => performance.getEntriesByName('hallway:popup-ready').length > 0);
      const ready = await page.evaluate(() => performance.getEntriesByName('hallway:popup-ready')[0]?.startTime ?? 0);
      if (run >= 0) samples.push(ready);
      else if (run === -CODE_CACHE_WARMUPS) firstOpen = ready;
      await page.close();
    }
    if (process.env.POPUP_BENCH_DEBUG === '1') console.log({ samples });
    const bare = await barePagePaint(session.browser, floor, POPUP_SAMPLES);
    results['popup.ready_p50'] = { value: percentile(samples, 50), unit: 'ms' };
    results['popup.ready_p95'] = { value: percentile(samples, 95), unit: 'ms' };
    results['popup.ready_first_open'] = { value: firstOpen, unit: 'ms' };
    results['popup.bare_page_paint_p50'] = { value: percentile(bare, 50), unit: 'ms' };
    results['popup.bare_page_paint_p95'] = { value: percentile(bare, 95), unit: 'ms' };
    return results;
  } finally {
    await session.close();
    floor.remove();
  }
}

if (import.meta.main) {
  for (const [name, figure] of Object.entries(await runPopupBench())) console.log(formatFigure(name, figure));
}
