/**
 * A local stand-in for the tools' public APIs on 127.0.0.1 (random port), answering as their references document:
 * Jira Cloud `GET /rest/api/3/project/search` (startAt/maxResults/isLast) and `/project/{key}/components`, Jira
 * Server/Data Center `GET /rest/api/2/project` (one list) and its components, Asana `/workspaces`,
 * `/workspaces/{gid}/teams`, `/workspaces/{gid}/projects` (limit/offset, `next_page`), Notion `POST /v1/search`
 * (start_cursor/has_more), `GET /v1/pages/{id}`, `GET /v1/blocks/{id}`. Every JSON answer it gives is first
 * checked against the tool's published description (tests/fixtures/api-schemas, see checkAnswer), so it cannot
 * drift into what the client happens to expect. Faults on demand: a token revoked after N requests (401), 429 with
 * Retry-After, a failing component list (500), answers that are not the API.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DataSourceObjectResponse, PageObjectResponse, SearchResponse } from '@notionhq/client';
import { Ajv } from 'ajv';

export interface JiraPerson {
  accountId: string;
  displayName: string;
  emailAddress?: string;
}
export interface JiraProjectFixture {
  id: string;
  key: string;
  name: string;
  lead?: JiraPerson;
  category?: string;
  components?: { id: string; name: string; lead?: JiraPerson }[];
}
export interface AsanaWorkspaceFixture {
  gid: string;
  name: string;
  teams: { gid: string; name: string }[];
  projects: { gid: string; name: string; teamGid?: string; owner?: { gid: string; name: string; email?: string } }[];
}
export interface NotionFixture {
  id: string;
  object: 'page' | 'data_source';
  title: string;
  /** For a data source: its database's id. */
  databaseId?: string;
  parent:
    | { type: 'workspace' }
    | { type: 'page_id'; id: string }
    | { type: 'block_id'; id: string }
    | { type: 'database_id'; id: string };
  /** Not returned by search (not shared), but readable with GET /v1/pages/{id}. */
  hidden?: boolean;
}
export interface BlockFixture {
  id: string;
  parentPageId: string;
}

export interface StandinFixtures {
  jira?: JiraProjectFixture[];
  asana?: AsanaWorkspaceFixture[];
  notion?: NotionFixture[];
  notionBlocks?: BlockFixture[];
}

export interface Faults {
  /** After this many authorised requests, the token is refused (revoked mid-import). */
  revokeAfter?: number;
  /** Answer these request numbers (1-based, of all requests) with 429 and Retry-After: 1 first. */
  rateLimitAt?: number[];
  /** Jira project keys whose component lists fail with 500. */
  failComponentsOf?: string[];
  /** Paths starting with one of these fail with 500 and the tool's own error body (a partial outage). */
  failPaths?: string[];
  /** Answer paths starting with this with a 200 that is not the API (HTML, or JSON of another shape). */
  garbage?: { pathPrefix: string; body: string; contentType: string };
  /** Every answer waits this long first, as a tool across a network does (the round trip and its own work). */
  latencyMs?: number;
}

export interface Standin {
  url: string;
  fixtures: StandinFixtures;
  faults: Faults;
  /** Requests seen so far, as `METHOD path?query`. */
  requests: string[];
  /** When each of them arrived (Date.now(), same order). */
  arrivals: number[];
  /** Answers that did not fit the published description (a test fails on any). */
  invalidAnswers: string[];
  /** The most requests it was answering at one time. */
  readonly peakConcurrency: number;
  close(): Promise<void>;
}

export const STANDIN_TOKEN = 'standin-token';
export const STANDIN_EMAIL = 'admin@acme.test';

const schemaDir = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'api-schemas');
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
/**
 * OpenAPI 3.0's `nullable` in JSON Schema terms: `type: [t, 'null']`, and `allOf: [{ $ref }, { nullable: true }]`
 * (how Asana marks a nullable reference) as "that reference, or null".
 */
function jsonSchemaOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchemaOf);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown> & { nullable?: boolean };
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, jsonSchemaOf(value)]));
  const allOf = converted.allOf as Record<string, unknown>[] | undefined;
  const nullableMember =
    allOf?.some((member) => (member as { nullable?: boolean }).nullable) ||
    (Array.isArray(rest.allOf) && rest.allOf.some((member) => (member as { nullable?: boolean }).nullable));
  if (allOf && nullableMember) {
    const { allOf: _members, ...others } = converted;
    return { ...others, anyOf: [{ allOf }, { type: 'null' }] };
  }
  if (nullable && typeof converted.type === 'string') {
    return {
      ...converted,
      type: [converted.type, 'null'],
      ...(Array.isArray(converted.enum) ? { enum: [...converted.enum, null] } : {}),
    };
  }
  if (nullable) return { anyOf: [converted, { type: 'null' }] };
  return converted;
}

const load = (file: string, prefix: string) => {
  const document = JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as { schemas: Record<string, object> };
  ajv.addSchema({ $id: prefix, components: { schemas: jsonSchemaOf(document.schemas) } });
};
load('jira-cloud-v3.json', 'jira');
load('asana.json', 'asana');
const validator = (ref: string) => ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });

/** Checks one answer against a schema of the published description; returns the first problem, or null. */
export function checkAnswer(ref: string, value: unknown): string | null {
  const validate = validator(ref);
  if (validate(value)) return null;
  const [first] = validate.errors ?? [];
  return `${ref}: ${first?.instancePath || '/'} ${first?.message ?? 'invalid'}`;
}
const jiraRef = (name: string) => `jira#/components/schemas/${name}`;
const asanaRef = (name: string) => `asana#/components/schemas/${name}`;

