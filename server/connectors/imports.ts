/**
 * An import: one job on the shared queue (`connector.import`, exclusive per connector, so two server processes never
 * import one connector at once). Page by page it stores containers and counts progress on its run; a complete run
 * marks what it did not see as removed; any run ends by refreshing the rule suggestions.
 */
import { z } from 'zod';
import type { ImportProblem, Team } from '../../utils/contract.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/session.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { asanaSource } from './asana.ts';
import { jiraSource } from './jira.ts';
import { type NotionOptions, notionSource } from './notion.ts';
import { type SecretBox, zStoredSecret } from './secrets.ts';
import { type ContainerSource, type ImportedContainer, SourceError } from './source.ts';
import {
  loadConnector,
  markRemoved,
  type StoredConnector,
  saveSuggestions,
  suggestibleContainers,
  updateRun,
  upsertContainers,
} from './store.ts';
import { suggestRules } from './suggest.ts';

export const IMPORT_QUEUE = 'connector.import';
export const zImportJob = z.object({ workspaceId: z.uuid(), connectorId: z.uuid(), runId: z.uuid() });
export type ImportJob = z.infer<typeof zImportJob>;

/** Problems of a partial run kept on it, at most. */
const PROBLEMS_KEPT = 20;

/** How the tools' clients behave, where a test needs it otherwise (production: each client's own defaults). */
export interface SourceOptions {
  notion?: NotionOptions;
}

export function sourceFor(
  connector: StoredConnector,
  secrets: SecretBox,
  options: SourceOptions = {},
): ContainerSource {
  const secret = secrets.open(connector.secret, connector.id, zStoredSecret);
  switch (connector.kind) {
    case 'jira_cloud':
      return jiraSource({
        flavour: 'cloud',
        baseUrl: connector.baseUrl ?? '',
        email: secret.email ?? '',
        apiToken: secret.token,
      });
    case 'jira_server':
      return jiraSource({ flavour: 'server', baseUrl: connector.baseUrl ?? '', token: secret.token });
    case 'asana':
      return asanaSource({ baseUrl: connector.baseUrl, token: secret.token });
    case 'notion':
      return notionSource({ baseUrl: connector.baseUrl, token: secret.token }, options.notion);
  }
}

export interface ImportContext {
  db: Database;
  clock: Clock;
  secrets: SecretBox;
  sources?: SourceOptions;
}

export async function runImport(context: ImportContext, job: ImportJob): Promise<void> {
  const { db, clock } = context;
  const { workspaceId, runId } = job;
  await updateRun(db, workspaceId, runId, { status: 'running', startedAt: clock() });
  const problems: ImportProblem[] = [];
  try {
    const connector = await loadConnector(db, workspaceId, job.connectorId);
    const source = sourceFor(connector, context.secrets, context.sources);
    const writer = new BatchWriter((batch, progress) =>
      upsertContainers(db, workspaceId, connector.id, runId, batch, clock(), progress),
    );
    try {
      for await (const page of source.pages()) {
        await writer.add(page.containers);
        problems.push(...page.problems);
      }
    } finally {
      // What the pages read so far brought in is kept, also when a later page failed.
      await writer.drain();
    }
    // Only a run that read everything may say what is gone: a part it could not read is not a deletion.
    const removed = problems.length === 0 ? await markRemoved(db, workspaceId, connector.id, runId, clock()) : 0;
    // Before the run says it is finished: a finished run's suggestions are those of its containers.
    await refreshSuggestions(db, workspaceId, clock());
    await updateRun(db, workspaceId, runId, {
      status: problems.length ? 'partial' : 'succeeded',
      removed,
      problems: problems.slice(0, PROBLEMS_KEPT),
      moreProblems: Math.max(0, problems.length - PROBLEMS_KEPT),
      errorKind: null,
      finishedAt: clock(),
    });
  } catch (error) {
    const known = error instanceof SourceError ? error : null;
    if (!known) console.error(`import ${runId} failed: ${(error as Error).stack ?? error}`);
    // What the pages read so far brought in is matched too.
    await refreshSuggestions(db, workspaceId, clock()).catch((refreshError: unknown) => {
      console.error(`suggestions after import ${runId}: ${(refreshError as Error).message}`);
    });
    await updateRun(db, workspaceId, runId, {
      status: 'failed',
      // The problems of the pages read before it, then what ended the run.
      problems: [
        ...problems.slice(0, PROBLEMS_KEPT - 1),
        known ? known.problem : { code: 'failed', detail: String((error as Error).message).slice(0, 500) },
      ],
      moreProblems: Math.max(0, problems.length - (PROBLEMS_KEPT - 1)),
      errorKind: known ? known.kind : 'other',
      finishedAt: clock(),
    });
  }
}

