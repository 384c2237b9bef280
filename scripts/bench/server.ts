/**
 * Server benchmark: push 20,000 mutations in batches of 100 from 8 concurrent clients, then pull the whole feed in
 * pages of 500 with 50 concurrent pullers. The server runs as its own process (`node server/main.ts`, exactly what
 * is deployed), so its peak memory is measured apart from the load generator's. PGlite always; PostgreSQL too when
 * BENCH_DATABASE_URL is set (BENCH_SERVER_ONLY=pglite or postgres runs one of them). Run with
 * `node scripts/bench/server.ts`. Besides the times, figures the machine's load leaves alone (server-profile.ts): the
 * server's CPU per push batch (and PostgreSQL's backends' for the bench database), the statements and transactions a
 * batch takes, the statements a pull page load takes, and the 1-minute load average the times were taken at. The
 * pull has two floors: the database's (server-floors.ts) and HTTP's (http-floor.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../../server/db/database.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { generateToken } from '../../server/domain/tokens.ts';
import { createTemporaryDatabase } from '../../server/testing/databases.ts';
import { type Mutation, zMutationBatchResult, zPullPage } from '../../utils/contract.ts';
import { type BenchComparison, formatComparisons } from './format.ts';
import { pullHttpFloor } from './http-floor.ts';
import { PageClient } from './page-client.ts';
import { pullFloor, pushFloor } from './server-floors.ts';
import { startServerProcess } from './server-process.ts';
import { countStatements, databaseCpuSeconds } from './server-profile.ts';

/** 20,000 unless BENCH_SERVER_MUTATIONS says otherwise (a multiple of the batch size; smaller for a quick look). */
const TOTAL_MUTATIONS = Number(process.env.BENCH_SERVER_MUTATIONS ?? 20_000);
const BATCH_SIZE = 100;
const PUSH_CLIENTS = 8;
const PULL_PAGE = 500;
const PULL_CLIENTS = 50;
const FIRST_PULL_PAGE = `/v1/sync?cursor=0&limit=${PULL_PAGE}`;
/** Walks of the feed, one page at a time, for the pull's floor: enough pages for a p99. */
const PULL_FLOOR_WALKS = 5;

export type BenchResults = Record<string, { value: number; unit: string }>;

/** A realistic mix: captures (item upserts), decisions, links and goals. */
export function mutationBatch(batch: number): Mutation[] {
  return Array.from({ length: BATCH_SIZE }, (_, index): Mutation => {
    const n = batch * BATCH_SIZE + index;
    const key = `jira:acme.atlassian.net/PAY-${n}`;
    const mutationId = randomUUID();
    const id = randomUUID();
    switch (index % 10) {
      case 0:
        return {
          mutationId,
          id,
          type: 'goal.create',
          data: {
            title: `Goal ${n}`,
            description: '',
            ownerTeamId: null,
            parentGoalId: null,
            status: 'on_track',
            progress: 0,
            targetDate: null,
          },
        };
      case 1:
      case 2:
        return {
          mutationId,
          id,
          type: 'link.create',
          data: { kind: 'related', itemKey: key, relatedItemKey: `notion:${n}` },
        };
      case 3:
      case 4:
      case 5:
        return {
          mutationId,
          id,
          type: 'decision.create',
          data: {
            title: `Decision ${n}`,
            rationale: 'Because the numbers said so. '.repeat(8),
            status: 'accepted',
            decidedAt: new Date().toISOString(),
            decidedBy: 'Bench',
            teamId: null,
            goalId: null,
            itemKeys: [key],
            quote: null,
            sourceUrl: null,
            supersedes: null,
          },
        };
      default:
        return {
          mutationId,
          id,
          type: 'item.upsert',
          data: {
            ref: {
              tool: 'jira',
              kind: 'issue',
              id: `PAY-${n}`,
              workspace: 'acme.atlassian.net',
              project: 'PAY',
              key,
              url: `https://acme.atlassian.net/browse/PAY-${n}`,
            },
            title: `Issue ${n}`,
            context: { jiraProject: 'PAY', jiraIssueType: 'Story' },
          },
        };
    }
  });
}

