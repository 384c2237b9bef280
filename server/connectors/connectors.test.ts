/**
 * Connectors end to end on each database: the real clients (jira.js, @notionhq/client, Asana over fetch) against the
 * tool stand-in on 127.0.0.1, imports as jobs on the shared queue, containers, suggestions and their bulk decisions;
 * the bad inputs of issue 16 (revoked credentials mid-import, partial failures, garbage, renamed/moved/removed
 * containers, two teams with one name, 10,000 projects). Every stand-in answer fits the tool's published schema.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ImportRun,
  type RuleSuggestion,
  zConnector,
  zContainerRecord,
  zImportRun,
  zOwnershipRule,
  zRuleSuggestion,
} from '../../utils/contract.ts';
import { bestRule } from '../../utils/resolve/rules.ts';
import { splitStatements } from '../db/migrate.ts';
import { testDatabases } from '../testing/databases.ts';
import { createFixtureOrg, type FixtureOrg } from '../testing/fixture-org.ts';
import { type Client, startTestServer, type TestServer, type TestWorkspace } from '../testing/test-server.ts';
import {
  type Faults,
  STANDIN_EMAIL,
  STANDIN_TOKEN,
  type Standin,
  type StandinFixtures,
  startStandin,
} from '../testing/tool-standin.ts';

const waitLong = { timeout: 60_000, interval: 200 };

async function connectJira(client: Client, baseUrl: string) {
  const created = await client.post('/v1/connectors', {
    kind: 'jira_cloud',
    name: 'Acme Jira',
    baseUrl,
    email: STANDIN_EMAIL,
    apiToken: STANDIN_TOKEN,
  });
  expect(created.status).toBe(201);
  return zConnector.parse(created.body);
}

async function importAndWait(client: Client, connectorId: string, wait = waitLong): Promise<ImportRun> {
  const started = await client.post(`/v1/connectors/${connectorId}/imports`, {});
  expect(started.status).toBe(202);
  const run = zImportRun.parse(started.body);
  let last: ImportRun | undefined;
  await vi.waitFor(async () => {
    const runs = await client.get(`/v1/connectors/${connectorId}/imports`);
    last = (runs.body as { data: ImportRun[] }).data.find((r) => r.id === run.id);
    expect(last?.finishedAt).toBeTruthy();
  }, wait);
  return last as ImportRun;
}

describe.each(testDatabases)('connectors on $name', (database) => {
  let server: TestServer;
  const standins: Standin[] = [];
  beforeAll(async () => {
    // Notion's client tries a GET answered 500 again with back-off; here from 10 ms, not its 1 s (the tries count).
    server = await startTestServer(
      database,
      {},
      { jobs: true, sources: { notion: { retry: { initialRetryDelayMs: 10 } } } },
    );
  });
  afterEach(async () => {
    for (const standin of standins.splice(0)) {
      expect(standin.invalidAnswers).toEqual([]);
      await standin.close();
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const standin = async (fixtures: StandinFixtures, faults: Faults = {}) => {
    const started = await startStandin(fixtures, faults);
    standins.push(started);
    return started;
  };

  async function teamsOf(ws: TestWorkspace, org: Pick<FixtureOrg, 'teams'>) {
    const ids = new Map<string, string>();
    for (const team of org.teams) {
      const created = await ws.admin.post('/v1/teams', { name: team.name, slug: team.slug, members: team.members });
      expect(created.status).toBe(201);
      ids.set(team.slug, (created.body as { id: string }).id);
    }
    return ids;
  }

  const connect = async (client: Client, kind: string, tool: Standin, extra: object = {}) => {
    const body =
      kind === 'jira_cloud'
        ? { kind, name: 'Acme Jira', baseUrl: tool.url, email: STANDIN_EMAIL, apiToken: STANDIN_TOKEN }
        : kind === 'jira_server'
          ? { kind, name: 'Jira DC', baseUrl: tool.url, token: STANDIN_TOKEN }
          : kind === 'asana'
            ? { kind, name: 'Asana', baseUrl: `${tool.url}/api/1.0`, token: STANDIN_TOKEN }
            : { kind, name: 'Notion', baseUrl: tool.url, token: STANDIN_TOKEN };
    const created = await client.post('/v1/connectors', { ...body, ...extra });
    expect(created.status).toBe(201);
    return zConnector.parse(created.body);
  };

  const runImport = importAndWait;

  const allContainers = async (client: Client, query = '') => {
    const found: ReturnType<typeof zContainerRecord.parse>[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.get(`/v1/containers?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      const body = page.body as { data: unknown[]; nextCursor: string | null };
      found.push(...body.data.map((c) => zContainerRecord.parse(c)));
      cursor = body.nextCursor;
    } while (cursor);
    return found;
  };

  const suggestions = async (client: Client, status = '') => {
    const answer = await client.get(`/v1/suggestions${status ? `?status=${status}` : ''}`);
    expect(answer.status).toBe(200);
    return (answer.body as { data: unknown[] }).data.map((s) => zRuleSuggestion.parse(s));
  };

  it('imports Jira Cloud page by page with the real client, waits out a 429, and never hands the token back', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 120, asanaProjects: 0 });
    const jira = await standin({ jira: org.tools.jira }, { rateLimitAt: [1] });
    const connector = await connect(ws.admin, 'jira_cloud', jira);
    const run = await runImport(ws.admin, connector.id);
    expect(run).toMatchObject({ status: 'succeeded', pages: 3, error: null });
    // Paged as Jira documents it, one page of 50 at a time (and the 429 was answered by trying again).
    const searches = jira.requests.filter((r) => r.includes('/rest/api/3/project/search'));
    expect(searches.map((r) => new URL(r.split(' ')[1] as string, 'http://x').searchParams.get('startAt'))).toEqual([
      '0',
      '0',
      '50',
      '100',
    ]);
    const containers = await allContainers(ws.admin, '&tool=jira');
    const projects = containers.filter((c) => c.kind === 'project');
    expect(projects).toHaveLength(120);
    const first = org.tools.jira?.[0];
    const stored = projects.find((c) => c.externalId === first?.id);
    expect(stored).toMatchObject({ key: first?.key, name: first?.name });
    if (first?.lead) expect(stored?.hints.lead?.name).toBe(first.lead.displayName);
    const components = containers.filter((c) => c.kind === 'component');
    expect(components.length).toBe(org.tools.jira?.reduce((n, p) => n + (p.components?.length ?? 0), 0));
    expect(components.every((c) => projects.some((p) => p.externalId === c.parentExternalId))).toBe(true);
    // The secret: sealed in the database, in no answer.
    const listed = await ws.admin.get('/v1/connectors');
    expect(JSON.stringify(listed.body)).not.toContain(STANDIN_TOKEN);
    expect(zConnector.parse((listed.body as { data: unknown[] }).data[0])).toMatchObject({
      account: STANDIN_EMAIL,
      lastRun: { status: 'succeeded' },
    });
    const [row] = await server.db.query<{ secret: string }>('SELECT secret FROM connectors WHERE id = $1', [
      connector.id,
    ]);
    expect(row?.secret).toMatch(/^v1\./);
    expect(row?.secret).not.toContain(STANDIN_TOKEN);
    expect(row?.secret).not.toContain(Buffer.from(STANDIN_TOKEN).toString('base64'));
  });

  it('imports Jira Server/Data Center with a personal access token', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 60 });
    const jira = await standin({ jira: org.tools.jira });
    const connector = await connect(ws.admin, 'jira_server', jira);
    const run = await runImport(ws.admin, connector.id);
    expect(run).toMatchObject({ status: 'succeeded', pages: 2 });
    expect(jira.requests.some((r) => r.startsWith('GET /rest/api/2/project?expand=lead'))).toBe(true);
    expect((await allContainers(ws.admin, '&tool=jira')).filter((c) => c.kind === 'project')).toHaveLength(60);
  });

  it('imports Asana workspaces, teams and projects with their team, following next_page', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ asanaProjects: 230 });
    const asana = await standin({ asana: org.tools.asana }, { rateLimitAt: [3] });
    const connector = await connect(ws.admin, 'asana', asana);
    const run = await runImport(ws.admin, connector.id);
    expect(run).toMatchObject({ status: 'succeeded', error: null, problems: [], moreProblems: 0 });
    const projectPages = asana.requests.filter((r) => r.includes('/projects?'));
    expect(projectPages.length).toBe(4); // 100 + 100 + 30, and the one answered 429 first
    expect(projectPages.every((r) => r.includes('opt_fields=name%2Carchived%2Cteam%2Cteam.name'))).toBe(true);
    const containers = await allContainers(ws.admin, '&tool=asana');
    expect(containers.filter((c) => c.kind === 'project')).toHaveLength(230);
    expect(containers.filter((c) => c.kind === 'workspace')).toHaveLength(1);
    const workspace = org.tools.asana?.[0];
    const project = workspace?.projects[0];
    const team = workspace?.teams.find((t) => t.gid === project?.teamGid);
    expect(containers.find((c) => c.externalId === project?.gid)?.hints.asanaTeam).toEqual({
      id: team?.gid,
      name: team?.name,
    });
  });

  it('imports Notion through search and the parent chain, past a block and a page not shared', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 0, asanaProjects: 0 });
    const notion = await standin({ notion: org.tools.notion, notionBlocks: org.tools.notionBlocks });
    const connector = await connect(ws.admin, 'notion', notion);
    const run = await runImport(ws.admin, connector.id);
    expect(run).toMatchObject({ status: 'succeeded', error: null, problems: [], moreProblems: 0 });
    const containers = await allContainers(ws.admin, '&tool=notion');
    expect(containers).toHaveLength((org.tools.notion ?? []).filter((n) => !n.hidden).length);
    const inBlock = containers.find((c) => c.name === 'Limits and policies');
    expect(inBlock?.hints.ancestry).toEqual(['Risk Team']);
    const databases = containers.filter((c) => c.kind === 'database').map((c) => c.externalId);
    const sources = (org.tools.notion ?? []).filter((n) => n.object === 'data_source').map((n) => n.databaseId);
    expect(databases.length).toBeGreaterThan(0);
    expect(databases.sort()).toEqual(sources.sort());
    expect(notion.requests.some((r) => r.startsWith('GET /v1/blocks/'))).toBe(true);
    expect(notion.requests.some((r) => r.startsWith('GET /v1/pages/'))).toBe(true);
  });

  it('makes a Notion run partial when a parent page answers 500 after the retries, naming the page and why', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 0, asanaProjects: 0 });
    const notion = await standin({ notion: org.tools.notion, notionBlocks: org.tools.notionBlocks });
    const connector = await connect(ws.admin, 'notion', notion);
    expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    // The team page above 'Limits and policies' (not shared, read through GET /v1/pages) fails: a partial outage.
    const hidden = (org.tools.notion ?? []).find((n) => n.hidden);
    notion.faults.failPaths = [`/v1/pages/${hidden?.id}`];
    const sent = notion.requests.length;
    const partial = await runImport(ws.admin, connector.id);
    expect(partial).toMatchObject({ status: 'partial', removed: 0 });
    // Said by codes and values (the hub says them in the reader's language); Notion's own words as the detail.
    expect(partial.error).toBeNull();
    expect(partial.problems).toMatchObject([
      {
        code: 'parent_unreadable',
        tool: 'notion',
        subject: { code: 'parent', kind: 'page', name: hidden?.id, below: 'Limits and policies' },
        status: 500,
      },
    ]);
    expect(partial.problems[0]?.detail).toMatch(/internal_server_error/);
    // The client's own retries (idempotent GET answered 500) were tried before the page counted as unreadable.
    const tries = notion.requests.slice(sent).filter((r) => r === `GET /v1/pages/${hidden?.id}`);
    expect(tries.length).toBe(6);
    // The page stays, with what could be read of its chain; nothing is removed.
    const containers = await allContainers(ws.admin, '&tool=notion');
    expect(containers).toHaveLength((org.tools.notion ?? []).filter((n) => !n.hidden).length);
    expect(containers.find((c) => c.name === 'Limits and policies')).toBeDefined();
  });

  it('fails an import whose token is revoked mid-way, keeping what it read and removing nothing', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 120, components: false });
    const jira = await standin({ jira: org.tools.jira });
    const connector = await connect(ws.admin, 'jira_cloud', jira);
    expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    // Revoked after 80 more requests: the first page (1 search + 50 component lists, with the next pages' searches
    // sent ahead of them) is read and stored, a later one is refused.
    jira.faults.revokeAfter = jira.requests.length + 80;
    const failed = await runImport(ws.admin, connector.id);
    expect(failed).toMatchObject({ status: 'failed', errorKind: 'auth', removed: 0 });
    expect(failed.pages).toBeGreaterThanOrEqual(1);
    expect(failed.pages).toBeLessThan(3);
    expect(failed.problems).toMatchObject([{ code: 'auth', tool: 'jira' }]);
    expect(failed.error).toBeNull();
    expect((await allContainers(ws.admin, '&tool=jira')).filter((c) => c.kind === 'project')).toHaveLength(120);
  });

  it('fails Asana and Notion imports whose token is revoked mid-way: a refused token is not a page left unshared', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 0, asanaProjects: 150 });
    // Asana: the workspaces and the first page of projects are read, then the token is refused.
    const asana = await standin({ asana: org.tools.asana }, { revokeAfter: 3 });
    const asanaRun = await runImport(ws.admin, (await connect(ws.admin, 'asana', asana)).id);
    expect(asanaRun).toMatchObject({ status: 'failed', errorKind: 'auth', removed: 0 });
    expect(asanaRun.problems).toMatchObject([{ code: 'auth', tool: 'asana', status: 401 }]);
    // Notion: the search is read, then the token is refused while the parent chains are walked (a page the
    // integration may not read ends its chain quietly; a token refused everywhere must not).
    const notion = await standin(
      { notion: org.tools.notion, notionBlocks: org.tools.notionBlocks },
      { revokeAfter: 1 },
    );
    const notionRun = await runImport(ws.admin, (await connect(ws.admin, 'notion', notion)).id);
    expect(notion.requests.some((r) => r.startsWith('GET /v1/blocks/'))).toBe(true);
    expect(notionRun).toMatchObject({ status: 'failed', errorKind: 'auth', removed: 0 });
    expect(notionRun.problems).toMatchObject([{ code: 'auth', tool: 'notion' }]);
  });

  it('pages Notion search by start_cursor past 100 results, waiting out a 429 with Retry-After', async () => {
    const ws = await server.workspace();
    const pages = Array.from({ length: 230 }, (_, n) => ({
      id: `c${n.toString(16).padStart(31, '0')}`,
      object: 'page' as const,
      title: `Page ${n + 1}`,
      parent: { type: 'workspace' as const },
    }));
    // The second search page is answered 429 first.
    const notion = await standin({ notion: pages }, { rateLimitAt: [2] });
    const run = await runImport(ws.admin, (await connect(ws.admin, 'notion', notion)).id);
    expect(run).toMatchObject({ status: 'succeeded', error: null, problems: [], moreProblems: 0 });
    expect(notion.requests.filter((r) => r === 'POST /v1/search')).toHaveLength(4); // 100 + (429, 100) + 30
    const stored = await allContainers(ws.admin, '&tool=notion');
    expect(stored.map((c) => c.externalId).sort()).toEqual(pages.map((p) => p.id).sort());
  });

  it("makes an Asana run partial when a workspace's teams cannot be read, keeping its projects and removing nothing", async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 0, asanaProjects: 40 });
    const asana = await standin({ asana: org.tools.asana });
    const connector = await connect(ws.admin, 'asana', asana);
    expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    const workspace = org.tools.asana?.[0];
    asana.faults.failPaths = [`/api/1.0/workspaces/${workspace?.gid}/teams`];
    workspace?.projects.pop();
    const partial = await runImport(ws.admin, connector.id);
    expect(partial).toMatchObject({ status: 'partial', removed: 0 });
    expect(partial.problems).toMatchObject([
      { code: 'http_error', tool: 'asana', subject: { code: 'teams', name: workspace?.name }, status: 500 },
    ]);
    const stored = await allContainers(ws.admin, '&tool=asana');
    expect(stored.filter((c) => c.kind === 'project')).toHaveLength(40);
    expect(stored.filter((c) => c.kind === 'team').length).toBe(workspace?.teams.length);
  });

  it("makes an Asana run partial when one workspace's projects cannot be read, reading the other workspaces on", async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 0, asanaProjects: 30 });
    const good = org.tools.asana?.[0] as NonNullable<typeof org.tools.asana>[number];
    const broken = {
      gid: '7000000000001',
      name: 'Acme Labs',
      teams: [],
      projects: [{ gid: '7000000000002', name: 'Lab' }],
    };
    const asana = await standin({ asana: [broken, good] });
    const connector = await connect(ws.admin, 'asana', asana);
    expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    asana.faults.failPaths = [`/api/1.0/workspaces/${broken.gid}/projects`];
    const sent = asana.requests.length;
    const partial = await runImport(ws.admin, connector.id);
    expect(partial).toMatchObject({ status: 'partial', removed: 0 });
    expect(partial.problems).toMatchObject([
      { code: 'http_error', tool: 'asana', subject: { code: 'projects', name: 'Acme Labs' }, status: 500 },
    ]);
    // The workspace after it was read all the same; the one before keeps what an earlier run found.
    const stored = await allContainers(ws.admin, '&tool=asana');
    expect(stored.filter((c) => c.kind === 'project')).toHaveLength(31);
    expect(asana.requests.slice(sent).some((r) => r.startsWith(`GET /api/1.0/workspaces/${good.gid}/projects`))).toBe(
      true,
    );
  });

  it('marks a partial run (one component list failing) and removes only after a complete one', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 20 });
    const jira = await standin({ jira: org.tools.jira });
    const connector = await connect(ws.admin, 'jira_cloud', jira);
    expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    const gone = org.tools.jira?.pop();
    const failing = org.tools.jira?.[3]?.key as string;
    jira.faults.failComponentsOf = [failing];
    const partial = await runImport(ws.admin, connector.id);
    expect(partial).toMatchObject({ status: 'partial', removed: 0 });
    expect(partial.problems).toMatchObject([{ tool: 'jira', subject: { code: 'components', name: failing } }]);
    expect((await allContainers(ws.admin, '&tool=jira')).some((c) => c.externalId === gone?.id)).toBe(true);
    jira.faults.failComponentsOf = [];
    const complete = await runImport(ws.admin, connector.id);
    expect(complete.status).toBe('succeeded');
    expect(complete.removed).toBe(1 + (gone?.components?.length ?? 0));
    expect((await allContainers(ws.admin, '&tool=jira')).some((c) => c.externalId === gone?.id)).toBe(false);
    const removed = await allContainers(ws.admin, '&tool=jira&removed=1');
    expect(removed.find((c) => c.externalId === gone?.id)?.removedAt).toBeTruthy();
  });

  it('fails with a clear error when a tool answers garbage, and changes nothing', async () => {
    const ws = await server.workspace();
    const jira = await standin(
      { jira: createFixtureOrg({ jiraProjects: 5 }).tools.jira },
      {
        garbage: {
          pathPrefix: '/rest/api/3/project/search',
          body: '<html><body>Log in to Atlassian</body></html>',
          contentType: 'text/html',
        },
      },
    );
    const jiraConnector = await connect(ws.admin, 'jira_cloud', jira);
    const jiraRun = await runImport(ws.admin, jiraConnector.id);
    expect(jiraRun).toMatchObject({ status: 'failed', errorKind: 'garbage' });
    expect(jiraRun.problems).toMatchObject([
      { code: 'garbage', tool: 'jira', subject: { code: 'projects_from', n: 0 } },
    ]);
    const asana = await standin(
      { asana: createFixtureOrg({ asanaProjects: 5 }).tools.asana },
      { garbage: { pathPrefix: '/api/1.0/workspaces', body: '{"data": {"gid": 7}}', contentType: 'application/json' } },
    );
    const asanaRun = await runImport(ws.admin, (await connect(ws.admin, 'asana', asana)).id);
    expect(asanaRun).toMatchObject({ status: 'failed', errorKind: 'garbage' });
    expect(asanaRun.problems).toMatchObject([{ code: 'garbage', tool: 'asana', subject: { code: 'workspaces' } }]);
    const notion = await standin(
      { notion: createFixtureOrg().tools.notion },
      { garbage: { pathPrefix: '/v1/search', body: '{"results": "none"}', contentType: 'application/json' } },
    );
    const notionRun = await runImport(ws.admin, (await connect(ws.admin, 'notion', notion)).id);
    expect(notionRun).toMatchObject({ status: 'failed', errorKind: 'garbage' });
    expect(await allContainers(ws.admin)).toEqual([]);
  });

  it("makes a run partial when one project's components come back as garbage, keeping the project", async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 12 });
    const broken = org.tools.jira?.[4]?.key as string;
    const jira = await standin(
      { jira: org.tools.jira },
      {
        garbage: {
          pathPrefix: `/rest/api/3/project/${broken}/components`,
          body: '{"components": "none"}',
          contentType: 'application/json',
        },
      },
    );
    const run = await runImport(ws.admin, (await connect(ws.admin, 'jira_cloud', jira)).id);
    expect(run).toMatchObject({ status: 'partial', removed: 0 });
    expect(run.problems).toMatchObject([
      { code: 'garbage', tool: 'jira', subject: { code: 'components', name: broken } },
    ]);
    // The project itself is kept (from the project list), without what its components would have said.
    const projects = (await allContainers(ws.admin, '&tool=jira')).filter((c) => c.kind === 'project');
    expect(projects).toHaveLength(12);
    expect(projects.find((c) => c.key === broken)?.hints.componentLeads).toBeUndefined();
  });

  it('refuses a second import of a connector while one is queued or running, and non-admins', async () => {
    const ws = await server.workspace();
    const jira = await standin({ jira: createFixtureOrg({ jiraProjects: 3 }).tools.jira });
    const connector = await connect(ws.admin, 'jira_cloud', jira);
    const first = await ws.admin.post(`/v1/connectors/${connector.id}/imports`, {});
    const second = await ws.admin.post(`/v1/connectors/${connector.id}/imports`, {});
    expect(first.status).toBe(202);
    expect(second.status).toBe(409);
    expect((second.body as { error: { code: string } }).error.code).toBe('import_running');
    // The refused one left no run behind.
    const runs = await ws.admin.get(`/v1/connectors/${connector.id}/imports`);
    expect((runs.body as { data: unknown[] }).data).toHaveLength(1);
    for (const client of [ws.member, ws.viewer]) {
      expect((await client.get('/v1/connectors')).status).toBe(403);
      expect((await client.get('/v1/containers')).status).toBe(403);
      expect((await client.post('/v1/suggestions/decisions', { decisions: [] })).status).toBe(403);
    }
    await vi.waitFor(async () => {
      const list = await ws.admin.get('/v1/connectors');
      expect((list.body as { data: { lastRun: ImportRun }[] }).data[0]?.lastRun.finishedAt).toBeTruthy();
    }, waitLong);
  });

  it('suggests teams, accepts, edits and rejects in bulk through the rule writes, and flags later changes instead of following them', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 40, asanaProjects: 40 });
    const teamIds = await teamsOf(ws, org);
    const tools = await standin(org.tools);
    const jira = await connect(ws.admin, 'jira_cloud', tools);
    const asana = await connect(ws.admin, 'asana', tools);
    const notion = await connect(ws.admin, 'notion', tools);
    for (const connector of [jira, asana, notion])
      expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    const proposed = await suggestions(ws.admin, 'proposed');
    expect(proposed.length).toBeGreaterThan(60);
    const slugOf = new Map([...teamIds].map(([slug, id]) => [id, slug]));
    const right = proposed.filter(
      (s) => org.truth.get(`${s.container.tool}:${s.container.externalId}`) === slugOf.get(s.teamId),
    );
    expect(right.length / proposed.length).toBeGreaterThanOrEqual(0.9);
    for (const s of proposed) {
      // Evidence as codes with values, never the server's words.
      expect(s.why.length).toBeGreaterThan(0);
      expect(s.reason).toBeNull();
      expect(s.score).toBeGreaterThanOrEqual(0.5);
    }
    // Two teams named Platform: a suggestion for one of them says so, and picked it by its members.
    const platform = proposed.find((s) => s.why.some((piece) => piece.code === 'namesakes'));
    if (platform) expect(['platform-infra', 'platform-web']).toContain(slugOf.get(platform.teamId));

    const pick = (tool: string, kind = 'project') =>
      proposed.find((s) => s.container.tool === tool && s.container.kind === kind) as RuleSuggestion;
    const [jiraOne, asanaOne, notionOne] = [
      pick('jira'),
      pick('asana'),
      proposed.find((s) => s.container.tool === 'notion') as RuleSuggestion,
    ];
    const rejected = proposed.find((s) => ![jiraOne, asanaOne, notionOne].includes(s)) as RuleSuggestion;
    const otherTeam = [...teamIds.values()].find((id) => id !== asanaOne.teamId) as string;
    const decided = await ws.admin.post('/v1/suggestions/decisions', {
      decisions: [
        { id: jiraOne.id, action: 'accept' },
        { id: asanaOne.id, action: 'accept', teamId: otherTeam },
        { id: notionOne.id, action: 'accept' },
        { id: rejected.id, action: 'reject' },
      ],
    });
    expect(decided.status).toBe(200);
    const results = (decided.body as { results: { id: string; status: string; ruleId?: string }[] }).results;
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'rejected']);
    // The rules are ordinary rules, in the sync feed like any other.
    const rules = (await ws.admin.get('/v1/rules')).body as { data: unknown[] };
    const byPattern = new Map(rules.data.map((r) => zOwnershipRule.parse(r)).map((r) => [r.pattern, r]));
    expect(byPattern.get(jiraOne.pattern)).toMatchObject({
      tool: 'jira',
      field: 'jiraProject',
      teamId: jiraOne.teamId,
    });
    expect(byPattern.get(asanaOne.container.externalId)).toMatchObject({ field: 'asanaProject', teamId: otherTeam });
    expect(byPattern.get(notionOne.container.externalId)).toMatchObject({ field: 'notionAncestor' });
    const feed = await ws.member.get('/v1/sync?limit=500');
    expect(JSON.stringify(feed.body)).toContain(jiraOne.pattern);
    const again = await ws.admin.post('/v1/suggestions/decisions', {
      decisions: [{ id: jiraOne.id, action: 'reject' }],
    });
    expect((again.body as { results: { status: string; error: string }[] }).results[0]).toMatchObject({
      status: 'failed',
      error: 'already accepted',
    });

    // In the tools: the Jira key changes, the Asana project is renamed and moved to another team, the Notion page goes.
    const jiraProject = org.tools.jira?.find((p) => p.key === jiraOne.pattern);
    if (jiraProject) jiraProject.key = `${jiraProject.key}X`;
    const asanaWorkspace = org.tools.asana?.[0];
    const asanaProject = asanaWorkspace?.projects.find((p) => p.gid === asanaOne.container.externalId);
    if (asanaProject) {
      asanaProject.name = `${asanaProject.name} (renamed)`;
      asanaProject.teamGid = asanaWorkspace?.teams.find((t) => t.gid !== asanaProject.teamGid)?.gid as string;
    }
    const notionIndex =
      org.tools.notion?.findIndex((n) => (n.databaseId ?? n.id) === notionOne.container.externalId) ?? -1;
    const [notionGone] = org.tools.notion?.splice(notionIndex, 1) ?? [];
    expect(notionGone).toBeDefined();
    for (const connector of [jira, asana, notion])
      expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    const accepted = new Map((await suggestions(ws.admin, 'accepted')).map((s) => [s.id, s]));
    expect(accepted.get(jiraOne.id)?.flag).toEqual({
      kind: 'renamed',
      from: jiraOne.pattern,
      to: `${jiraOne.pattern}X`,
    });
    expect(accepted.get(asanaOne.id)?.flag).toMatchObject({ kind: 'moved' });
    expect(accepted.get(notionOne.id)?.flag).toMatchObject({ kind: 'removed' });
    // Never re-pointed: the rules are exactly as accepted.
    const after = new Map(
      ((await ws.admin.get('/v1/rules')).body as { data: unknown[] }).data
        .map((r) => zOwnershipRule.parse(r))
        .map((r) => [r.id, r]),
    );
    for (const rule of byPattern.values()) expect(after.get(rule.id)).toEqual(rule);
    // The rejected one stays rejected after re-imports.
    expect((await suggestions(ws.admin, 'rejected')).map((s) => s.id)).toEqual([rejected.id]);
  });

  it('keeps the rules of renamed containers working, unflagged, and says what they were called', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 30, asanaProjects: 30 });
    await teamsOf(ws, org);
    const tools = await standin(org.tools);
    const connectors = [
      await connect(ws.admin, 'jira_cloud', tools),
      await connect(ws.admin, 'asana', tools),
      await connect(ws.admin, 'notion', tools),
    ];
    for (const connector of connectors) expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    const proposed = await suggestions(ws.admin, 'proposed');
    const chosen = ['jira', 'asana', 'notion'].map(
      (tool) => proposed.find((s) => s.container.tool === tool) as RuleSuggestion,
    );
    const decided = await ws.admin.post('/v1/suggestions/decisions', {
      decisions: chosen.map((s) => ({ id: s.id, action: 'accept' })),
    });
    expect((decided.body as { results: { status: string }[] }).results.map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    // Renamed in each tool: the Jira project keeps its key, the Asana project and the Notion page their ids.
    const [jiraOne, asanaOne, notionOne] = chosen as [RuleSuggestion, RuleSuggestion, RuleSuggestion];
    const jiraProject = org.tools.jira?.find((p) => p.key === jiraOne.pattern);
    const asanaProject = org.tools.asana?.[0]?.projects.find((p) => p.gid === asanaOne.container.externalId);
    const notionPage = org.tools.notion?.find((n) => (n.databaseId ?? n.id) === notionOne.container.externalId);
    for (const renamed of [jiraProject, asanaProject]) if (renamed) renamed.name = `${renamed.name} (renamed)`;
    if (notionPage) notionPage.title = `${notionPage.title} (renamed)`;
    for (const connector of connectors) expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');

    const accepted = new Map((await suggestions(ws.admin, 'accepted')).map((s) => [s.id, s]));
    for (const s of chosen) {
      expect(accepted.get(s.id)?.flag).toBeNull();
      expect(accepted.get(s.id)?.container.name).toBe(`${s.container.name} (renamed)`);
    }
    const containers = await allContainers(ws.admin);
    for (const s of chosen) {
      expect(containers.find((c) => c.id === s.containerId)?.previous?.name).toBe(s.container.name);
    }
    // The rules, unchanged, still own an item in each renamed container: the facts its page shows now (the Jira
    // key and new name, the Asana project's gid and new name, the Notion page's id and new title).
    const rules = ((await ws.admin.get('/v1/rules')).body as { data: unknown[] }).data.map((r) =>
      zOwnershipRule.parse(r),
    );
    for (const s of chosen) {
      const now = containers.find((c) => c.id === s.containerId);
      const field = s.field;
      const id = s.container.tool === 'jira' ? (now?.key ?? '') : (now?.externalId ?? '');
      expect(bestRule(s.container.tool, rules, [{ field, id, name: now?.name ?? '' }])?.rule.teamId).toBe(s.teamId);
    }
  });

  it('offers no suggestion for a container a rule already owns: its own rule, or a Notion ancestor', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 30, asanaProjects: 30 });
    // A page of the shared wiki (which no team owns) named for what one team runs: offered to that team.
    const wiki = org.tools.notion?.find((n) => n.title === 'Engineering Wiki');
    const wikiPage = org.tools.notion?.find((n) => n.parent.type === 'page_id' && n.parent.id === wiki?.id);
    if (wikiPage) wikiPage.title = 'Growth experiments';
    const teamIds = await teamsOf(ws, org);
    const tools = await standin(org.tools);
    const connectors = [
      await connect(ws.admin, 'jira_cloud', tools),
      await connect(ws.admin, 'asana', tools),
      await connect(ws.admin, 'notion', tools),
    ];
    for (const connector of connectors) expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    const before = await suggestions(ws.admin, 'proposed');
    const notion = await allContainers(ws.admin, '&tool=notion');
    // A team's home with pages under it (whose suggestion is the home's: one rule for them all).
    const home = notion.find(
      (c) =>
        !c.parentExternalId &&
        before.some((s) => s.containerId === c.id) &&
        notion.some((child) => child.parentExternalId === c.externalId),
    );
    const wikiOne = before.find((s) => s.container.externalId === wikiPage?.id);
    expect(home).toBeDefined();
    expect(wikiOne?.teamId).toBe(teamIds.get('growth'));
    const jiraOne = before.find((s) => s.container.tool === 'jira') as RuleSuggestion;
    const asanaOne = before.find((s) => s.container.tool === 'asana') as RuleSuggestion;
    // Rules written by hand, for a team other than the one proposed: the containers are owned all the same.
    const other = (teamId: string) => [...teamIds.values()].find((id) => id !== teamId) as string;
    for (const rule of [
      { tool: 'jira', field: 'jiraProject', pattern: jiraOne.pattern, teamId: other(jiraOne.teamId) },
      { tool: 'asana', field: 'asanaProject', pattern: asanaOne.pattern, teamId: other(asanaOne.teamId) },
      { tool: 'notion', field: 'notionAncestor', pattern: home?.externalId, teamId: teamIds.get('data') },
      { tool: 'notion', field: 'notionAncestor', pattern: wiki?.id, teamId: teamIds.get('developer-experience') },
    ]) {
      expect((await ws.admin.post('/v1/rules', rule)).status).toBe(201);
    }
    for (const connector of connectors) expect((await runImport(ws.admin, connector.id)).status).toBe('succeeded');
    const after = await suggestions(ws.admin, 'proposed');
    const owned = new Set([
      jiraOne.containerId,
      asanaOne.containerId,
      ...notion
        .filter((c) => [home?.externalId, wiki?.id].some((id) => c.externalId === id || c.parentExternalId === id))
        .map((c) => c.id),
    ]);
    expect(after.filter((s) => owned.has(s.containerId))).toEqual([]);
    // The others are offered still, as they were.
    const unowned = before.filter((s) => !owned.has(s.containerId));
    expect(unowned.length).toBeGreaterThan(10);
    expect(after.map((s) => s.id).sort()).toEqual(unowned.map((s) => s.id).sort());
  });

  it('hides a proposal as soon as a rule covers its container and offers it again when that rule goes, without importing', async () => {
    const org = createFixtureOrg({ jiraProjects: 30, asanaProjects: 0 });
    // A page of the shared wiki (which no team owns) named for what one team runs: offered to that team.
    const wiki = org.tools.notion?.find((n) => n.title === 'Engineering Wiki');
    const wikiPage = org.tools.notion?.find((n) => n.parent.type === 'page_id' && n.parent.id === wiki?.id);
    if (wikiPage) wikiPage.title = 'Growth experiments';
    const tools = await standin(org.tools);
    // Two workspaces reading the same tools: a rule of one changes nothing in the other.
    const [ws, elsewhere] = [await server.workspace(), await server.workspace()];
    const teamIds = await teamsOf(ws, org);
    await teamsOf(elsewhere, org);
    for (const workspace of [ws, elsewhere]) {
      for (const kind of ['jira_cloud', 'notion']) {
        const connector = await connect(workspace.admin, kind, tools);
        expect((await runImport(workspace.admin, connector.id)).status).toBe('succeeded');
      }
    }
    const imports = tools.requests.length;
    const proposedIds = async (client: Client) => (await suggestions(client, 'proposed')).map((s) => s.id).sort();
    const before = await suggestions(ws.admin, 'proposed');
    const elsewhereBefore = await proposedIds(elsewhere.admin);
    const [jiraOne, jiraTwo] = before.filter((s) => s.container.tool === 'jira') as [RuleSuggestion, RuleSuggestion];
    const notion = await allContainers(ws.admin, '&tool=notion');
    // The wiki, with a page under it that has a proposal of its own: a rule on the wiki covers them all.
    const top = notion.find((c) => c.externalId === wiki?.id);
    expect(before.some((s) => s.container.externalId === wikiPage?.id)).toBe(true);
    const underTop = new Set(
      notion.filter((c) => c.externalId === top?.externalId || c.parentExternalId === top?.externalId).map((c) => c.id),
    );
    const other = (teamId: string) => [...teamIds.values()].find((id) => id !== teamId) as string;
    // The other workspace covers the second project: only its own proposal goes.
    const elsewhereRule = await elsewhere.admin.post('/v1/rules', {
      tool: 'jira',
      field: 'jiraProject',
      pattern: jiraTwo.pattern,
      teamId: ((await elsewhere.admin.get('/v1/teams')).body as { data: { id: string }[] }).data[0]?.id,
    });
    expect(elsewhereRule.status).toBe(201);
    const elsewhereCovered = (await suggestions(elsewhere.admin, 'proposed')).filter(
      (s) => s.pattern === jiraTwo.pattern,
    );
    expect(elsewhereCovered).toEqual([]);
    expect(before.some((s) => s.id === jiraTwo.id)).toBe(true);

    // Created by hand (for another team than proposed): the proposal goes at once.
    const created = await ws.admin.post('/v1/rules', {
      tool: 'jira',
      field: 'jiraProject',
      pattern: jiraOne.pattern,
      teamId: other(jiraOne.teamId),
    });
    expect(created.status).toBe(201);
    const rule = zOwnershipRule.parse(created.body);
    const ancestor = await ws.admin.post('/v1/rules', {
      tool: 'notion',
      field: 'notionAncestor',
      pattern: top?.externalId,
      teamId: teamIds.get('data'),
    });
    expect(ancestor.status).toBe(201);
    const covered = await suggestions(ws.admin, 'proposed');
    expect(covered.some((s) => s.id === jiraOne.id)).toBe(false);
    expect(covered.filter((s) => underTop.has(s.containerId))).toEqual([]);
    expect(covered.map((s) => s.id).sort()).toEqual(
      before
        .filter((s) => s.id !== jiraOne.id && !underTop.has(s.containerId))
        .map((s) => s.id)
        .sort(),
    );
    // Edited to name another project: the first is offered again (as it was), the second goes.
    const edited = await ws.admin.patch(`/v1/rules/${rule.id}`, {
      baseVersion: rule.version,
      pattern: jiraTwo.pattern,
    });
    expect(edited.status).toBe(200);
    const afterEdit = await suggestions(ws.admin, 'proposed');
    expect(afterEdit.find((s) => s.id === jiraOne.id)).toEqual(jiraOne);
    expect(afterEdit.some((s) => s.id === jiraTwo.id)).toBe(false);
    // Deleted: both are offered again; the Notion rule still covers its pages.
    const removed = await ws.admin.delete(`/v1/rules/${rule.id}?baseVersion=${rule.version + 1}`);
    expect(removed.status).toBe(204);
    const afterDelete = await suggestions(ws.admin, 'proposed');
    expect(afterDelete.map((s) => s.id).sort()).toEqual(
      before
        .filter((s) => !underTop.has(s.containerId))
        .map((s) => s.id)
        .sort(),
    );
    // A proposal a rule covers cannot be accepted beside it (a second rule would only compete with the first).
    const hidden = before.find((s) => underTop.has(s.containerId)) as RuleSuggestion;
    const decided = await ws.admin.post('/v1/suggestions/decisions', {
      decisions: [{ id: hidden.id, action: 'accept' }],
    });
    expect(decided.status).toBe(200);
    expect((decided.body as { results: { status: string; error?: string }[] }).results[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/rule already covers/),
    });
    // The other workspace saw none of it (its one rule hid its one proposal), and nothing was imported meanwhile.
    const elsewhereAfter = await proposedIds(elsewhere.admin);
    expect(elsewhereAfter).toHaveLength(elsewhereBefore.length - 1);
    expect(elsewhereAfter.every((id) => elsewhereBefore.includes(id))).toBe(true);
    expect(elsewhereBefore.length).toBeGreaterThan(10);
    expect(tools.requests.length).toBe(imports);
  });

  it('matches two teams of the same name by who leads the container, and leaves a tie alone', async () => {
    const ws = await server.workspace();
    const infra = { slug: 'platform-infra', name: 'Platform', members: [{ name: 'Ana Lima', email: 'ana@acme.test' }] };
    const web = { slug: 'platform-web', name: 'Platform', members: [{ name: 'Bo Chen', email: 'bo@acme.test' }] };
    const ids = await teamsOf(ws, { teams: [infra, web] });
    const tools = await standin({
      asana: [
        {
          gid: '1001',
          name: 'Acme',
          teams: [{ gid: '2001', name: 'Platform' }],
          projects: [
            {
              gid: '3001',
              name: 'Edge proxy',
              teamGid: '2001',
              owner: { gid: '9', name: 'Bo Chen', email: 'bo@acme.test' },
            },
            { gid: '3002', name: 'Kernel upgrades', teamGid: '2001' },
          ],
        },
      ],
    });
    await runImport(ws.admin, (await connect(ws.admin, 'asana', tools)).id);
    const found = await suggestions(ws.admin);
    expect(found.map((s) => [s.container.externalId, s.teamId])).toEqual([['3001', ids.get('platform-web')]]);
    expect(found[0]?.why).toContainEqual({ code: 'namesakes', value: 'Platform', count: 2 });
  });

  it('stores an untitled Notion page without a name, and 017 takes the English placeholder off rows of before', async () => {
    const ws = await server.workspace();
    const page = (n: number, title: string) => ({
      id: `d${n.toString(16).padStart(31, '0')}`,
      object: 'page' as const,
      title,
      parent: { type: 'workspace' as const },
    });
    const notion = await standin({ notion: [page(1, ''), page(2, 'Roadmap')] });
    await runImport(ws.admin, (await connect(ws.admin, 'notion', notion)).id);
    const names = async () =>
      Object.fromEntries(
        (await allContainers(ws.admin, '&tool=notion')).map((c) => [c.name, c.previous?.name ?? null] as const),
      );
    expect(await names()).toEqual({ '': null, Roadmap: null });
    // As the server wrote them before: the placeholder, as a name and as what a renamed page was called.
    await server.db.query(`UPDATE containers SET name = '(untitled)' WHERE workspace_id = $1 AND name = ''`, [ws.id]);
    await server.db.query(
      `UPDATE containers SET previous = '{"name": "(untitled)", "key": null, "parentExternalId": null}'
        WHERE workspace_id = $1 AND name = 'Roadmap'`,
      [ws.id],
    );
    const sql = await readFile(
      join(import.meta.dirname, '../db/migrations/017_untitled_notion_containers.sql'),
      'utf8',
    );
    for (const statement of splitStatements(sql)) await server.db.query(statement);
    expect(await names()).toEqual({ '': null, Roadmap: '' });
  });

  it('still serves what rows stored before codes say: their English text, with no codes', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 5, asanaProjects: 0 });
    await teamsOf(ws, org);
    const connector = await connect(ws.admin, 'jira_cloud', await standin({ jira: org.tools.jira }));
    const run = await runImport(ws.admin, connector.id);
    const [first] = await suggestions(ws.admin, 'proposed');
    expect(first?.why.length).toBeGreaterThan(0);
    // As 015 left them: a reason and an error in English, no evidence or problems.
    await server.db.query(
      "UPDATE rule_suggestions SET why = NULL, reason = 'Platform: its lead Ana Lima is a member' WHERE id = $1",
      [first?.id],
    );
    await server.db.query(
      "UPDATE import_runs SET problems = NULL, error = 'Jira answered the project list with 502 Bad Gateway' WHERE id = $1",
      [run.id],
    );
    const legacy = (await suggestions(ws.admin, 'proposed')).find((s) => s.id === first?.id);
    expect(legacy).toMatchObject({ why: [], reason: 'Platform: its lead Ana Lima is a member' });
    const [connectorAfter] = ((await ws.admin.get('/v1/connectors')).body as { data: unknown[] }).data.map((c) =>
      zConnector.parse(c),
    );
    expect(connectorAfter?.lastRun).toMatchObject({
      problems: [],
      moreProblems: 0,
      error: 'Jira answered the project list with 502 Bad Gateway',
    });
    // The next import writes codes again, and the old text goes.
    await runImport(ws.admin, connector.id);
    const again = (await suggestions(ws.admin, 'proposed')).find((s) => s.id === first?.id);
    expect(again).toMatchObject({ why: first?.why, reason: null });
  });
});

// Once, on the last database (PostgreSQL where there is one): the code is the same on both, and 10,000 is about size.
const big = testDatabases.at(-1) as (typeof testDatabases)[number];
describe(`10,000 projects on ${big.name}`, () => {
  let server: TestServer;
  let jira: Standin | undefined;
  beforeAll(async () => {
    server = await startTestServer(big, {}, { jobs: true });
  });
  afterAll(async () => {
    await jira?.close();
    await server?.close();
  });

  it('imports 10,000 Jira projects in pages of 50', async () => {
    const ws = await server.workspace();
    const org = createFixtureOrg({ jiraProjects: 10_000, asanaProjects: 0, components: false });
    jira = await startStandin({ jira: org.tools.jira });
    const run = await importAndWait(ws.admin, (await connectJira(ws.admin, jira.url)).id, {
      timeout: 220_000,
      interval: 500,
    });
    expect(run).toMatchObject({ status: 'succeeded', pages: 200, containers: 10_000 });
    const [{ count } = { count: '0' }] = await server.db.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM containers c JOIN connectors k ON k.id = c.connector_id WHERE k.workspace_id = $1`,
      [ws.id],
    );
    expect(count).toBe('10000');
    expect(jira.invalidAnswers).toEqual([]);
    expect(jira.requests.filter((r) => r.includes('project/search')).every((r) => r.includes('maxResults=50'))).toBe(
      true,
    );
  }, 240_000);
});