/** Containers one write holds at most: while it runs, the next pages wait (what an import holds in memory). */
export const WRITE_BATCH_MAX = 2000;

/**
 * Writes pages while the next ones are read: a page arriving while a write is under way waits for the next write,
 * together with the others that arrived meanwhile (one statement, one commit for them all). So the import is as
 * fast as the slower of reading and writing, not their sum, and a slow database gets fewer, larger writes.
 */
export class BatchWriter {
  private buffer: ImportedContainer[] = [];
  private pages = 0;
  private writing: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;
  private readonly write: (
    batch: ImportedContainer[],
    progress: { pages: number; containers: number },
  ) => Promise<void>;
  constructor(write: BatchWriter['write']) {
    this.write = write;
  }

  /** Takes one page; waits only when a write is under way and the next one is full. */
  async add(containers: readonly ImportedContainer[]): Promise<void> {
    this.raise();
    while (this.writing && this.buffer.length + containers.length > WRITE_BATCH_MAX && this.buffer.length > 0)
      await this.writing;
    this.raise();
    this.buffer.push(...containers);
    this.pages += 1;
    if (!this.writing) this.start();
  }

  /** Waits until every page taken is written; throws a write's failure. */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
    this.raise();
  }

  private raise() {
    if (this.failure) throw this.failure.error;
  }

  private start() {
    const batch = this.buffer;
    const progress = { pages: this.pages, containers: batch.length };
    this.buffer = [];
    this.pages = 0;
    this.writing = this.write(batch, progress).then(
      () => {
        this.writing = null;
        if (this.pages > 0 && !this.failure) this.start();
      },
      (error: unknown) => {
        this.failure = { error };
        this.writing = null;
      },
    );
  }
}

/**
 * Matches the workspace's containers to its teams again and stores the proposals, for every container: those a rule
 * owns are kept too but not shown (listSuggestions leaves them out while a rule covers them), so a rule deleted or
 * edited away brings its container's proposal back without another import.
 */
export async function refreshSuggestions(db: Database, workspaceId: string, now: Date): Promise<void> {
  const teams = (
    await db.query<Pick<Team, 'id' | 'name' | 'slug' | 'members'>>(
      'SELECT id, name, slug, members FROM teams WHERE workspace_id = $1',
      [workspaceId],
    )
  ).map((team) => ({ ...team, members: Array.isArray(team.members) ? team.members : [] }));
  const suggestions = suggestRules(await suggestibleContainers(db, workspaceId), teams);
  await db.transaction((tx) => saveSuggestions(tx, workspaceId, suggestions, now));
}

export async function defineImportJobs(jobs: JobQueue, context: ImportContext): Promise<void> {
  await jobs.define(IMPORT_QUEUE, {
    schema: zImportJob,
    policy: 'exclusive',
    // A failed import is recorded on its run and started again by the admin; the queue does not repeat it.
    retryLimit: 0,
    expireInSeconds: 30 * 60,
    concurrency: 2,
    handler: ({ data }) => runImport(context, data),
  });
}
