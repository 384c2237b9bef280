/**
 * Asana over plain fetch, not the official `asana` package: version 3 works on Node 24 and takes a base URL, but it
 * is generated code over superagent 6 that lists @babel/cli among its runtime dependencies (about 90 packages for
 * three GET endpoints), its default client is one process-wide singleton (credentials of two workspaces would
 * share it), and it neither waits out 429 nor checks answers. Asana's paging is one `offset` token, so the code
 * below is small: workspaces, each one's teams, and its projects with `opt_fields` naming the team and the owner.
 */
import { z } from 'zod';
import type { ImportProblem, ImportSubject, OwnerHints } from '../../utils/contract.ts';
import {
  type ContainerPage,
  type ContainerSource,
  type ImportedContainer,
  problemOf,
  RATE_LIMIT_RETRIES,
  retryAfterMs,
  SourceError,
  sleep,
} from './source.ts';

export const ASANA_DEFAULT_BASE_URL = 'https://app.asana.com/api/1.0';
export const ASANA_PAGE_SIZE = 100;

const zNextPage = z
  .object({ offset: z.string().min(1) })
  .passthrough()
  .nullable()
  .optional();
const zList = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_page: zNextPage }).passthrough();
const zWorkspace = z
  .object({ gid: z.string().min(1), name: z.string(), is_organization: z.boolean().optional() })
  .passthrough();
const zTeam = z.object({ gid: z.string().min(1), name: z.string() }).passthrough();
const zProject = z
  .object({
    gid: z.string().min(1),
    name: z.string(),
    archived: z.boolean().optional(),
    team: z
      .object({ gid: z.string().min(1), name: z.string().optional() })
      .passthrough()
      .nullable()
      .optional(),
    owner: z
      .object({ gid: z.string(), name: z.string().optional(), email: z.string().optional() })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough();

function projectContainer(workspaceGid: string, project: z.infer<typeof zProject>): ImportedContainer {
  const hints: OwnerHints = {};
  if (project.team) hints.asanaTeam = { id: project.team.gid, name: project.team.name ?? '' };
  if (project.owner) {
    hints.lead = {
      id: project.owner.gid,
      ...(project.owner.name ? { name: project.owner.name } : {}),
      ...(project.owner.email ? { email: project.owner.email } : {}),
    };
  }
  return {
    tool: 'asana',
    kind: 'project',
    externalId: project.gid,
    name: project.name,
    parentExternalId: project.team?.gid ?? workspaceGid,
    hints,
  };
}

export function asanaSource(credentials: { baseUrl?: string | null; token: string }): ContainerSource {
  const base = (credentials.baseUrl || ASANA_DEFAULT_BASE_URL).replace(/\/$/, '');

  async function get<T>(
    what: ImportSubject,
    path: string,
    query: Record<string, string>,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ) {
    const url = `${base}${path}?${new URLSearchParams(query)}`;
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { authorization: `Bearer ${credentials.token}`, accept: 'application/json' },
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        throw new SourceError(problemOf('asana', 'unreachable', what, { detail: (error as Error).message }));
      }
      if (response.status === 429 && attempt < RATE_LIMIT_RETRIES) {
        await response.body?.cancel();
        await sleep(retryAfterMs(response.headers.get('retry-after')), signal);
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new SourceError(problemOf('asana', 'auth', what, { status: response.status }));
      }
      if (response.status === 429) throw new SourceError(problemOf('asana', 'rate_limited', what, { status: 429 }));
      const text = await response.text();
      if (!response.ok)
        throw new SourceError(
          problemOf('asana', 'http_error', what, { status: response.status, detail: text.slice(0, 200) }),
        );
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new SourceError(problemOf('asana', 'garbage', what, { detail: text.slice(0, 200) }));
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new SourceError(problemOf('asana', 'garbage', what, { detail: parsed.error.issues[0]?.message }));
      }
      return parsed.data;
    }
  }

  /** Every page of one list, following `next_page.offset`. */
  async function* list<T>(
    what: ImportSubject,
    path: string,
    query: Record<string, string>,
    item: z.ZodType<T>,
    signal?: AbortSignal,
  ) {
    let offset: string | undefined;
    for (;;) {
      const page = await get(
        what,
        path,
        { ...query, limit: String(ASANA_PAGE_SIZE), ...(offset ? { offset } : {}) },
        zList(item),
        signal,
      );
      yield page.data as T[];
      offset = page.next_page?.offset;
      if (!offset) return;
    }
  }

  return {
    async *pages(signal) {
      const workspaces: z.infer<typeof zWorkspace>[] = [];
      for await (const page of list(
        { code: 'workspaces' },
        '/workspaces',
        { opt_fields: 'name,is_organization' },
        zWorkspace,
        signal,
      )) {
        workspaces.push(...page);
      }
      yield {
        containers: workspaces.map((workspace) => ({
          tool: 'asana',
          kind: 'workspace',
          externalId: workspace.gid,
          name: workspace.name,
          hints: {},
        })),
        problems: [],
      };
      for (const workspace of workspaces) {
        const problems: ImportProblem[] = [];
        // Teams exist in organizations only; a plain workspace answers 400 here, which is no problem of the run.
        if (workspace.is_organization !== false) {
          try {
            for await (const teams of list(
              { code: 'teams', name: workspace.name },
              `/workspaces/${workspace.gid}/teams`,
              { opt_fields: 'name' },
              zTeam,
              signal,
            )) {
              yield {
                containers: teams.map((team) => ({
                  tool: 'asana',
                  kind: 'team',
                  externalId: team.gid,
                  name: team.name,
                  parentExternalId: workspace.gid,
                  hints: {},
                })),
                problems: [],
              } satisfies ContainerPage;
            }
          } catch (error) {
            if (error instanceof SourceError && (error.kind === 'auth' || error.kind === 'garbage')) throw error;
            problems.push(
              error instanceof SourceError
                ? error.problem
                : problemOf('asana', 'failed', { code: 'teams', name: workspace.name }, { detail: String(error) }),
            );
          }
        }
        // One workspace's projects failing (a 500 after the pages before it) leaves the others readable: the run is
        // partial, says which, and removes nothing. A refused token, an answer that is not Asana's, Asana out of reach
        // or rate limiting it kept up: those are the whole tool's, and end the run.
        try {
          for await (const projects of list(
            { code: 'projects', name: workspace.name },
            `/workspaces/${workspace.gid}/projects`,
            { opt_fields: 'name,archived,team,team.name,owner,owner.name,owner.email' },
            zProject,
            signal,
          )) {
            yield {
              containers: projects.map((project) => projectContainer(workspace.gid, project)),
              problems: [...problems],
            };
            problems.length = 0;
          }
        } catch (error) {
          if (!(error instanceof SourceError) || error.kind !== 'other') throw error;
          problems.push(error.problem);
        }
        if (problems.length) yield { containers: [], problems: [...problems] };
      }
    },
  };
}
