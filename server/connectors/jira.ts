/**
 * Jira through jira.js: Cloud's platform API v3 with its own functions (`searchProjects`, `getProjectComponents`),
 * Server/Data Center's API v2 through the same client's `sendRequest` (jira.js 6 describes Cloud only; the transport,
 * auth, error kinds are the same). Only the structure is read: projects, their leads and categories, components.
 */

import { getProjectComponents, searchProjects } from 'jira.js/cloud';
import {
  type Client,
  createClient,
  isApiError,
  isAuthError,
  isForbiddenError,
  isNetworkError,
  isRateLimitError,
} from 'jira.js/core';
import { z } from 'zod';
import type { ImportSubject, OwnerHints } from '../../utils/contract.ts';
import {
  type ContainerPage,
  type ContainerSource,
  type ImportedContainer,
  problemOf,
  RATE_LIMIT_RETRIES,
  RequestGate,
  readAhead,
  SourceError,
} from './source.ts';

/** Project search pages (Cloud allows up to 100; 50 is its default). */
export const JIRA_PAGE_SIZE = 50;
/**
 * Requests to one Jira at once, at most: each project's components are one request (Jira has no bulk endpoint that
 * names component leads), so over 10,000 projects the import is as fast as these overlap. Ten keeps a Cloud site
 * well inside its burst limits; a 429 pauses them all (RequestGate).
 */
export const JIRA_CONCURRENCY = 10;
/** Pages of projects read ahead of the one being stored, at most (what an import holds in memory). */
export const JIRA_PAGES_AHEAD = 3;

const zUser = z
  .object({
    accountId: z.string().optional(),
    name: z.string().optional(),
    displayName: z.string().optional(),
    emailAddress: z.string().optional(),
  })
  .passthrough();
const zProject = z
  .object({
    id: z.string().min(1),
    key: z.string().min(1),
    name: z.string(),
    lead: zUser.optional(),
    projectCategory: z.object({ name: z.string() }).passthrough().optional(),
  })
  .passthrough();
const zProjectPage = z
  .object({
    startAt: z.number().int(),
    maxResults: z.number().int(),
    isLast: z.boolean().optional(),
    total: z.number().int().optional(),
    values: z.array(zProject),
  })
  .passthrough();
const zComponents = z.array(
  z.object({ id: z.string().min(1), name: z.string(), lead: zUser.optional() }).passthrough(),
);

type JiraProject = z.infer<typeof zProject>;

export type JiraCredentials =
  | { flavour: 'cloud'; baseUrl: string; email: string; apiToken: string }
  | { flavour: 'server'; baseUrl: string; token: string };

function personOf(user: z.infer<typeof zUser> | undefined) {
  if (!user) return undefined;
  const person: { name?: string; email?: string; id?: string } = {};
  if (user.displayName || user.name) person.name = user.displayName ?? user.name;
  if (user.emailAddress) person.email = user.emailAddress;
  if (user.accountId || user.name) person.id = user.accountId ?? user.name;
  return Object.keys(person).length ? person : undefined;
}

/**
 * Calls Jira through the gate, waiting out 429s (Retry-After, for every request of the gate) a few times, and turns
 * failures into SourceErrors.
 */
async function call<T>(
  gate: RequestGate,
  what: ImportSubject,
  schema: z.ZodType<T>,
  run: () => Promise<unknown>,
  signal?: AbortSignal,
  first = false,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    let answer: unknown;
    try {
      answer = await gate.run(run, signal, first);
    } catch (error) {
      if (isRateLimitError(error) && attempt < RATE_LIMIT_RETRIES) {
        gate.pause(Math.min(60_000, error.retryAfterMs ?? 1000));
        continue;
      }
      if (signal?.aborted) throw signal.reason;
      throw sourceErrorOf(what, error);
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      throw new SourceError(problemOf('jira', 'garbage', what, { detail: parsed.error.issues[0]?.message }));
    }
    return parsed.data;
  }
}

function sourceErrorOf(what: ImportSubject, error: unknown): SourceError {
  if (isAuthError(error) || isForbiddenError(error))
    return new SourceError(problemOf('jira', 'auth', what, { status: error.status }));
  if (isRateLimitError(error)) return new SourceError(problemOf('jira', 'rate_limited', what, { status: 429 }));
  if (isNetworkError(error)) return new SourceError(problemOf('jira', 'unreachable', what, { detail: error.message }));
  if (isApiError(error))
    return new SourceError(problemOf('jira', 'http_error', what, { status: error.status, detail: error.statusText }));
  // A body that is not JSON, or JSON that jira.js cannot read.
  return new SourceError(problemOf('jira', 'garbage', what, { detail: (error as Error).message }));
}

