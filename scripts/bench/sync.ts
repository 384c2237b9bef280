/**
 * `node scripts/bench/sync.ts`: the local mirror at workspace scale.
 * - sync.server_pull: the server alone, its whole 100,000-change feed pulled by Node `fetch`, no client work (the
 *   floor the server puts under a first sync; the extension's sync below starts on a fresh server process, with no
 *   page cached).
 * - sync.first_sync / sync.first_sync_rate: a production build in Chromium pulls a 100,000-record workspace from a
 *   real server (server/main.ts on PGlite, in its own process) through its background service worker;
 *   sync.first_sync_server_cpu is the CPU time the server process spent meanwhile.
 * - sync.first_search_after_sync: one search sent right after the first sync answered: the search index follows
 *   the sync off its path, so this is the time until it holds the last pages (and the search itself).
 * - sync.incremental_100: another client writes 100 decisions; the next pass pushes nothing and pulls them.
 * - sync.background_memory: the service worker's JS heap after the first sync.
 * - sync.resolve_p50 / p95: `resolveContext` over `dexieSource` in an extension page (the background resolves the
 *   same way for the launcher and the sidebar), over Chromium's IndexedDB holding what that first sync wrote.
 * - sync.first_sync_floor / sync.resolve_floor_p50 / p95: the same rows written by raw IndexedDB in the sync's
 *   batches, and the same items looked up raw by their `ref.key` index, in the same page (sync-floors.ts).
 * Needs `wxt build` first (npm run bench builds nothing itself).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { bootstrap } from '../../server/domain/tokens.ts';
import { type ExtensionSession, launchWithExtension } from '../../tests/support/harness.ts';
import { type Item, PULL_PAGE_MAX } from '../../utils/contract.ts';
import { ENTITY_TABLES } from '../../utils/db/schema.ts';
import { type BenchComparison, type BenchResults, percentile } from './format.ts';
import { type ServerProcess, startServerProcess as startServer } from './server-process.ts';
import { rawLookups, rawWriteFloor } from './sync-floors.ts';
import type * as ResolveBench from './sync-resolve.ts';
import type { ResolveSample } from './sync-resolve.ts';
import { LARGE_WORKSPACE, type SyntheticWorkspace, syntheticWorkspace } from './workspace.ts';

/** The workspace at scale, or a fraction of it for a quick look (BENCH_SYNC_SCALE=0.1: 10,000 records). */
const SCALE = Number(process.env.BENCH_SYNC_SCALE ?? 1);
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));
const COUNTS: typeof LARGE_WORKSPACE = {
  team: scaled(LARGE_WORKSPACE.team),
  goal: scaled(LARGE_WORKSPACE.goal),
  rule: scaled(LARGE_WORKSPACE.rule),
  item: scaled(LARGE_WORKSPACE.item),
  link: scaled(LARGE_WORKSPACE.link),
  decision: scaled(LARGE_WORKSPACE.decision),
};
const TOTAL = Object.values(COUNTS).reduce((sum, n) => sum + n, 0);

/** The server's data folder, seeded with `workspace` as its change feed; returns the admin token. */
async function seedServer(dataDir: string, workspace: SyntheticWorkspace): Promise<string> {
  const db = await openPglite(dataDir);
  try {
    await migrate(db);
    const first = await bootstrap(db, { now: new Date() });
    if (!first) throw new Error('bootstrap did nothing');
    // The pull feed is the `changes` table: fill it directly (the write path is the server benchmark's subject).
    const feed = [
      ...workspace.teams.map((data) => ({ entity: 'team', data })),
      ...workspace.goals.map((data) => ({ entity: 'goal', data })),
      ...workspace.rules.map((data) => ({ entity: 'rule', data })),
      ...workspace.items.map((data) => ({ entity: 'item', data })),
      ...workspace.links.map((data) => ({ entity: 'link', data })),
      ...workspace.decisions.map((data) => ({ entity: 'decision', data })),
    ].map((change, n) => ({
      entity: change.entity,
      entity_id: change.data.id,
      seq: n + 1,
      op: 'upsert',
      data: change.data,
    }));
    for (let start = 0; start < feed.length; start += 5_000) {
      await db.query(
        `INSERT INTO changes (workspace_id, entity, entity_id, seq, op, data)
         SELECT $1, c.entity, c.entity_id, c.seq, c.op, c.data
         FROM jsonb_to_recordset($2::jsonb) AS c(entity text, entity_id uuid, seq bigint, op text, data jsonb)`,
        [first.workspaceId, JSON.stringify(feed.slice(start, start + 5_000))],
      );
    }
    await db.query('UPDATE workspaces SET last_seq = $2 WHERE id = $1', [first.workspaceId, feed.length]);
    return first.token;
  } finally {
    await db.close();
  }
}

