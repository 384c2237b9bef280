/**
 * Connector benchmarks: `node scripts/bench/connectors.ts` (or `npm run bench -- connectors`) (PGlite; BENCH_DATABASE_URL for PostgreSQL).
 * On the fixture organisation (server/testing/fixture-org.ts: Jira, Asana and Notion with known true owners), the
 * three connectors import through the real clients from the local stand-in, then the suggestions are taken as
 * proposed:
 * - connectors.suggestion_precision: suggestions naming the true owner (target >= 95 %).
 * - connectors.container_coverage_before / _after: containers a rule can name that resolve to a team, with the
 *   workspace's hand-written rules only, then with the suggestions accepted (target after >= 90 %).
 * - connectors.container_precision_after: of those resolving after, the share resolving to the true owner.
 * - connectors.item_coverage_before / _after: the same for the workspace's items (mail threads included, which no
 *   connector covers).
 * - connectors.import_10k_s: importing 10,000 Jira projects with their components (about 25,000 containers, one
 *   component request per project), from the request to the finished run, from a stand-in on this machine (target
 *   <= 30 s). The stand-in runs in a process of its own (scripts/bench/standin-process.ts), as a tool is another
 *   machine; on a loaded machine the figure is still CPU-bound, so it is printed with the load average beside it
 *   (connectors.import_10k_load_1min, the machine's 1-minute load at the end of the import) and with figures the
 *   load does not change:
 * - connectors.import_10k_sql_statements: the statements the server sent PostgreSQL (or PGlite) during that import,
 *   every BEGIN and COMMIT counted (each is a round trip); the benchmark's own polling is not among them.
 * - connectors.import_10k_server_cpu_s: CPU time the server's process spent on it (user + system).
 * - connectors.import_10k_standin_cpu_s: CPU time the stand-in's process spent answering (building each answer and
 *   checking it against the tool's published schema): the tool's own work, which on 2 shared cores competes with the
 *   server's for the same CPU, so the wall time is at least about the larger of the two over the cores left.
 * - connectors.import_10k_postgres_cpu_s: CPU time PostgreSQL's backends of the benchmark's database spent on it,
 *   read from /proc (only for a PostgreSQL server on this machine that /proc shows; absent otherwise).
 * - connectors.import_10k_s_at_50ms: the same from a stand-in that takes 50 ms per answer
 *   (BENCH_CONNECTORS_LATENCY_MS), as a tool across a network: bound by JIRA_CONCURRENCY requests at a time.
 * - connectors.import_10k_peak_requests(_at_50ms): the most requests the stand-in was answering at once.
 * - connectors.import_rate(_at_50ms): containers stored per second over that import (10,000 containers take
 *   10,000 / rate seconds: the target's 10,000 are fewer than the 25,000 measured).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from '../../server/db/database.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { createTemporaryDatabase, type TestDatabase, testDatabases } from '../../server/testing/databases.ts';
import { createFixtureOrg } from '../../server/testing/fixture-org.ts';
import { type Client, startTestServer } from '../../server/testing/test-server.ts';
import { STANDIN_EMAIL, STANDIN_TOKEN, startStandin } from '../../server/testing/tool-standin.ts';
import type { ImportRun, OwnershipRule, RuleSuggestion } from '../../utils/contract.ts';
import {
  type CoverageContainer,
  containerCoverage,
  itemCoverage,
  resolveContainers,
  rulesOfSuggestions,
} from '../../utils/resolve/coverage.ts';
import type { BenchComparison, BenchResults } from './format.ts';

/** Issue 16's targets (no floor: what a perfect matcher or a free import would reach is not measurable). */
export const connectorComparisons: BenchComparison[] = [
  { figure: 'connectors.suggestion_precision', higherIsBetter: true, target: 95 },
  { figure: 'connectors.container_coverage_after', higherIsBetter: true, target: 90 },
  { figure: 'connectors.container_precision_after', higherIsBetter: true, target: 95 },
  { figure: 'connectors.import_10k_s', higherIsBetter: false, target: 30 },
];

const benchUrl = process.env.BENCH_DATABASE_URL;
/** How long the far stand-in takes per answer. */
const LATENCY_MS = Number(process.env.BENCH_CONNECTORS_LATENCY_MS ?? 50);
const opened: TestDatabase = benchUrl
  ? {
      name: 'postgres',
      async open() {
        const temporary = await createTemporaryDatabase(benchUrl);
        const db = openPostgres(temporary.url, 8);
        return {
          ...db,
          close: async () => {
            await db.close();
            await temporary.drop();
          },
        };
      },
    }
  : (testDatabases[0] as TestDatabase);