function projectContainer(project: JiraProject, components: z.infer<typeof zComponents> | null): ImportedContainer {
  const hints: OwnerHints = {};
  const lead = personOf(project.lead);
  if (lead) hints.lead = lead;
  if (project.projectCategory?.name) hints.category = project.projectCategory.name;
  const componentLeads = (components ?? []).map((component) => personOf(component.lead)).filter((p) => p !== undefined);
  if (componentLeads.length) hints.componentLeads = componentLeads.slice(0, 100);
  return { tool: 'jira', kind: 'project', externalId: project.id, key: project.key, name: project.name, hints };
}

function componentContainers(project: JiraProject, components: z.infer<typeof zComponents>): ImportedContainer[] {
  return components.map((component) => {
    const lead = personOf(component.lead);
    return {
      tool: 'jira',
      kind: 'component',
      externalId: component.id,
      key: null,
      name: component.name,
      parentExternalId: project.id,
      hints: lead ? { lead } : {},
    };
  });
}

export function jiraSource(credentials: JiraCredentials): ContainerSource {
  const client: Client = createClient({
    host: credentials.baseUrl,
    auth:
      credentials.flavour === 'cloud'
        ? { type: 'basic', email: credentials.email, apiToken: credentials.apiToken }
        : { type: 'bearer', token: credentials.token },
    // The connector checks the few fields it reads itself (a garbage answer is an error of the run, not a warning).
    onSchemaMismatch: 'silent',
  });
  const api = credentials.flavour === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const gate = new RequestGate(JIRA_CONCURRENCY);

  /** A project's components; a failure there leaves the project itself readable (the run becomes partial). */
  const componentsOf = async (project: JiraProject, signal?: AbortSignal) => {
    const what: ImportSubject = { code: 'components', name: project.key };
    try {
      const answer = await call(
        gate,
        what,
        zComponents,
        () =>
          credentials.flavour === 'cloud'
            ? getProjectComponents(client, { projectIdOrKey: project.key })
            : client.sendRequest({
                method: 'GET',
                url: `${api}/project/${encodeURIComponent(project.key)}/components`,
              }),
        signal,
      );
      return { components: answer, problem: null };
    } catch (error) {
      if (error instanceof SourceError && error.kind === 'auth') throw error;
      return {
        components: null,
        problem:
          error instanceof SourceError
            ? error.problem
            : problemOf('jira', 'failed', what, { detail: (error as Error).message }),
      };
    }
  };

  async function pageOf(projects: JiraProject[], signal?: AbortSignal): Promise<ContainerPage> {
    // All at once: the gate keeps them to JIRA_CONCURRENCY, shared with the pages read ahead.
    const withComponents = await Promise.all(projects.map((project) => componentsOf(project, signal)));
    const page: ContainerPage = { containers: [], problems: [] };
    projects.forEach((project, index) => {
      const { components, problem } = withComponents[index] ?? { components: null, problem: null };
      page.containers.push(projectContainer(project, components));
      if (components) page.containers.push(...componentContainers(project, components));
      if (problem) page.problems.push(problem);
    });
    return page;
  }

  /** The projects, a page of JIRA_PAGE_SIZE at a time. */
  async function* projectPages(signal: AbortSignal): AsyncGenerator<JiraProject[]> {
    if (credentials.flavour === 'server') {
      // Server/Data Center lists every project in one answer (GET /rest/api/2/project has no paging there).
      const projects = await call(
        gate,
        { code: 'project_list' },
        z.array(zProject),
        () => client.sendRequest({ method: 'GET', url: `${api}/project`, searchParams: { expand: 'lead' } }),
        signal,
        true,
      );
      for (let start = 0; start < projects.length; start += JIRA_PAGE_SIZE)
        yield projects.slice(start, start + JIRA_PAGE_SIZE);
      return;
    }
    let startAt = 0;
    for (;;) {
      const page = await call(
        gate,
        { code: 'projects_from', n: startAt },
        zProjectPage,
        () => searchProjects(client, { startAt, maxResults: JIRA_PAGE_SIZE, expand: 'lead' }),
        signal,
        // The next page's projects keep the gate busy while this page's components finish.
        true,
      );
      yield page.values;
      startAt += page.values.length;
      const last = page.isLast ?? (page.total !== undefined ? startAt >= page.total : page.values.length === 0);
      if (last || page.values.length === 0) return;
    }
  }

  return {
    async *pages(outer) {
      // Ends the requests still under way when the import stops early (its own failure, or the caller's).
      const stop = new AbortController();
      const signal = outer ? AbortSignal.any([outer, stop.signal]) : stop.signal;
      try {
        yield* readAhead(projectPages(signal), JIRA_PAGES_AHEAD, (projects) => pageOf(projects, signal));
      } finally {
        stop.abort(new Error('the import stopped'));
      }
    },
  };
}
