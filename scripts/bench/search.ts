/**
 * Search benchmark: latency of Hallway's search (candidate index + fuse.js) against plain fuse.js over the same
 * records at 10,000 and 50,000, index build time and memory, the top-5 overlap with plain fuse.js on the fixed query
 * set, the index update for a 500-change sync page, and (with a build in .output/chrome-mv3) the search in the
 * extension's background in Chromium at 50,000 records beside the same rows in Node (the popup's figures are in
 * popup.ts). Run it alone with `node scripts/bench/search.ts`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fuse from 'fuse.js';
import { overlap, syntheticQueries, syntheticRecords } from '../../tests/support/search-corpus.ts';
import { decision } from '../../tests/support/sync-fixtures.ts';
import { decisionRecord, INDEXED_TABLES, type IndexedTable } from '../../utils/search/records.ts';
import { createSearchIndex, FUSE_OPTIONS, fuseQuery } from '../../utils/search/search-index.ts';
import { type BenchComparison, type BenchResults, percentile } from './format.ts';
import { inPage, syntheticWorkspace } from './workspace.ts';

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

/** The background's search corpus: 50,000 search records (a team is two: the team and its lead). */
const BACKGROUND_WORKSPACE = { team: 100, goal: 2_000, item: 30_000, decision: 17_800 };
const BACKGROUND_QUERIES = 120;

/**
 * Search in the extension's background in Chromium: 50,000 records written into the mirror, the extension reloaded
 * (its worker fills the index at start), then each query sent from an extension page as a picker sends it, timed to
 * its answer. The same rows indexed in Node give the figure beside it; an empty query's round trip is the floor (the
 * message alone).
 */
async function searchInBackground(results: BenchResults): Promise<void> {
  const { existsSync } = await import('node:fs');
  const { EXTENSION_DIR, launchWithExtension } = await import('../../tests/support/harness.ts');
  if (!existsSync(`${EXTENSION_DIR}/manifest.json`)) return;
  const workspace = syntheticWorkspace({ rule: 0, link: 0, ...BACKGROUND_WORKSPACE });
  const rows = {
    teams: workspace.teams,
    goals: workspace.goals,
    decisions: workspace.decisions,
    items: workspace.items,
  };
  const records = Object.entries(rows).flatMap(([table, tableRows]) =>
    (tableRows as unknown[]).flatMap((row) => INDEXED_TABLES[table as IndexedTable].toRecords(row)),
  );
  const queries = syntheticQueries(records, BACKGROUND_QUERIES);

  const node = createSearchIndex();
  for (const record of records) node.upsert(record);
  for (const query of queries.slice(0, 10)) node.search(query);
  const nodeTimes = queries.map((query) => timed(() => node.search(query))[1]);

  const session = await launchWithExtension();
  try {
    const setup = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    await inPage(setup, { rule: 0, link: 0, ...BACKGROUND_WORKSPACE });
    // A fresh worker fills its index from the mirror at start, as after any browser start: the worker is stopped
    // (chrome.runtime.reload would unload an extension loaded through DevTools for good) and the first message wakes it.
    const client = await setup.createCDPSession();
    await client.send('ServiceWorker.enable');
    await client.send('ServiceWorker.stopAllWorkers');
    await client.detach();
    const page = setup;
    const timings = await page.evaluate(async (texts: string[]) => {
      const ask = async (query: string) => {
        const started = performance.now();
        const answer = await chrome.runtime.sendMessage({ type: 'search.query', data: { query, limit: 8 } });
        if (!answer?.ok) throw new Error(`search failed: ${JSON.stringify(answer)}`);
        return [performance.now() - started, answer.value.length] as const;
      };
      const [indexReady] = await ask(texts[0] ?? 'x');
      for (const text of texts.slice(0, 10)) await ask(text);
      const searches: number[] = [];
      let found = 0;
      for (const text of texts) {
        const [ms, hits] = await ask(text);
        searches.push(ms);
        found += hits;
      }
      const empty: number[] = [];
      for (let n = 0; n < texts.length; n += 1) empty.push((await ask(''))[0]);
      return { indexReady, searches, found, empty };
    }, queries);
    if (timings.found === 0) throw new Error('the background found nothing: the benchmark measured the wrong thing');
    results['search.background_index_ready_50k'] = { value: timings.indexReady, unit: 'ms' };
    results['search.background_p50_50k'] = { value: percentile(timings.searches, 50), unit: 'ms' };
    results['search.background_p95_50k'] = { value: percentile(timings.searches, 95), unit: 'ms' };
    results['search.background_message_p95'] = { value: percentile(timings.empty, 95), unit: 'ms' };
    results['search.node_workspace_p95_50k'] = { value: percentile(nodeTimes, 95), unit: 'ms' };
  } finally {
    await session.close();
  }
}

/** Each figure beside its floor or its Node counterpart; the targets are issue 19's. */
export const searchComparisons: BenchComparison[] = [
  { figure: 'search.background_p95_50k', floor: 'search.background_message_p95', higherIsBetter: false, target: 10 },
  { figure: 'search.background_p95_50k', floor: 'search.node_workspace_p95_50k', higherIsBetter: false },
];

export async function runSearchBench(): Promise<BenchResults> {
  const results: BenchResults = {};
  benchAt(10_000, '10k', results);
  benchAt(50_000, '50k', results);
  await searchInBackground(results);
  return results;
}

if (import.meta.main) {
  const { formatFigure } = await import('./format.ts');
  for (const [name, figure] of Object.entries(await runSearchBench())) console.log(formatFigure(name, figure));
}