interface FetchedPage {
  /** The body as sent (gzip), in the chunks the socket delivered, and the next page's path from the `Link`
   * header, null on the last page. */
  chunks: Buffer[];
  next: string | null;
}

/**
 * GETs a pull page as the extension does (Accept-Encoding: gzip) and resolves when its last byte is in: the time a
 * client on its own machine waits for the server. Pullers follow the `Link` header to the next page; inflating,
 * parsing or even joining every page here would spend the CPU of 50 client machines on the two cores the server
 * runs on: the bodies are joined and checked after the clock stops, and the client is a bare one (page-client.ts).
 */
async function getPage(client: PageClient, path: string, token: string): Promise<FetchedPage> {
  const response = await client.get(path, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' });
  if (response.status !== 200 || response.headers.get('content-encoding') !== 'gzip') {
    const body = Buffer.concat(response.chunks).toString().slice(0, 200);
    throw new Error(`pull answered ${response.status}: ${body}`);
  }
  const link = response.headers.get('link') ?? '';
  return { chunks: response.chunks, next: /^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null };
}

/**
 * One puller's pages (their joined `bodies` beside them), decoded and checked against the contract and against the
 * `Link` chain they came with.
 */
function checkPages(pages: readonly FetchedPage[], bodies: readonly Buffer[]): number {
  let changes = 0;
  pages.forEach((page, index) => {
    const body = zPullPage.parse(JSON.parse(gunzipSync(bodies[index] ?? Buffer.alloc(0)).toString()));
    const expectedNext = body.hasMore ? `/v1/sync?cursor=${body.cursor}&limit=${PULL_PAGE}` : null;
    if (page.next !== expectedNext) throw new Error(`page ${index} links to ${page.next}, not ${expectedNext}`);
    changes += body.changes.length;
  });
  return changes;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Each figure beside its floor (server-floors.ts) and the issue's target. The throughputs' ratio is floor / figure,
 * the latencies' figure / floor: how many times the database alone is faster.
 */
export const serverComparisons: BenchComparison[] = (['pglite', 'postgres'] as const).flatMap((name) => [
  {
    figure: `server.${name}.push`,
    floor: `server.${name}.push_floor`,
    higherIsBetter: true,
    ...(name === 'postgres' ? { target: 10_000 } : {}),
  },
  { figure: `server.${name}.pull_p50`, floor: `server.${name}.pull_floor_p50`, higherIsBetter: false },
  {
    figure: `server.${name}.pull_p99`,
    floor: `server.${name}.pull_floor_p99`,
    higherIsBetter: false,
    target: name === 'postgres' ? 20 : 40,
  },
  // Beside the database's floor, HTTP's: the same bytes to the same pullers from bare node:http (http-floor.ts).
  { figure: `server.${name}.pull_p50`, floor: `server.${name}.pull_http_floor_p50`, higherIsBetter: false },
  { figure: `server.${name}.pull_p99`, floor: `server.${name}.pull_http_floor_p99`, higherIsBetter: false },
]);

async function benchServer(
  name: 'pglite' | 'postgres',
  env: Record<string, string>,
  openDatabase: () => Promise<Database>,
): Promise<BenchResults> {
  const token = generateToken();
  const results = await benchServerProcess(name, env, token);
  // The floors, on the rows the push just wrote, once the server has let go of the database (PGlite's lock).
  const db = await openDatabase();
  try {
    const [workspace, ...more] = await db.query<{ id: string }>('SELECT id FROM workspaces');
    if (!workspace || more.length > 0) throw new Error('the bench database should hold exactly one workspace');
    const push = await pushFloor(db, workspace.id, TOTAL_MUTATIONS, TOTAL_MUTATIONS / BATCH_SIZE, PUSH_CLIENTS);
    const pull = await pullFloor(db, workspace.id, PULL_PAGE, PULL_FLOOR_WALKS);
    if (pull.changes !== TOTAL_MUTATIONS) throw new Error(`the pull floor read ${pull.changes} changes`);
    results[`server.${name}.push_floor`] = { value: Math.round(push), unit: 'mutations/s' };
    results[`server.${name}.pull_floor_p50`] = { value: round(pull.p50), unit: 'ms' };
    results[`server.${name}.pull_floor_p99`] = { value: round(pull.p99), unit: 'ms' };
    // Then what one batch and one page take in statements, on fresh rows (item keys past the push's).
    const counts = await countStatements(db, token, (batch) => mutationBatch(TOTAL_MUTATIONS / BATCH_SIZE + batch), {
      batches: 5,
      pages: 5,
      pageSize: PULL_PAGE,
    });
    results[`server.${name}.push_statements_per_batch`] = { value: counts.pushStatementsPerBatch, unit: 'statements' };
    results[`server.${name}.push_transactions_per_batch`] = {
      value: counts.pushTransactionsPerBatch,
      unit: 'transactions',
    };
    results[`server.${name}.pull_statements_per_page_load`] = {
      value: counts.pullStatementsPerPage,
      unit: 'statements',
    };
    // Timings are inflated by whatever else the machine runs: the 1-minute load average they were taken at.
    results[`server.${name}.load_average_1m`] = { value: round2(loadavg()[0] ?? 0), unit: '' };
  } finally {
    await db.close();
  }
  return results;
}

async function benchServerProcess(
  name: 'pglite' | 'postgres',
  env: Record<string, string>,
  token: string,
): Promise<BenchResults> {
  const server = await startServerProcess({ ...env, HALLWAY_BOOTSTRAP_TOKEN: token });
  const { url } = server;
  const serverUrl = new URL(url);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  try {
    const batches = Array.from({ length: TOTAL_MUTATIONS / BATCH_SIZE }, (_, batch) =>
      JSON.stringify({ mutations: mutationBatch(batch) }),
    );
    let next = 0;
    const serverCpuBeforePush = await server.cpuSeconds();
    const databaseCpuBeforePush = env.DATABASE_URL ? await databaseCpuSeconds(env.DATABASE_URL) : undefined;
    const pushStart = performance.now();
    await Promise.all(
      Array.from({ length: PUSH_CLIENTS }, async () => {
        for (let batch = next++; batch < batches.length; batch = next++) {
          const response = await fetch(`${url}/v1/mutations`, { method: 'POST', headers, body: batches[batch] });
          const { results } = zMutationBatchResult.parse(await response.json());
          const failed = results.find((result) => result.status !== 'applied');
          if (failed) throw new Error(`bench mutation not applied: ${JSON.stringify(failed)}`);
        }
      }),
    );
    const pushSeconds = (performance.now() - pushStart) / 1000;
    // CPU per batch of 100: the server's, and PostgreSQL's backends' for this database (PGlite runs in the server).
    const pushServerCpu = ((await server.cpuSeconds()) - serverCpuBeforePush) * 1000;
    const databaseCpuAfterPush = env.DATABASE_URL ? await databaseCpuSeconds(env.DATABASE_URL) : undefined;
    const pushCpu: BenchResults = {
      [`server.${name}.push_server_cpu_per_batch`]: { value: round2(pushServerCpu / batches.length), unit: 'ms' },
    };
    if (databaseCpuBeforePush !== undefined && databaseCpuAfterPush !== undefined) {
      pushCpu[`server.${name}.push_database_cpu_per_batch`] = {
        value: round2(((databaseCpuAfterPush - databaseCpuBeforePush) * 1000) / batches.length),
        unit: 'ms',
      };
    }

    const serverCpuBefore = await server.cpuSeconds();
    const generatorCpuBefore = process.cpuUsage();
    const latencies: number[] = [];
    const pagesByPuller: FetchedPage[][] = [];
    await Promise.all(
      Array.from({ length: PULL_CLIENTS }, async () => {
        const pages: FetchedPage[] = [];
        pagesByPuller.push(pages);
        const client = new PageClient(serverUrl);
        try {
          for (let next: string | null = FIRST_PULL_PAGE; next !== null; ) {
            const start = performance.now();
            const page = await getPage(client, next, token);
            latencies.push(performance.now() - start);
            pages.push(page);
            next = page.next;
          }
        } finally {
          client.close();
        }
      }),
    );
    const serverCpu = ((await server.cpuSeconds()) - serverCpuBefore) * 1000;
    const generatorCpu = process.cpuUsage(generatorCpuBefore);
    // After the clock stops: one puller's pages are decoded and checked in full, and every other puller must have
    // received the very same bytes.
    const [reference, ...others] = pagesByPuller;
    const referenceBodies = (reference ?? []).map((page) => Buffer.concat(page.chunks));
    const checked = checkPages(reference ?? [], referenceBodies);
    if (checked !== TOTAL_MUTATIONS) throw new Error(`the checked puller got ${checked} changes`);
    const same = (pages: FetchedPage[]) =>
      pages.length === referenceBodies.length &&
      pages.every((page, index) => Buffer.concat(page.chunks).equals(referenceBodies[index] ?? Buffer.alloc(0)));
    if (!others.every(same)) throw new Error('pullers received different pages');
    latencies.sort((a, b) => a - b);
    const httpFloor = await pullHttpFloor(
      (reference ?? []).map((page, index) => ({
        path: index === 0 ? FIRST_PULL_PAGE : ((reference ?? [])[index - 1]?.next ?? ''),
        gzip: referenceBodies[index] ?? Buffer.alloc(0),
        next: page.next,
      })),
      PULL_CLIENTS,
      env.DATABASE_URL,
    );
    return {
      [`server.${name}.push`]: { value: Math.round(TOTAL_MUTATIONS / pushSeconds), unit: 'mutations/s' },
      ...pushCpu,
      [`server.${name}.pull_p50`]: { value: round(percentile(latencies, 50)), unit: 'ms' },
      [`server.${name}.pull_p99`]: { value: round(percentile(latencies, 99)), unit: 'ms' },
      [`server.${name}.pull_http_floor_p50`]: { value: round(httpFloor.p50), unit: 'ms' },
      [`server.${name}.pull_http_floor_p99`]: { value: round(httpFloor.p99), unit: 'ms' },
      // Where the pull phase's CPU went: the load generator shares the machine's cores with the server.
      [`server.${name}.pull_server_cpu_per_page`]: { value: round2(serverCpu / latencies.length), unit: 'ms' },
      [`server.${name}.pull_generator_cpu_per_page`]: {
        value: round2((generatorCpu.user + generatorCpu.system) / 1000 / latencies.length),
        unit: 'ms',
      },
      [`server.${name}.rss_peak`]: { value: await server.peakRssMegabytes(), unit: 'MB' },
    };
  } finally {
    await server.stop();
  }
}

export async function runServerBench(): Promise<BenchResults> {
  if (!Number.isInteger(TOTAL_MUTATIONS / BATCH_SIZE) || TOTAL_MUTATIONS <= 0)
    throw new Error(`BENCH_SERVER_MUTATIONS must be a positive multiple of ${BATCH_SIZE}, not ${TOTAL_MUTATIONS}`);
  const results: BenchResults = {};
  const only = process.env.BENCH_SERVER_ONLY;
  if (only && only !== 'pglite' && only !== 'postgres')
    throw new Error(`BENCH_SERVER_ONLY must be pglite or postgres, not ${only}`);
  if (only !== 'postgres') {
    const dir = await mkdtemp(join(tmpdir(), 'hallway-bench-'));
    try {
      const dataDir = join(dir, 'pglite');
      Object.assign(
        results,
        await benchServer('pglite', { DATA_DIR: dataDir, DATABASE_URL: '' }, () => openPglite(dataDir)),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (adminUrl && only !== 'pglite') {
    const database = await createTemporaryDatabase(adminUrl);
    try {
      Object.assign(
        results,
        await benchServer('postgres', { DATABASE_URL: database.url, DATABASE_POOL_SIZE: '16' }, async () =>
          openPostgres(database.url, 16),
        ),
      );
    } finally {
      await database.drop();
    }
  }
  return results;
}

if (import.meta.main) {
  const results = await runServerBench();
  for (const [name, { value, unit }] of Object.entries(results)) console.log(`${name}: ${value} ${unit}`);
  for (const line of formatComparisons(serverComparisons, results)) console.log(line);
}
