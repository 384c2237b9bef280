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
 *   <= 30 s). Stand-in and server share this process, so on a loaded machine the figure is CPU-bound.
 * - connectors.import_10k_s_at_50ms: the same from a stand-in that takes 50 ms per answer
 *   (BENCH_CONNECTORS_LATENCY_MS), as a tool across a network: bound by JIRA_CONCURRENCY requests at a time.
 * - connectors.import_10k_peak_requests(_at_50ms): the most requests the stand-in was answering at once.
 * - connectors.import_rate(_at_50ms): containers stored per second over that import (10,000 containers take
 *   10,000 / rate seconds: the target's 10,000 are fewer than the 25,000 measured).
 */
import { fileURLToPath } from 'node:url';
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
const database: TestDatabase = benchUrl
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
      if (run.status !== 'succeeded') throw new Error(`${body.kind} import ${run.status}: ${run.error}`);
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
    const bigOrg = createFixtureOrg({ jiraProjects: 10_000, asanaProjects: 0 });
    for (const latencyMs of [0, LATENCY_MS]) {
      const big = await startStandin(bigOrg.tools, { latencyMs });
      const bigWs = await server.workspace();
      const connector = await bigWs.admin.post('/v1/connectors', { ...bodies[0], baseUrl: big.url });
      const heapBefore = process.memoryUsage().heapUsed;
      const start = performance.now();
      const run = await importAndWait(bigWs.admin, (connector.body as { id: string }).id);
      const suffix = latencyMs ? `_at_${latencyMs}ms` : '';
      const seconds = (performance.now() - start) / 1000;
      results[`connectors.import_10k_s${suffix}`] = { value: seconds, unit: 's' };
      results[`connectors.import_10k_containers${suffix}`] = { value: run.containers, unit: 'containers' };
      results[`connectors.import_rate${suffix}`] = { value: run.containers / seconds, unit: 'containers/s' };
      results[`connectors.import_10k_peak_requests${suffix}`] = { value: big.peakConcurrency, unit: 'requests' };
      if (!latencyMs) {
        results['connectors.import_10k_heap_growth_mb'] = {
          value: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
          unit: 'MB',
        };
      }
      if (run.status !== 'succeeded' || run.containers < 10_000)
        throw new Error(`10k import: ${run.status} ${run.containers}`);
      await big.close();
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
