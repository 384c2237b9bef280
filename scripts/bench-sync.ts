/**
 * `node scripts/bench-sync.ts`: the local mirror at workspace scale.
 * - sync.server_pull: the server alone, its whole 100,000-change feed pulled by Node `fetch` (the floor the server
 *   puts under a first sync; the extension's sync below starts on a fresh server process, with no page cached).
 * - sync.first_sync / sync.first_sync_rate: a production build in Chromium pulls a 100,000-record workspace from a
 *   real server (server/main.ts on PGlite, in its own process) through its background service worker;
 *   sync.first_sync_server_cpu is the CPU time the server process spent meanwhile.
 * - sync.incremental_100: another client writes 100 decisions; the next pass pushes nothing and pulls them.
 * - sync.background_memory: the service worker's JS heap after the first sync.
 * - sync.resolve_p50 / p95: `resolveContext` over `dexieSource` in an extension page (where the sidebar runs it),
 *   over Chromium's IndexedDB holding what that first sync wrote.
 * Needs `wxt build` first (npm run bench builds nothing itself).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { migrate } from '../server/db/migrate.ts';
import { openPglite } from '../server/db/pglite.ts';
import { bootstrap } from '../server/domain/tokens.ts';
import { serverNodeFlags } from '../server/node-flags.ts';
import { type ExtensionSession, launchWithExtension } from '../tests/e2e/harness.ts';
import {
  type Decision,
  type Goal,
  type Item,
  type ItemRef,
  type Link,
  type OwnershipRule,
  PULL_PAGE_MAX,
  type Team,
} from '../utils/contract.ts';
import { TOOLS } from '../utils/tools.ts';
import { type BenchResults, percentile } from './bench-format.ts';
import type * as ResolveBench from './bench-sync-resolve.ts';
import type { ResolveSample } from './bench-sync-resolve.ts';

const TOTAL = 100_000;
const COUNTS = { team: 100, goal: 2_000, rule: 200, item: 40_000, link: 30_000 };
const DECISIONS = TOTAL - Object.values(COUNTS).reduce((sum, n) => sum + n, 0);

const uuidOf = (kind: number, n: number) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
const meta = (kind: number, n: number) => ({ id: uuidOf(kind, n), version: 1, createdAt: at(n), updatedAt: at(n) });

function refOf(n: number): ItemRef {
  const tool = TOOLS[n % 4] ?? 'jira';
  if (tool === 'jira') {
    const key = `P${n % 300}-${n}`;
    return {
      tool,
      kind: 'issue',
      id: key,
      project: `P${n % 300}`,
      workspace: 'acme.atlassian.net',
      key: `jira:acme.atlassian.net/${key}`,
      url: `https://acme.atlassian.net/browse/${key}`,
    };
  }
  if (tool === 'notion') {
    const id = n.toString(16).padStart(32, '0');
    return { tool, kind: 'page', id, key: `notion:${id}`, url: `https://www.notion.so/${id}` };
  }
  if (tool === 'asana')
    return {
      tool,
      kind: 'task',
      id: String(1e15 + n),
      key: `asana:${1e15 + n}`,
      url: `https://app.asana.com/0/1/${1e15 + n}`,
    };
  const id = `FMfcg${n.toString(36).padStart(27, 'x')}`;
  return { tool, kind: 'thread', id, key: `gmail:${id}`, url: `https://mail.google.com/mail/u/0/#inbox/${id}` };
}

/** A workspace shaped like a large company: many items and links, fewer goals and teams, a few hundred rules. */
export function syntheticWorkspace() {
  const teams: Team[] = Array.from({ length: COUNTS.team }, (_, n) => ({
    ...meta(1, n),
    name: `Team ${n}`,
    slug: `team-${n}`,
    description: 'A team.',
    parentTeamId: n > 10 ? uuidOf(1, n % 10) : null,
    members: [{ name: `Lead ${n}` }],
  }));
  const goals: Goal[] = Array.from({ length: COUNTS.goal }, (_, n) => ({
    ...meta(2, n),
    title: `Goal ${n}`,
    description: 'Why it matters.',
    ownerTeamId: uuidOf(1, n % COUNTS.team),
    parentGoalId: n >= 20 ? uuidOf(2, Math.floor(n / 20) - 1) : null,
    status: 'on_track',
    progress: n % 100,
    targetDate: '2026-12-31',
    statusHistory: [],
  }));
  const rules: OwnershipRule[] = Array.from({ length: COUNTS.rule }, (_, n) => ({
    ...meta(3, n),
    tool: 'jira',
    field: 'jiraProject',
    pattern: n % 10 === 0 ? `P${n}*` : `P${n}`,
    teamId: uuidOf(1, n % COUNTS.team),
    goalId: uuidOf(2, n),
    priority: n % 5,
  }));
  const items: Item[] = Array.from({ length: COUNTS.item }, (_, n) => ({
    ...meta(4, n),
    ref: refOf(n),
    title: `Work item ${n}`,
    context: n % 4 === 0 ? { jiraProject: `P${n % 300}` } : n % 4 === 1 ? { notionParents: ['Engineering'] } : {},
  }));
  const links: Link[] = Array.from({ length: COUNTS.link }, (_, n) => {
    const itemKey = refOf(n % COUNTS.item).key;
    const base = { ...meta(5, n), itemKey, createdBy: 'Bench' };
    if (n % 3 === 0) return { ...base, kind: 'owner', teamId: uuidOf(1, n % COUNTS.team) };
    if (n % 3 === 1) return { ...base, kind: 'goal', goalId: uuidOf(2, n % COUNTS.goal) };
    return { ...base, kind: 'related', relatedItemKey: refOf((n * 7) % COUNTS.item).key };
  });
  const decisions: Decision[] = Array.from({ length: DECISIONS }, (_, n) => ({
    ...meta(6, n),
    title: `Decision ${n}`,
    rationale: 'Because the data said so. '.repeat(4),
    status: 'accepted',
    statusHistory: [],
    decidedAt: at(n),
    decidedBy: 'Bench',
    teamId: uuidOf(1, n % COUNTS.team),
    goalId: uuidOf(2, n % COUNTS.goal),
    itemKeys: [refOf(n % COUNTS.item).key, refOf((n * 13) % COUNTS.item).key],
    quote: null,
    sourceUrl: null,
    supersedes: n % 10 === 9 ? uuidOf(6, n - 1) : null,
    supersededBy: null,
  }));
  return { teams, goals, rules, items, links, decisions };
}