/** The whole feed pulled by plain Node `fetch`, pages read as text: what the server alone costs a first sync. */
async function pullEverything(url: string, token: string): Promise<number> {
  let cursor: string | null = null;
  let pulled = 0;
  for (;;) {
    const query = new URLSearchParams({ limit: String(PULL_PAGE_MAX), ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${url}/v1/sync?${query}`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await response.json()) as { changes: unknown[]; cursor: string; hasMore: boolean };
    pulled += page.changes.length;
    if (!page.hasMore) return pulled;
    cursor = page.cursor;
  }
}

/** Each figure beside its floor, measured in the same page of the same run; the targets are issue 19's. */
export const syncComparisons: BenchComparison[] = [
  { figure: 'sync.first_sync', floor: 'sync.first_sync_floor', higherIsBetter: false, targetRatio: 1.3 },
  // The server's feed read alone, no client work: a first sync that overlaps fetching and writing costs about the
  // larger of the two floors.
  { figure: 'sync.first_sync', floor: 'sync.server_pull', higherIsBetter: false },
  { figure: 'sync.resolve_p50', floor: 'sync.resolve_floor_p50', higherIsBetter: false },
  { figure: 'sync.resolve_p95', floor: 'sync.resolve_floor_p95', higherIsBetter: false, target: 2, targetRatio: 4 },
];

export async function runSyncBench(): Promise<BenchResults> {
  if (!(SCALE > 0 && SCALE <= 1)) throw new Error(`BENCH_SYNC_SCALE must be in (0, 1], not ${SCALE}`);
  const workspace = syntheticWorkspace(COUNTS);
  const dataDir = mkdtempSync(join(tmpdir(), 'hallway-bench-sync-'));
  const results: BenchResults = {};
  let server: ServerProcess | null = null;
  let session: ExtensionSession | null = null;
  try {
    const token = await seedServer(dataDir, workspace);

    server = await startServer({ DATA_DIR: dataDir });
    const pullStarted = performance.now();
    const pulled = await pullEverything(server.url, token);
    if (pulled !== TOTAL) throw new Error(`the server returned ${pulled} changes, not ${TOTAL}`);
    results['sync.server_pull'] = { value: round((performance.now() - pullStarted) / 1000, 2), unit: 's' };
    // A fresh process, so the extension's first sync finds no page cached by the pull above.
    await server.stop();
    server = await startServer({ DATA_DIR: dataDir });
    const serverUrl = server.url;

    session = await launchWithExtension();
    const page = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    await page.waitForSelector('input[name="serverUrl"]');
    // Connect the way the options page saves a connection, without its "sync now", so the pass can be timed alone.
    await page.evaluate(
      async (url, bearer) => {
        await chrome.storage.local.set({
          settings: {
            serverUrl: url,
            theme: 'system',
            enabledSites: { notion: true, asana: true, jira: true, gmail: true },
          },
        });
        await new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('hallway');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('credentials', 'readwrite');
            tx.objectStore('credentials').put({ id: 'main', token: bearer, me: null });
            tx.oncomplete = () => resolve();
          };
        });
      },
      serverUrl,
      token,
    );
    const timedSync = () =>
      page.evaluate(async () => {
        const started = performance.now();
        const answer = await chrome.runtime.sendMessage({ type: 'sync.now', data: {} });
        return { ms: performance.now() - started, answer };
      });

    const cpuBefore = await server.cpuSeconds();
    const firstSync = await timedSync();
    if (firstSync.answer?.value?.status !== 'idle')
      throw new Error(`first sync failed: ${JSON.stringify(firstSync.answer)}`);
    results['sync.first_sync'] = { value: round(firstSync.ms / 1000, 2), unit: 's' };
    results['sync.first_sync_rate'] = { value: Math.round(TOTAL / (firstSync.ms / 1000)), unit: 'records/s' };
    results['sync.first_sync_server_cpu'] = { value: round((await server.cpuSeconds()) - cpuBefore, 2), unit: 's' };
    // The search index is built off the sync's path (its pages are indexed while the next ones are written): the
    // first search after the sync answers once the index holds everything, whatever is left is applied first.
    const firstSearch = await page.evaluate(async () => {
      const started = performance.now();
      const answer = await chrome.runtime.sendMessage({ type: 'search.query', data: { query: 'work item', limit: 8 } });
      return { ms: performance.now() - started, found: answer?.ok ? answer.value.length : -1 };
    });
    if (firstSearch.found <= 0) throw new Error('the first search after the sync found nothing');
    results['sync.first_search_after_sync'] = { value: Math.round(firstSearch.ms), unit: 'ms' };

    const worker = await session.serviceWorker();
    await worker.client.send('HeapProfiler.collectGarbage');
    const heap = (await worker.client.send('Runtime.getHeapUsage')) as { usedSize: number };
    results['sync.background_memory'] = { value: round(heap.usedSize / 1024 / 1024, 1), unit: 'MB' };

    const mutations = Array.from({ length: 100 }, (_, n) => ({
      mutationId: crypto.randomUUID(),
      type: 'decision.create',
      id: crypto.randomUUID(),
      data: { title: `Incremental ${n}`, decidedAt: new Date().toISOString(), decidedBy: 'Other client' },
    }));
    const pushed = await fetch(`${serverUrl}/v1/mutations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mutations }),
    });
    if (pushed.status !== 200) throw new Error(`seeding the incremental changes failed: ${pushed.status}`);
    const incremental = await timedSync();
    results['sync.incremental_100'] = { value: Math.round(incremental.ms), unit: 'ms' };

    Object.assign(results, await resolveInChromium(page, workspace));

    // The floors last, so that their writes disturb none of the figures above. The mirror now holds the first
    // sync's rows and the 100 incremental decisions; the write floor writes all of them.
    const floor = await page.evaluate(rawWriteFloor, 'hallway', ENTITY_TABLES, PULL_PAGE_MAX);
    if (floor.rows !== TOTAL + mutations.length) throw new Error(`the write floor wrote ${floor.rows} rows`);
    results['sync.first_sync_floor'] = { value: round(floor.ms / 1000, 2), unit: 's' };
    const lookups = await page.evaluate(
      rawLookups,
      'hallway',
      'items',
      'ref.key',
      resolveSamples(workspace).map((s) => s.ref.key),
    );
    results['sync.resolve_floor_p50'] = { value: round(percentile(lookups, 50), 2), unit: 'ms' };
    results['sync.resolve_floor_p95'] = { value: round(percentile(lookups, 95), 2), unit: 'ms' };
  } finally {
    await session?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

/** The bench page's resolution code as one script: extension pages refuse remote and inline scripts. */
async function bundleResolveBench(): Promise<string> {
  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry: join(import.meta.dirname, 'sync-resolve.ts'), formats: ['iife'], name: RESOLVE_GLOBAL },
    },
  });
  const chunk = (Array.isArray(output) ? output : [output]).flatMap((result) =>
    'output' in result ? result.output : [],
  )[0];
  if (chunk?.type !== 'chunk') throw new Error('bundling the resolve bench produced no script');
  return chunk.code;
}

