/**
 * Search benchmark: latency of Hallway's search (candidate index + fuse.js) against plain fuse.js over the same
 * records at 10,000 and 50,000, index build time and memory, the top-5 overlap with plain fuse.js on the fixed query
 * set, the index update for a 500-change sync page, and (with a build in .output/chrome-mv3) the popup's time to
 * ready-for-typing in Chromium. Run it alone with `node scripts/bench/search.ts`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fuse from 'fuse.js';
import { overlap, syntheticQueries, syntheticRecords } from '../../tests/support/search-corpus.ts';
import { decision } from '../../tests/support/sync-fixtures.ts';
import { decisionRecord } from '../../utils/search/records.ts';
import { createSearchIndex, FUSE_OPTIONS, fuseQuery } from '../../utils/search/search-index.ts';
import { type BenchResults, percentile } from './format.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapUsed(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

const QUERY_COUNT = 120;
const PLAIN_QUERY_COUNT = 40;
const SYNC_PAGE = 500;

function benchAt(count: number, label: string, results: BenchResults): void {
  const records = syntheticRecords(count);
  const queries = syntheticQueries(records, QUERY_COUNT);

  const before = heapUsed();
  const [index, buildMs] = timed(() => {
    const built = createSearchIndex();
    for (const record of records) built.upsert(record);
    return built;
  });
  const memory = heapUsed() - before;

  for (const query of queries.slice(0, 10)) index.search(query); // warm-up: JIT and the reused hit buffer
  const ours = queries.map((query) => timed(() => index.search(query))[1]);

  const plain = new Fuse(records, FUSE_OPTIONS);
  const plainQueries = queries.slice(0, PLAIN_QUERY_COUNT);
  const plainTimes: number[] = [];
  const shares: number[] = [];
  for (const query of plainQueries) {
    const [expected, ms] = timed(() => plain.search(fuseQuery(query), { limit: 5 }));
    plainTimes.push(ms);
    shares.push(
      overlap(
        expected.map((result) => result.item.id),
        index.fuzzy(query, 5).map((hit) => hit.record.id),
      ),
    );
  }

  // A sync page: half the rows change title, half are new, as the follower receives them from a bulk write.
  const existing = records.filter((record) => record.kind === 'decision').slice(0, SYNC_PAGE / 2);
  const rows = [
    ...existing.map((record) => decision(`${record.title} (revised)`, '2026-06-01T00:00:00Z', { id: record.id })),
    ...Array.from({ length: SYNC_PAGE / 2 }, (_, n) => decision(`Synced decision ${n}`, '2026-06-01T00:00:00Z')),
  ];
  const [, updateMs] = timed(() => {
    for (const row of rows) index.upsert(decisionRecord(row));
  });

  const mean = shares.reduce((sum, share) => sum + share, 0) / shares.length;
  results[`search.p50_${label}`] = { value: percentile(ours, 50), unit: 'ms' };
  results[`search.p95_${label}`] = { value: percentile(ours, 95), unit: 'ms' };
  results[`search.fuse_plain_p50_${label}`] = { value: percentile(plainTimes, 50), unit: 'ms' };
  results[`search.fuse_plain_p95_${label}`] = { value: percentile(plainTimes, 95), unit: 'ms' };
  results[`search.index_build_${label}`] = { value: buildMs, unit: 'ms' };
  results[`search.index_memory_${label}`] = { value: memory / 1024 / 1024, unit: 'MB' };
  results[`search.top5_overlap_${label}`] = { value: mean * 100, unit: '%' };
  results[`search.sync_page_update_${label}`] = { value: updateMs, unit: 'ms' };
}

/** Opens popup.html in Chromium a few times and reads the popup's own "ready for typing" mark. */
async function popupReady(results: BenchResults): Promise<void> {
  const { existsSync } = await import('node:fs');
  const { EXTENSION_DIR, launchWithExtension } = await import('../../tests/support/harness.ts');
  if (!existsSync(`${EXTENSION_DIR}/popup.html`)) {
    console.warn('popup.ready: skipped, no popup in .output/chrome-mv3 (run `npx wxt build`)');
    return;
  }
  const session = await launchWithExtension();
  try {
    const samples: number[] = [];
    for (let run = 0; run < 8; run += 1) {
      const page = await session.browser.newPage();
      await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
      await page.waitForFunction(() => performance.getEntriesByName('hallway:popup-ready').length > 0);
      samples.push(await page.evaluate(() => performance.getEntriesByName('hallway:popup-ready')[0]?.startTime ?? 0));
      await page.close();
    }
    // The first open pays for the extension's first page load in this profile; users see that once.
    results['popup.ready_p50'] = { value: percentile(samples.slice(1), 50), unit: 'ms' };
    results['popup.ready_max'] = { value: Math.max(...samples.slice(1)), unit: 'ms' };
  } finally {
    await session.close();
  }
}

export async function runSearchBench(): Promise<BenchResults> {
  const results: BenchResults = {};
  benchAt(10_000, '10k', results);
  benchAt(50_000, '50k', results);
  await popupReady(results);
  return results;
}

if (import.meta.main) {
  const { formatFigure } = await import('./format.ts');
  for (const [name, figure] of Object.entries(await runSearchBench())) console.log(formatFigure(name, figure));
}