/** The server's data folder, seeded with `workspace` as its change feed; returns the admin token. */
async function seedServer(dataDir: string, workspace: ReturnType<typeof syntheticWorkspace>): Promise<string> {
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

interface ServerProcess {
  url: string;
  /** CPU seconds (user + system) the server process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * The real server entry point in its own process, as deployed: its work is not the extension's cost, and sharing
 * the benchmark's event loop would slow both. Each start has a cold pull-page cache.
 */
async function startServer(dataDir: string): Promise<ServerProcess> {
  const flags = serverNodeFlags(process.env.DATABASE_URL);
  const child = spawn(process.execPath, [...flags, join(import.meta.dirname, '..', 'server', 'main.ts')], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening?.[1]) resolve(listening[1]);
    });
    void exited.then(() => reject(new Error(`the server exited before listening:\n${output}`)));
  });
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return {
    url,
    cpuSeconds() {
      // /proc/<pid>/stat: utime and stime are fields 14 and 15, after the parenthesised command name.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
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

export async function runSyncBench(): Promise<BenchResults> {
  const workspace = syntheticWorkspace();
  const dataDir = mkdtempSync(join(tmpdir(), 'hallway-bench-sync-'));
  const results: BenchResults = {};
  let server: ServerProcess | null = null;
  let session: ExtensionSession | null = null;
  try {
    const token = await seedServer(dataDir, workspace);

    server = await startServer(dataDir);
    const pullStarted = performance.now();
    const pulled = await pullEverything(server.url, token);
    if (pulled !== TOTAL) throw new Error(`the server returned ${pulled} changes, not ${TOTAL}`);
    results['sync.server_pull'] = { value: round((performance.now() - pullStarted) / 1000, 2), unit: 's' };
    // A fresh process, so the extension's first sync finds no page cached by the pull above.
    await server.stop();
    server = await startServer(dataDir);
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

    const cpuBefore = server.cpuSeconds();
    const firstSync = await timedSync();
    if (firstSync.answer?.value?.status !== 'idle')
      throw new Error(`first sync failed: ${JSON.stringify(firstSync.answer)}`);
    results['sync.first_sync'] = { value: round(firstSync.ms / 1000, 2), unit: 's' };
    results['sync.first_sync_rate'] = { value: Math.round(TOTAL / (firstSync.ms / 1000)), unit: 'records/s' };
    results['sync.first_sync_server_cpu'] = { value: round(server.cpuSeconds() - cpuBefore, 2), unit: 's' };

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
      lib: { entry: join(import.meta.dirname, 'bench-sync-resolve.ts'), formats: ['iife'], name: RESOLVE_GLOBAL },
    },
  });
  const chunk = (Array.isArray(output) ? output : [output]).flatMap((result) =>
    'output' in result ? result.output : [],
  )[0];
  if (chunk?.type !== 'chunk') throw new Error('bundling the resolve bench produced no script');
  return chunk.code;
}

const RESOLVE_GLOBAL = 'hallwayResolveBench';

/**
 * p50/p95 of `resolveContext` in an extension page (where the sidebar runs it) over the mirror the first sync filled,
 * for 1,000 items spread over the workspace.
 */
async function resolveInChromium(page: Page, workspace: ReturnType<typeof syntheticWorkspace>): Promise<BenchResults> {
  const samples: ResolveSample[] = Array.from({ length: 1_000 }, (_, n) => {
    const item = workspace.items[(n * 7919) % workspace.items.length] as Item;
    return { ref: item.ref, context: item.context };
  });
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
  const { formatFigure } = await import('./bench-format.ts');
  for (const [name, figure] of Object.entries(await runSyncBench())) console.log(formatFigure(name, figure));
}