const RESOLVE_GLOBAL = 'hallwayResolveBench';

/** 1,000 items spread over the workspace, the same for the resolution and its floor. */
const resolveSamples = (workspace: SyntheticWorkspace): ResolveSample[] =>
  Array.from({ length: 1_000 }, (_, n) => {
    const item = workspace.items[(n * 7919) % workspace.items.length] as Item;
    return { ref: item.ref, context: item.context };
  });

/**
 * p50/p95 of `resolveContext` in an extension page (as the background runs it) over the mirror the first sync filled,
 * for 1,000 items spread over the workspace.
 */
async function resolveInChromium(page: Page, workspace: SyntheticWorkspace): Promise<BenchResults> {
  const samples = resolveSamples(workspace);
  // A string evaluates through DevTools, which the page's content security policy does not govern.
  await page.evaluate(await bundleResolveBench());
  const timings = await page.evaluate(
    (name, wanted) => (globalThis as unknown as Record<string, typeof ResolveBench>)[name]?.timeResolutions(wanted),
    RESOLVE_GLOBAL,
    samples,
  );
  if (!timings) throw new Error('the resolve bench did not load in the extension page');
  return {
    'sync.resolve_p50': { value: round(percentile(timings, 50), 2), unit: 'ms' },
    'sync.resolve_p95': { value: round(percentile(timings, 95), 2), unit: 'ms' },
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

if (import.meta.main) {
  const { formatFigure } = await import('./format.ts');
  for (const [name, figure] of Object.entries(await runSyncBench())) console.log(formatFigure(name, figure));
}