/** Statements sent through the server's database since the counter was last read. */
let statements = 0;
/** The database underneath the counter: the benchmark's own polling goes here, uncounted. */
let raw: Database | undefined;
const counted = (queryable: Queryable): Queryable => ({
  query(sql, params) {
    statements += 1;
    return queryable.query(sql, params);
  },
});
const database: TestDatabase = {
  name: opened.name,
  async open() {
    const db = await opened.open();
    raw = db;
    return {
      ...db,
      ...counted(db),
      // BEGIN and COMMIT (or ROLLBACK) are round trips too.
      transaction: (fn) => {
        statements += 2;
        return db.transaction((tx) => fn(counted(tx)));
      },
    };
  },
};

/**
 * CPU seconds of the PostgreSQL backends serving `db`'s database, from /proc (utime + stime): null when PostgreSQL
 * is not on this machine or /proc does not show its processes. Sampled while the import runs, since a backend the
 * pool closes takes its figures with it.
 */
async function postgresCpu(db: Database): Promise<Map<number, number> | null> {
  if (db.kind !== 'postgres') return null;
  const rows = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const ticks = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      // Fields 14 and 15 (utime, stime), after the command name in parentheses.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    return null;
  }
  return ticks;
}

/** The tool stand-in in its own process: its URL, and a close that answers what it saw. */
async function standinProcess(orgOptions: object, faults: object) {
  const child: ChildProcess = fork(fileURLToPath(new URL('./standin-process.ts', import.meta.url)), [
    JSON.stringify(orgOptions),
    JSON.stringify(faults),
  ]);
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      child.once('message', (message) => resolve(message as T));
      child.once('exit', (code) => reject(new Error(`the stand-in process ended (${code})`)));
    });
  const { url } = await next<{ url: string }>();
  return {
    url,
    async close() {
      const report = next<{
        requests: number;
        peakConcurrency: number;
        invalidAnswers: string[];
        cpuSeconds: number;
      }>();
      child.send('close');
      return await report;
    },
  };
}