const dashed = (id: string) =>
  `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;

export async function startStandin(fixtures: StandinFixtures, faults: Faults = {}): Promise<Standin> {
  const requests: string[] = [];
  const arrivals: number[] = [];
  const invalidAnswers: string[] = [];
  let authorised = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  const standin = { fixtures, faults, requests, arrivals, invalidAnswers } as Omit<Standin, 'url' | 'close'>;

  // Projects by key and id, checked on each use and rebuilt when a test changed the fixtures under it (a linear
  // search per component list made the stand-in itself quadratic in the number of projects).
  let projectIndex = new Map<string, { project: JiraProjectFixture; at: number }>();
  const jiraProject = (projects: readonly JiraProjectFixture[], keyOrId: string) => {
    const current = (entry: { project: JiraProjectFixture; at: number } | undefined) =>
      entry && projects[entry.at] === entry.project && (entry.project.key === keyOrId || entry.project.id === keyOrId)
        ? entry.project
        : undefined;
    const hit = current(projectIndex.get(keyOrId));
    if (hit) return hit;
    projectIndex = new Map(
      projects.flatMap((project, at) => [
        [project.id, { project, at }],
        [project.key, { project, at }],
      ]),
    );
    return current(projectIndex.get(keyOrId));
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const checked = (res: ServerResponse, checks: [string, unknown][], body: unknown) => {
    for (const [ref, value] of checks) {
      const problem = checkAnswer(ref, value);
      if (problem) invalidAnswers.push(problem);
    }
    send(res, 200, body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const n = requests.push(`${req.method} ${url.pathname}${url.search}`);
    arrivals.push(Date.now());
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      req.on('end', () => resolve(text));
    });
    const auth = req.headers.authorization ?? '';
    const basic = `Basic ${Buffer.from(`${STANDIN_EMAIL}:${STANDIN_TOKEN}`).toString('base64')}`;
    const known = auth === basic || auth === `Bearer ${STANDIN_TOKEN}`;
    const revoked = faults.revokeAfter !== undefined && authorised >= faults.revokeAfter;
    if (!known || revoked) {
      // Each tool's own 401 body.
      if (url.pathname.startsWith('/v1/')) {
        return send(res, 401, { object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.' });
      }
      if (url.pathname.startsWith('/rest/')) {
        const error = {
          errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
          errors: {},
        };
        invalidAnswers.push(...[checkAnswer(jiraRef('ErrorCollection'), error)].filter((p) => p !== null));
        return send(res, 401, error);
      }
      return send(res, 401, {
        errors: [{ message: 'Not Authorized', help: 'https://developers.asana.com/docs/errors' }],
      });
    }
    authorised += 1;
    if (faults.rateLimitAt?.includes(n)) {
      if (url.pathname.startsWith('/v1/')) {
        return send(
          res,
          429,
          { object: 'error', status: 429, code: 'rate_limited', message: 'Rate limited' },
          { 'retry-after': '1' },
        );
      }
      if (url.pathname.startsWith('/rest/'))
        return send(res, 429, { errorMessages: ['Rate limit exceeded.'], errors: {} }, { 'retry-after': '1' });
      return send(
        res,
        429,
        { errors: [{ message: 'You have made too many requests recently.' }] },
        { 'retry-after': '1' },
      );
    }
    if (faults.failPaths?.some((prefix) => url.pathname.startsWith(prefix))) {
      if (url.pathname.startsWith('/v1/'))
        return send(res, 500, { object: 'error', status: 500, code: 'internal_server_error', message: 'Oops' });
      if (url.pathname.startsWith('/rest/'))
        return send(res, 500, { errorMessages: ['Internal server error'], errors: {} });
      return send(res, 500, { errors: [{ message: 'Server Error', phrase: '6 sad squid snuggle softly' }] });
    }
    if (faults.garbage && url.pathname.startsWith(faults.garbage.pathPrefix)) {
      res.writeHead(200, { 'content-type': faults.garbage.contentType });
      return res.end(faults.garbage.body);
    }

    // Jira Cloud v3 and Server v2
    const jira = fixtures.jira ?? [];
    const user = (person: JiraPerson) => ({
      accountId: person.accountId,
      displayName: person.displayName,
      active: true,
      ...(person.emailAddress ? { emailAddress: person.emailAddress } : {}),
    });
    const project = (p: JiraProjectFixture, self: string) => ({
      id: p.id,
      key: p.key,
      name: p.name,
      self: `${self}/project/${p.id}`,
      projectTypeKey: 'software',
      simplified: false,
      style: 'classic',
      isPrivate: false,
      ...(p.lead ? { lead: user(p.lead) } : {}),
      ...(p.category
        ? { projectCategory: { id: `1${p.id}`, name: p.category, self: `${self}/projectCategory/1${p.id}` } }
        : {}),
    });
    if (req.method === 'GET' && url.pathname === '/rest/api/3/project/search') {
      const startAt = Number(url.searchParams.get('startAt') ?? 0);
      const maxResults = Math.min(100, Number(url.searchParams.get('maxResults') ?? 50));
      const values = jira.slice(startAt, startAt + maxResults).map((p) => project(p, 'http://standin/rest/api/3'));
      const isLast = startAt + values.length >= jira.length;
      const page = {
        self: `http://standin/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
        ...(isLast
          ? {}
          : {
              nextPage: `http://standin/rest/api/3/project/search?startAt=${startAt + maxResults}&maxResults=${maxResults}`,
            }),
        maxResults,
        startAt,
        total: jira.length,
        isLast,
        values,
      };
      return checked(res, [[jiraRef('PageBeanProject'), page]], page);
    }
    if (req.method === 'GET' && url.pathname === '/rest/api/2/project') {
      const list = jira.map((p) => project(p, 'http://standin/rest/api/2'));
      return checked(
        res,
        list.map((p) => [jiraRef('Project'), p] as [string, unknown]),
        list,
      );
    }
    const components = /^\/rest\/api\/([23])\/project\/([^/]+)\/components$/.exec(url.pathname);
    if (req.method === 'GET' && components) {
      const p = jiraProject(jira, decodeURIComponent(components[2] ?? ''));
      if (!p) return send(res, 404, { errorMessages: ['No project could be found with key.'], errors: {} });
      if (faults.failComponentsOf?.includes(p.key))
        return send(res, 500, { errorMessages: ['Internal server error'], errors: {} });
      const list = (p.components ?? []).map((component) => ({
        id: component.id,
        name: component.name,
        self: `http://standin/rest/api/${components[1]}/component/${component.id}`,
        project: p.key,
        projectId: Number(p.id),
        assigneeType: 'PROJECT_DEFAULT',
        ...(component.lead ? { lead: user(component.lead), leadAccountId: component.lead.accountId } : {}),
      }));
      return checked(
        res,
        list.map((c) => [jiraRef('ProjectComponent'), c] as [string, unknown]),
        list,
      );
    }

    // Asana
    const asanaList = (items: object[], ref: string) => {
      const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 100));
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const data = items.slice(offset, offset + limit);
      const more = offset + limit < items.length;
      const nextPage = more
        ? {
            offset: String(offset + limit),
            path: `${url.pathname}?limit=${limit}&offset=${offset + limit}`,
            uri: `http://standin${url.pathname}?offset=${offset + limit}`,
          }
        : null;
      const answer = { data, next_page: nextPage };
      return checked(
        res,
        [...data.map((item) => [ref, item] as [string, unknown]), [asanaRef('NextPage'), nextPage]],
        answer,
      );
    };
    if (req.method === 'GET' && url.pathname === '/api/1.0/workspaces') {
      return asanaList(
        (fixtures.asana ?? []).map((w) => ({
          gid: w.gid,
          resource_type: 'workspace',
          name: w.name,
          is_organization: true,
        })),
        asanaRef('WorkspaceCompact'),
      );
    }
    const asana = /^\/api\/1\.0\/workspaces\/([^/]+)\/(teams|projects)$/.exec(url.pathname);
    if (req.method === 'GET' && asana) {
      const workspace = (fixtures.asana ?? []).find((w) => w.gid === asana[1]);
      if (!workspace) return send(res, 404, { errors: [{ message: 'workspace: Unknown object' }] });
      if (asana[2] === 'teams') {
        return asanaList(
          workspace.teams.map((t) => ({ gid: t.gid, resource_type: 'team', name: t.name })),
          asanaRef('TeamResponse'),
        );
      }
      return asanaList(
        workspace.projects.map((p) => {
          const team = workspace.teams.find((t) => t.gid === p.teamGid);
          return {
            gid: p.gid,
            resource_type: 'project',
            name: p.name,
            archived: false,
            ...(team ? { team: { gid: team.gid, resource_type: 'team', name: team.name } } : {}),
            owner: p.owner
              ? {
                  gid: p.owner.gid,
                  resource_type: 'user',
                  name: p.owner.name,
                  ...(p.owner.email ? { email: p.owner.email } : {}),
                }
              : null,
          };
        }),
        asanaRef('ProjectResponse'),
      );
    }

    // Notion (the answers are typed as @notionhq/client's response types: the compiler checks them)
    const notion = fixtures.notion ?? [];
    const notionUser = { object: 'user' as const, id: dashed('00000000000000000000000000000001') };
    const parentOf = (fixture: NotionFixture): PageObjectResponse['parent'] => {
      switch (fixture.parent.type) {
        case 'workspace':
          return { type: 'workspace', workspace: true };
        case 'page_id':
          return { type: 'page_id', page_id: dashed(fixture.parent.id) };
        case 'block_id':
          return { type: 'block_id', block_id: dashed(fixture.parent.id) };
        case 'database_id':
          return { type: 'database_id', database_id: dashed(fixture.parent.id) };
      }
    };
    const text = (content: string) => ({
      type: 'text' as const,
      text: { content, link: null },
      annotations: {
        bold: false,
        italic: false,
        strikethrough: false,
        underline: false,
        code: false,
        color: 'default' as const,
      },
      plain_text: content,
      href: null,
    });
    const pageOf = (fixture: NotionFixture): PageObjectResponse => ({
      object: 'page',
      id: dashed(fixture.id),
      created_time: '2026-01-05T10:00:00.000Z',
      last_edited_time: '2026-11-20T10:00:00.000Z',
      in_trash: false,
      archived: false,
      is_archived: false,
      is_locked: false,
      url: `https://www.notion.so/${fixture.id}`,
      public_url: null,
      parent: parentOf(fixture),
      properties: { title: { id: 'title', type: 'title', title: [text(fixture.title)] } },
      icon: null,
      cover: null,
      created_by: notionUser,
      last_edited_by: notionUser,
    });
    const dataSourceOf = (fixture: NotionFixture): DataSourceObjectResponse => ({
      object: 'data_source',
      id: dashed(fixture.id),
      title: [text(fixture.title)],
      description: [],
      parent: { type: 'database_id', database_id: dashed(fixture.databaseId ?? fixture.id) },
      database_parent: parentOf(fixture) as DataSourceObjectResponse['database_parent'],
      is_inline: false,
      in_trash: false,
      archived: false,
      created_time: '2026-01-05T10:00:00.000Z',
      last_edited_time: '2026-11-20T10:00:00.000Z',
      created_by: notionUser,
      last_edited_by: notionUser,
      properties: {},
      icon: null,
      cover: null,
      url: `https://www.notion.so/${fixture.databaseId ?? fixture.id}`,
      public_url: null,
    });
    if (req.method === 'POST' && url.pathname === '/v1/search') {
      if (req.headers['notion-version'] !== '2025-09-03') {
        return send(res, 400, { object: 'error', status: 400, code: 'invalid_request', message: 'Notion-Version' });
      }
      const query = JSON.parse(body || '{}') as { start_cursor?: string; page_size?: number };
      const visible = notion.filter((fixture) => !fixture.hidden);
      const start = query.start_cursor ? visible.findIndex((f) => dashed(f.id) === query.start_cursor) : 0;
      const size = Math.min(100, query.page_size ?? 100);
      const slice = visible.slice(Math.max(0, start), Math.max(0, start) + size);
      const next = visible[Math.max(0, start) + size];
      const answer: SearchResponse = {
        type: 'page_or_data_source',
        page_or_data_source: {},
        object: 'list',
        next_cursor: next ? dashed(next.id) : null,
        has_more: Boolean(next),
        results: slice.map((fixture) => (fixture.object === 'page' ? pageOf(fixture) : dataSourceOf(fixture))),
      };
      return send(res, 200, answer);
    }
    const page = /^\/v1\/pages\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && page) {
      const id = (page[1] ?? '').replaceAll('-', '');
      const fixture = notion.find((f) => f.id === id && f.object === 'page');
      if (!fixture)
        return send(res, 404, {
          object: 'error',
          status: 404,
          code: 'object_not_found',
          message: 'Could not find page',
        });
      return send(res, 200, pageOf(fixture));
    }
    const block = /^\/v1\/blocks\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && block) {
      const id = (block[1] ?? '').replaceAll('-', '');
      const fixture = (fixtures.notionBlocks ?? []).find((b) => b.id === id);
      if (!fixture)
        return send(res, 404, {
          object: 'error',
          status: 404,
          code: 'object_not_found',
          message: 'Could not find block',
        });
      return send(res, 200, {
        object: 'block',
        id: dashed(fixture.id),
        parent: { type: 'page_id', page_id: dashed(fixture.parentPageId) },
        type: 'paragraph',
        has_children: true,
        in_trash: false,
        archived: false,
        created_time: '2026-01-05T10:00:00.000Z',
        last_edited_time: '2026-11-20T10:00:00.000Z',
        created_by: notionUser,
        last_edited_by: notionUser,
        paragraph: { rich_text: [], color: 'default' },
      });
    }
    return send(res, 404, { message: `the stand-in has no ${req.method} ${url.pathname}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...standin,
    get peakConcurrency() {
      return peakInFlight;
    },
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
