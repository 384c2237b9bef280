/**
 * `node scripts/bench-sync.ts`: the local mirror at workspace scale.
 * - sync.first_sync / sync.first_sync_rate: a production build in Chromium pulls a 100,000-record workspace from a
 *   real server (in-process, PGlite) through its background service worker.
 * - sync.incremental_100: another client writes 100 decisions; the next pass pushes nothing and pulls them.
 * - sync.background_memory: the service worker's JS heap after the first sync.
 * - sync.resolve_p50 / p95: context resolution over Dexie holding the same 100,000 records, in Node with
 *   fake-indexeddb (slower than Chromium's IndexedDB, so an upper bound).
 * Needs `wxt build` first (npm run bench builds nothing itself).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createApp } from '../server/app.ts';
import { migrate } from '../server/db/migrate.ts';
import { openPglite } from '../server/db/pglite.ts';
import { bootstrap } from '../server/domain/tokens.ts';
import { launchWithExtension } from '../tests/e2e/harness.ts';
import type { Decision, Goal, Item, ItemRef, Link, OwnershipRule, Team } from '../utils/contract.ts';
import { openDb } from '../utils/db/index.ts';
import { dexieSource, resolveContext } from '../utils/resolve/index.ts';
import type { BenchResults } from './bench-format.ts';

const TOTAL = 100_000;
const COUNTS = { team: 100, goal: 2_000, rule: 200, item: 40_000, link: 30_000 };
const DECISIONS = TOTAL - Object.values(COUNTS).reduce((sum, n) => sum + n, 0);

const uuidOf = (kind: number, n: number) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
const meta = (kind: number, n: number) => ({ id: uuidOf(kind, n), version: 1, createdAt: at(n), updatedAt: at(n) });
const TOOLS = ['jira', 'notion', 'asana', 'gmail'] as const;

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

export async function runSyncBench(): Promise<BenchResults> {
  const workspace = syntheticWorkspace();
  const db = await openPglite();
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

  const app = createApp({ db, rateLimit: false });
  const http = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  const serverUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const session = await launchWithExtension();
  const results: BenchResults = {};
  try {
    const page = await session.openPage(`chrome-extension://${session.extensionId}/options.html`, []);
    await page.waitForSelector('input[name="serverUrl"]');
    // Connect the way the options page saves a connection, without its "sync now", so the pass can be timed alone.
    await page.evaluate(
      async (url, token) => {
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
            tx.objectStore('credentials').put({ id: 'main', token, me: null });
            tx.oncomplete = () => resolve();
          };
        });
      },
      serverUrl,
      first.token,
    );
    const timedSync = () =>
      page.evaluate(async () => {
        const started = performance.now();
        const answer = await chrome.runtime.sendMessage({ type: 'sync.now', data: {} });
        return { ms: performance.now() - started, answer };
      });

    const firstSync = await timedSync();
    if (firstSync.answer?.value?.status !== 'idle')
      throw new Error(`first sync failed: ${JSON.stringify(firstSync.answer)}`);
    results['sync.first_sync'] = { value: round(firstSync.ms / 1000, 2), unit: 's' };
    results['sync.first_sync_rate'] = { value: Math.round(TOTAL / (firstSync.ms / 1000)), unit: 'records/s' };

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
    const pushed = await app.request('/v1/mutations', {
      method: 'POST',
      headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mutations }),
    });
    if (pushed.status !== 200) throw new Error(`seeding the incremental changes failed: ${pushed.status}`);
    const incremental = await timedSync();
    results['sync.incremental_100'] = { value: Math.round(incremental.ms), unit: 'ms' };
  } finally {
    await session.close();
    http.close();
    await db.close();
  }

  Object.assign(results, await resolveBench(workspace));
  return results;
}

async function resolveBench(workspace: ReturnType<typeof syntheticWorkspace>): Promise<BenchResults> {
  const mirror = openDb(`bench-${Date.now()}`, { indexedDB, IDBKeyRange });
  await mirror.teams.bulkPut(workspace.teams);
  await mirror.goals.bulkPut(workspace.goals);
  await mirror.rules.bulkPut(workspace.rules);
  await mirror.items.bulkPut(workspace.items);
  await mirror.links.bulkPut(workspace.links);
  await mirror.decisions.bulkPut(workspace.decisions);
  const source = dexieSource(mirror);
  const timings: number[] = [];
  for (let n = 0; n < 1_000; n += 1) {
    const item = workspace.items[(n * 7919) % workspace.items.length];
    if (!item) continue;
    const started = performance.now();
    await resolveContext(source, item.ref, item.context);
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const percentile = (p: number) => timings[Math.min(timings.length - 1, Math.floor(timings.length * p))] ?? 0;
  mirror.close();
  return {
    'sync.resolve_p50': { value: round(percentile(0.5), 2), unit: 'ms' },
    'sync.resolve_p95': { value: round(percentile(0.95), 2), unit: 'ms' },
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

if (import.meta.main) {
  const { formatFigure } = await import('./bench-format.ts');
  for (const [name, figure] of Object.entries(await runSyncBench())) console.log(formatFigure(name, figure));
}