async function importAndWait(client: Client, connectorId: string): Promise<ImportRun> {
  const started = await client.post(`/v1/connectors/${connectorId}/imports`, {});
  if (started.status !== 202) throw new Error(`import refused: ${JSON.stringify(started.body)}`);
  const runId = (started.body as ImportRun).id;
  for (;;) {
    const runs = await client.get(`/v1/connectors/${connectorId}/imports`);
    const run = (runs.body as { data: ImportRun[] }).data.find((r) => r.id === runId);
    if (run?.finishedAt) return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function runConnectorBench(): Promise<BenchResults> {
  const server = await startTestServer(database, {}, { jobs: true });
  try {
    const org = createFixtureOrg();
    const standin = await startStandin(org.tools);
    const ws = await server.workspace();
    const teamIds = new Map<string, string>();
    for (const team of org.teams) {
      const created = await ws.admin.post('/v1/teams', { name: team.name, slug: team.slug, members: team.members });
      teamIds.set(team.slug, (created.body as { id: string }).id);
    }
    for (const rule of org.handRules) {
      await ws.admin.post('/v1/rules', {
        tool: rule.tool,
        field: rule.field,
        pattern: rule.pattern,
        teamId: teamIds.get(rule.team),
      });
    }
    const bodies = [
      { kind: 'jira_cloud', name: 'Jira', baseUrl: standin.url, email: STANDIN_EMAIL, apiToken: STANDIN_TOKEN },
      { kind: 'asana', name: 'Asana', baseUrl: `${standin.url}/api/1.0`, token: STANDIN_TOKEN },
      { kind: 'notion', name: 'Notion', baseUrl: standin.url, token: STANDIN_TOKEN },
    ];
    for (const body of bodies) {
      const connector = await ws.admin.post('/v1/connectors', body);
      const run = await importAndWait(ws.admin, (connector.body as { id: string }).id);
      if (run.status !== 'succeeded')
        throw new Error(
          `${body.kind} import ${run.status}: ${JSON.stringify({ problems: run.problems, error: run.error })}`,
        );
    }
    if (standin.invalidAnswers.length)
      throw new Error(`stand-in answers off the schemas: ${standin.invalidAnswers[0]}`);
    const suggestions = ((await ws.admin.get('/v1/suggestions?status=proposed')).body as { data: RuleSuggestion[] })
      .data;
    const containers: CoverageContainer[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = (await ws.admin.get(`/v1/containers?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).body as {
        data: CoverageContainer[];
        nextCursor: string | null;
      };
      containers.push(...page.data);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    const handRules = ((await ws.admin.get('/v1/rules?limit=200')).body as { data: OwnershipRule[] }).data;
    const afterRules = [...handRules, ...rulesOfSuggestions(suggestions, new Date().toISOString())];
    const slugOf = new Map([...teamIds].map(([slug, id]) => [id, slug]));
    const correct = suggestions.filter(
      (s) => org.truth.get(`${s.container.tool}:${s.container.externalId}`) === slugOf.get(s.teamId),
    );
    const resolvedAfter = [...resolveContainers(containers, afterRules)].filter(([, team]) => team !== null);
    const rightAfter = resolvedAfter.filter(([key, team]) => org.truth.get(key) === slugOf.get(team as string));
    const allTeams = new Set(teamIds.values());
    const items = org.items.map(({ ref, context }) => ({ ref, context }));
    const percent = (value: number) => ({ value: value * 100, unit: '%' });
    const results: BenchResults = {
      'connectors.fixture_containers': { value: resolveContainers(containers, []).size, unit: 'containers' },
      'connectors.suggestions': { value: suggestions.length, unit: 'suggestions' },
      'connectors.suggestion_precision': percent(correct.length / suggestions.length),
      'connectors.container_coverage_before': percent(containerCoverage(containers, handRules).share),
      'connectors.container_coverage_after': percent(containerCoverage(containers, afterRules).share),
      'connectors.container_precision_after': percent(rightAfter.length / resolvedAfter.length),
      'connectors.item_coverage_before': percent(itemCoverage(items, [], handRules, allTeams).share),
      'connectors.item_coverage_after': percent(itemCoverage(items, [], afterRules, allTeams).share),
    };
    await standin.close();

    // 10,000 Jira projects with their components, from a stand-in on this machine and from one that takes
    // LATENCY_MS to answer each request (a tool across a network).
    const bigOptions = { jiraProjects: 10_000, asanaProjects: 0 };
    for (const latencyMs of [0, LATENCY_MS]) {
      const big = await standinProcess(bigOptions, { latencyMs });
      const bigWs = await server.workspace();
      const connector = await bigWs.admin.post('/v1/connectors', { ...bodies[0], baseUrl: big.url });
      const heapBefore = process.memoryUsage().heapUsed;
      const db = raw as Database;
      const cpuBefore = process.cpuUsage();
      const backends = new Map<number, { first: number; last: number }>();
      let backendsSeen = true;
      const sampleBackends = async (before = false) => {
        const ticks = await postgresCpu(db);
        if (!ticks) backendsSeen = false;
        for (const [pid, seconds] of ticks ?? []) {
          // A backend first seen during the import was started by it: all its time is the import's.
          const seen = backends.get(pid);
          backends.set(pid, { first: seen?.first ?? (before ? seconds : 0), last: seconds });
        }
      };
      await sampleBackends(true);
      statements = 0;
      const start = performance.now();
      const started = await bigWs.admin.post(`/v1/connectors/${(connector.body as { id: string }).id}/imports`, {});
      if (started.status !== 202) throw new Error(`import refused: ${JSON.stringify(started.body)}`);
      const runId = (started.body as ImportRun).id;
      let run: { status: string; containers: number } | undefined;
      for (;;) {
        [run] = await db.query<{ status: string; containers: number }>(
          'SELECT status, containers FROM import_runs WHERE workspace_id = $1 AND id = $2 AND finished_at IS NOT NULL',
          [bigWs.id, runId],
        );
        if (run) break;
        await sampleBackends();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const sent = statements;
      await sampleBackends();
      const suffix = latencyMs ? `_at_${latencyMs}ms` : '';
      const seen = await big.close();
      if (seen.invalidAnswers.length) throw new Error(`stand-in answers off the schemas: ${seen.invalidAnswers[0]}`);
      results[`connectors.import_10k_s${suffix}`] = { value: seconds, unit: 's' };
      results[`connectors.import_10k_load_1min${suffix}`] = { value: loadavg()[0] as number, unit: 'load' };
      results[`connectors.import_10k_containers${suffix}`] = { value: run.containers, unit: 'containers' };
      results[`connectors.import_rate${suffix}`] = { value: run.containers / seconds, unit: 'containers/s' };
      results[`connectors.import_10k_requests${suffix}`] = { value: seen.requests, unit: 'requests' };
      results[`connectors.import_10k_peak_requests${suffix}`] = { value: seen.peakConcurrency, unit: 'requests' };
      results[`connectors.import_10k_sql_statements${suffix}`] = { value: sent, unit: 'statements' };
      results[`connectors.import_10k_server_cpu_s${suffix}`] = { value: (cpu.user + cpu.system) / 1e6, unit: 's' };
      results[`connectors.import_10k_standin_cpu_s${suffix}`] = { value: seen.cpuSeconds, unit: 's' };
      if (backendsSeen && backends.size) {
        const postgres = [...backends.values()].reduce((sum, { first, last }) => sum + last - first, 0);
        results[`connectors.import_10k_postgres_cpu_s${suffix}`] = { value: postgres, unit: 's' };
      }
      if (!latencyMs) {
        results['connectors.import_10k_heap_growth_mb'] = {
          value: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
          unit: 'MB',
        };
      }
      if (run.status !== 'succeeded' || run.containers < 10_000)
        throw new Error(`10k import: ${run.status} ${run.containers}`);
    }
    return results;
  } finally {
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { formatComparisons, formatFigure } = await import('./format.ts');
  const results = await runConnectorBench();
  for (const [name, figure] of Object.entries(results)) console.log(formatFigure(name, figure));
  for (const line of formatComparisons(connectorComparisons, results)) console.log(line);
}
