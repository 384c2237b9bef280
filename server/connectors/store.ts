import { randomUUID } from 'node:crypto';
import type {
  Connector,
  ConnectorInput,
  ContainerRecord,
  ImportProblem,
  ImportRun,
  OwnerHints,
  RuleSuggestion,
  SuggestionEvidence,
} from '../../utils/contract.ts';
import { ownedContainers, type RuleContainer } from '../../utils/resolve/rules.ts';
import type { Database, Queryable } from '../db/database.ts';
import { rules as ruleSpec } from '../domain/entities.ts';
import { ApiError, notFound } from '../domain/errors.ts';
import type { ImportedContainer } from './source.ts';
import { isSuggestible, type SuggestibleContainer, type Suggestion } from './suggest.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

interface RunRow {
  id: string;
  connector_id: string;
  status: ImportRun['status'];
  pages: number;
  containers: number;
  removed: number;
  problems: ImportProblem[] | null;
  more_problems: number | null;
  error: string | null;
  error_kind: ImportRun['errorKind'];
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

export const runOf = (row: RunRow): ImportRun => ({
  id: row.id,
  connectorId: row.connector_id,
  status: row.status,
  pages: row.pages,
  containers: row.containers,
  removed: row.removed,
  problems: row.problems ?? [],
  moreProblems: row.more_problems ?? 0,
  error: row.error,
  errorKind: row.error_kind,
  createdAt: iso(row.created_at) as string,
  startedAt: iso(row.started_at),
  finishedAt: iso(row.finished_at),
});

interface ConnectorRow {
  id: string;
  kind: Connector['kind'];
  name: string;
  base_url: string | null;
  account: string | null;
  secret: string;
  created_at: Date | string;
}

export interface StoredConnector {
  id: string;
  workspaceId: string;
  kind: Connector['kind'];
  name: string;
  baseUrl: string | null;
  secret: string;
}

/** The secret a connector keeps, from what the admin sent. */
export function secretOf(input: ConnectorInput): { email?: string; token: string } {
  return input.kind === 'jira_cloud' ? { email: input.email, token: input.apiToken } : { token: input.token };
}

export async function insertConnector(
  tx: Queryable,
  workspaceId: string,
  input: ConnectorInput,
  seal: (id: string) => string,
  now: Date,
): Promise<Connector> {
  const id = randomUUID();
  const account = input.kind === 'jira_cloud' ? input.email : null;
  const baseUrl = input.baseUrl ?? null;
  await tx.query(
    `INSERT INTO connectors (workspace_id, id, kind, name, base_url, account, secret, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [workspaceId, id, input.kind, input.name, baseUrl, account, seal(id), now],
  );
  return { id, kind: input.kind, name: input.name, baseUrl, account, createdAt: now.toISOString(), lastRun: null };
}

export async function listConnectors(db: Queryable, workspaceId: string): Promise<Connector[]> {
  const rows = await db.query<ConnectorRow & { last_run: RunRow | null }>(
    `SELECT c.id, c.kind, c.name, c.base_url, c.account, c.created_at,
            (SELECT to_jsonb(r) FROM import_runs r
              WHERE r.workspace_id = c.workspace_id AND r.connector_id = c.id ORDER BY r.created_at DESC, r.id LIMIT 1) AS last_run
       FROM connectors c WHERE c.workspace_id = $1 ORDER BY c.created_at, c.id`,
    [workspaceId],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    baseUrl: row.base_url,
    account: row.account,
    createdAt: iso(row.created_at) as string,
    lastRun: row.last_run ? runOf(row.last_run) : null,
  }));
}

export async function loadConnector(db: Queryable, workspaceId: string, id: string): Promise<StoredConnector> {
  const [row] = await db.query<ConnectorRow>(
    'SELECT id, kind, name, base_url, account, secret, created_at FROM connectors WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id],
  );
  if (!row) throw notFound('connector');
  return { id: row.id, workspaceId, kind: row.kind, name: row.name, baseUrl: row.base_url, secret: row.secret };
}

/** Removes a connector with its runs and containers; the rules accepted from it stay (they are the admin's). */
export async function deleteConnector(db: Database, workspaceId: string, id: string): Promise<void> {
  const rows = await db.query('DELETE FROM connectors WHERE workspace_id = $1 AND id = $2 RETURNING id', [
    workspaceId,
    id,
  ]);
  if (rows.length === 0) throw notFound('connector');
}

export async function insertRun(
  tx: Queryable,
  workspaceId: string,
  connectorId: string,
  now: Date,
): Promise<ImportRun> {
  const [row] = await tx.query<RunRow>(
    `INSERT INTO import_runs (workspace_id, id, connector_id, status, created_at) VALUES ($1, $2, $3, 'queued', $4)
     RETURNING *`,
    [workspaceId, randomUUID(), connectorId, now],
  );
  return runOf(row as RunRow);
}

export async function listRuns(
  db: Queryable,
  workspaceId: string,
  connectorId: string,
  limit = 20,
): Promise<ImportRun[]> {
  const rows = await db.query<RunRow>(
    `SELECT * FROM import_runs WHERE workspace_id = $1 AND connector_id = $2 ORDER BY created_at DESC, id LIMIT $3`,
    [workspaceId, connectorId, limit],
  );
  return rows.map(runOf);
}

export async function updateRun(
  db: Queryable,
  workspaceId: string,
  runId: string,
  fields: Partial<{
    status: ImportRun['status'];
    pagesAdded: number;
    containersAdded: number;
    removed: number;
    problems: ImportProblem[];
    moreProblems: number;
    errorKind: ImportRun['errorKind'];
    startedAt: Date;
    finishedAt: Date;
  }>,
): Promise<void> {
  await db.query(
    `UPDATE import_runs SET
       status = coalesce($3, status),
       pages = pages + coalesce($4, 0),
       containers = containers + coalesce($5, 0),
       removed = coalesce($6, removed),
       problems = CASE WHEN $7::boolean THEN $8::jsonb ELSE problems END,
       more_problems = CASE WHEN $7::boolean THEN $12 ELSE more_problems END,
       error_kind = CASE WHEN $7::boolean THEN $9 ELSE error_kind END,
       started_at = coalesce($10, started_at),
       finished_at = coalesce($11, finished_at)
     WHERE workspace_id = $1 AND id = $2`,
    [
      workspaceId,
      runId,
      fields.status ?? null,
      fields.pagesAdded ?? null,
      fields.containersAdded ?? null,
      fields.removed ?? null,
      'problems' in fields || 'errorKind' in fields,
      fields.problems?.length ? JSON.stringify(fields.problems) : null,
      fields.errorKind ?? null,
      fields.startedAt ?? null,
      fields.finishedAt ?? null,
      fields.moreProblems ?? 0,
    ],
  );
}

/**
 * Writes a batch of containers (one or more pages) and counts them on the run, in one statement: one round trip and
 * one commit, however many pages it holds. A container keeps its row (and its id, which suggestions and flags point
 * at) across renames and moves; what it was called or where it sat before is kept in `previous`.
 */
export async function upsertContainers(
  db: Queryable,
  workspaceId: string,
  connectorId: string,
  runId: string,
  containers: readonly ImportedContainer[],
  now: Date,
  progress: { pages: number; containers: number } = { pages: 0, containers: containers.length },
): Promise<void> {
  // One row per (kind, external id) per statement: ON CONFLICT cannot touch a row twice (the last one read wins, as
  // it would page by page).
  const unique = [...new Map(containers.map((c) => [`${c.kind}:${c.externalId}`, c])).values()];
  await db.query(
    `WITH written AS (
     INSERT INTO containers (workspace_id, id, connector_id, tool, kind, external_id, key, name, parent_external_id,
                             hints, previous, seen_run, updated_at, removed_at)
     SELECT $1, gen_random_uuid(), $2, c.tool, c.kind, c.external_id, c.key, c.name, c.parent_external_id,
            c.hints, NULL, $3, $4, NULL
       FROM jsonb_to_recordset($5::jsonb)
         AS c(tool text, kind text, external_id text, key text, name text, parent_external_id text, hints jsonb)
     ON CONFLICT (workspace_id, connector_id, kind, external_id) DO UPDATE SET
       previous = CASE
         WHEN containers.name IS DISTINCT FROM excluded.name OR containers.key IS DISTINCT FROM excluded.key
           OR containers.parent_external_id IS DISTINCT FROM excluded.parent_external_id
         THEN jsonb_build_object('name', containers.name, 'key', containers.key,
                                 'parentExternalId', containers.parent_external_id)
         ELSE containers.previous END,
       name = excluded.name, key = excluded.key, parent_external_id = excluded.parent_external_id,
       hints = excluded.hints, seen_run = excluded.seen_run, removed_at = NULL,
       updated_at = CASE
         WHEN containers.name IS DISTINCT FROM excluded.name OR containers.key IS DISTINCT FROM excluded.key
           OR containers.parent_external_id IS DISTINCT FROM excluded.parent_external_id
           OR containers.hints IS DISTINCT FROM excluded.hints OR containers.removed_at IS NOT NULL
         THEN excluded.updated_at ELSE containers.updated_at END
     RETURNING 1)
     UPDATE import_runs SET pages = pages + $6, containers = containers + $7 WHERE workspace_id = $1 AND id = $3`,
    [
      workspaceId,
      connectorId,
      runId,
      now,
      JSON.stringify(
        unique.map((c) => ({
          tool: c.tool,
          kind: c.kind,
          external_id: c.externalId,
          key: c.key ?? null,
          name: c.name,
          parent_external_id: c.parentExternalId ?? null,
          hints: c.hints,
        })),
      ),
      progress.pages,
      progress.containers,
    ],
  );
}

/** After a complete import: what it did not see is gone from the tool. Answers how many were marked. */
export async function markRemoved(db: Queryable, workspaceId: string, connectorId: string, runId: string, now: Date) {
  const rows = await db.query(
    `UPDATE containers SET removed_at = $4, updated_at = $4
      WHERE workspace_id = $1 AND connector_id = $2 AND seen_run <> $3 AND removed_at IS NULL RETURNING id`,
    [workspaceId, connectorId, runId, now],
  );
  return rows.length;
}

interface ContainerRow {
  id: string;
  connector_id: string;
  tool: ContainerRecord['tool'];
  kind: ContainerRecord['kind'];
  external_id: string;
  key: string | null;
  name: string;
  parent_external_id: string | null;
  hints: OwnerHints;
  previous: ContainerRecord['previous'];
  updated_at: Date | string;
  removed_at: Date | string | null;
}

const containerOf = (row: ContainerRow): ContainerRecord => ({
  id: row.id,
  connectorId: row.connector_id,
  tool: row.tool,
  kind: row.kind,
  externalId: row.external_id,
  key: row.key,
  name: row.name,
  parentExternalId: row.parent_external_id,
  hints: row.hints,
  previous: row.previous,
  updatedAt: iso(row.updated_at) as string,
  removedAt: iso(row.removed_at),
});

/** Containers by tool and name, keyset-paged on (tool, name, id). */
export async function listContainers(
  db: Queryable,
  workspaceId: string,
  filter: { tool?: string; connectorId?: string; q?: string; removed?: boolean },
  page: { limit: number; cursor?: string },
): Promise<{ data: ContainerRecord[]; nextCursor: string | null }> {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await db.query<ContainerRow>(
    `SELECT id, connector_id, tool, kind, external_id, key, name, parent_external_id, hints, previous, updated_at, removed_at
       FROM containers
      WHERE workspace_id = $1
        AND ($2::text IS NULL OR tool = $2)
        AND ($3::uuid IS NULL OR connector_id = $3)
        AND ($4::text IS NULL OR name ILIKE '%' || $4 || '%' OR key ILIKE $4)
        AND ($5::boolean OR removed_at IS NULL)
        AND ($6::text IS NULL OR (tool, name, id) > ($6, $7, $8::uuid))
      ORDER BY tool, name, id
      LIMIT $9`,
    [
      workspaceId,
      filter.tool ?? null,
      filter.connectorId ?? null,
      filter.q ? filter.q.replace(/[%_\\]/g, '\\$&') : null,
      filter.removed ?? false,
      after?.tool ?? null,
      after?.name ?? null,
      after?.id ?? null,
      page.limit + 1,
    ],
  );
  const more = rows.length > page.limit;
  const data = rows.slice(0, page.limit).map(containerOf);
  const last = data.at(-1);
  return { data, nextCursor: more && last ? encodeCursor({ tool: last.tool, name: last.name, id: last.id }) : null };
}

const encodeCursor = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decodeCursor(cursor: string): { tool: string; name: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      tool: string;
      name: string;
      id: string;
    };
    if (typeof value.tool === 'string' && typeof value.name === 'string' && typeof value.id === 'string') return value;
  } catch {}
  throw new ApiError('invalid_request', 'cursor is not one this server handed out');
}

/**
 * Every live container of the workspace that a rule can name, with its parent container's id (Notion's parent page
 * or database, from the same connector). The parents are looked up here, not joined in SQL: right after a large
 * import the table has no statistics yet, and PostgreSQL planned that self-join as a nested loop over every pair of
 * rows (25,000 Jira containers: many minutes).
 */
export async function suggestibleContainers(db: Queryable, workspaceId: string): Promise<SuggestibleContainer[]> {
  const rows = await db.query<ContainerRow>(
    `SELECT id, connector_id, tool, kind, external_id, key, name, parent_external_id, hints
       FROM containers
      WHERE workspace_id = $1 AND removed_at IS NULL -- the kinds ruleFieldForContainer names; isSuggestible judges
        AND ((tool IN ('jira', 'asana') AND kind = 'project') OR (tool = 'notion' AND kind IN ('page', 'database')))`,
    [workspaceId],
  );
  const notionIds = new Map(
    rows.filter((row) => row.tool === 'notion').map((row) => [`${row.connector_id}:${row.external_id}`, row.id]),
  );
  return rows
    .map((row) => ({
      id: row.id,
      tool: row.tool as SuggestibleContainer['tool'],
      kind: row.kind,
      externalId: row.external_id,
      key: row.key,
      name: row.name,
      parentExternalId: row.parent_external_id,
      parentId:
        row.tool === 'notion' && row.parent_external_id
          ? (notionIds.get(`${row.connector_id}:${row.parent_external_id}`) ?? null)
          : null,
      hints: row.hints,
    }))
    .filter(isSuggestible);
}

/**
 * Stores the matcher's proposals. An accepted or rejected suggestion is the admin's answer and stays as it is; a
 * proposal the evidence no longer supports goes.
 */
export async function saveSuggestions(
  tx: Queryable,
  workspaceId: string,
  suggestions: readonly Suggestion[],
  now: Date,
) {
  await tx.query(
    `DELETE FROM rule_suggestions s WHERE s.workspace_id = $1 AND s.status = 'proposed'
        AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS n(container_id uuid) WHERE n.container_id = s.container_id)`,
    [workspaceId, JSON.stringify(suggestions.map((s) => ({ container_id: s.containerId })))],
  );
  if (suggestions.length === 0) return;
  await tx.query(
    `INSERT INTO rule_suggestions (workspace_id, id, container_id, team_id, score, why, reason, status, field, pattern, updated_at)
     SELECT $1, gen_random_uuid(), n.container_id, n.team_id, n.score, n.why, NULL, 'proposed', n.field, n.pattern, $3
       FROM jsonb_to_recordset($2::jsonb) AS n(container_id uuid, team_id uuid, score real, why jsonb, field text, pattern text)
     ON CONFLICT (workspace_id, container_id) DO UPDATE SET
       team_id = excluded.team_id, score = excluded.score, why = excluded.why, reason = NULL, field = excluded.field,
       pattern = excluded.pattern, updated_at = excluded.updated_at
     WHERE rule_suggestions.status = 'proposed'`,
    [
      workspaceId,
      JSON.stringify(
        suggestions.map((s) => ({
          container_id: s.containerId,
          team_id: s.teamId,
          score: s.score,
          why: s.why,
          field: s.field,
          pattern: s.pattern,
        })),
      ),
      now,
    ],
  );
}

interface SuggestionRow {
  id: string;
  container_id: string;
  team_id: string;
  score: number;
  why: SuggestionEvidence[] | null;
  reason: string | null;
  status: RuleSuggestion['status'];
  field: RuleSuggestion['field'];
  pattern: string;
  rule_id: string | null;
  accepted_snapshot: { parentExternalId: string | null; teamHint: string | null } | null;
  tool: RuleSuggestion['container']['tool'];
  kind: RuleSuggestion['container']['kind'];
  name: string;
  key: string | null;
  external_id: string;
  parent_external_id: string | null;
  hints: OwnerHints;
  removed_at: Date | string | null;
}

/** The hint a move would change: the Asana team, the Jira category, the top of the Notion chain. */
export const teamHintOf = (hints: OwnerHints) =>
  hints.atlassianTeam ?? hints.asanaTeam?.name ?? hints.category ?? hints.ancestry?.[0] ?? null;

/**
 * What changed in the tool since a suggestion became a rule. The rule itself is never changed: a renamed Asana
 * project or Notion page keeps matching (rules name ids), a Jira project whose key changed no longer does (items
 * carry the key), and a moved or removed container may now belong elsewhere; the admin decides.
 */
export function flagOf(row: SuggestionRow): RuleSuggestion['flag'] {
  if (row.status !== 'accepted') return null;
  if (row.removed_at) return { kind: 'removed' };
  if (row.tool === 'jira' && row.key && row.key !== row.pattern) {
    return { kind: 'renamed', from: row.pattern, to: row.key };
  }
  const snapshot = row.accepted_snapshot;
  if (snapshot) {
    const hint = teamHintOf(row.hints);
    if (snapshot.parentExternalId !== row.parent_external_id || snapshot.teamHint !== hint) {
      return hint ? { kind: 'moved', under: hint } : { kind: 'moved' };
    }
  }
  return null;
}

const suggestionOf = (row: SuggestionRow): RuleSuggestion => ({
  id: row.id,
  containerId: row.container_id,
  container: { tool: row.tool, kind: row.kind, name: row.name, key: row.key, externalId: row.external_id },
  teamId: row.team_id,
  score: Math.min(1, Math.max(0, Math.round(Number(row.score) * 100) / 100)),
  why: row.why ?? [],
  // Stored before evidence had codes: the English text it was written with, said as such by the hub.
  reason: row.why ? null : row.reason,
  status: row.status,
  ruleId: row.rule_id,
  field: row.field,
  pattern: row.pattern,
  flag: flagOf(row),
});

const SUGGESTION_SELECT = `SELECT s.id, s.container_id, s.team_id, s.score, s.why, s.reason, s.status, s.field, s.pattern, s.rule_id,
            s.accepted_snapshot, c.tool, c.kind, c.name, c.key, c.external_id, c.parent_external_id, c.hints, c.removed_at
       FROM rule_suggestions s JOIN containers c ON c.workspace_id = s.workspace_id AND c.id = s.container_id`;

/**
 * The containers of these proposals that a rule of the workspace owns now (their ids): their own rule, or for a
 * Notion page a rule on a page above it; written by hand or accepted. Read from the rules as they are at this moment,
 * so a proposal goes the moment a rule covering its container is written and comes back when that rule is deleted or
 * edited away, with no import in between (the proposals themselves are kept until the next import's refresh).
 */
export async function coveredContainers(
  db: Queryable,
  workspaceId: string,
  proposals: readonly SuggestionRow[],
): Promise<Set<string>> {
  if (proposals.length === 0) return new Set();
  const rules = (
    await db.query<Parameters<typeof ruleSpec.fromRow>[0]>('SELECT * FROM ownership_rules WHERE workspace_id = $1', [
      workspaceId,
    ])
  ).map(ruleSpec.fromRow);
  if (rules.length === 0) return new Set();
  const asContainer = (
    row: Pick<ContainerRow, 'tool' | 'kind' | 'external_id' | 'key' | 'name' | 'parent_external_id'>,
  ) =>
    ({
      tool: row.tool,
      kind: row.kind,
      externalId: row.external_id,
      key: row.key,
      name: row.name,
      parentExternalId: row.parent_external_id,
    }) satisfies RuleContainer;
  const containers: RuleContainer[] = proposals.map(asContainer);
  // A Notion page is owned through the pages above it, which need no proposal of their own.
  if (proposals.some((row) => row.tool === 'notion')) {
    const notion = await db.query<ContainerRow>(
      `SELECT tool, kind, external_id, key, name, parent_external_id FROM containers
        WHERE workspace_id = $1 AND removed_at IS NULL AND tool = 'notion' AND kind IN ('page', 'database')`,
      [workspaceId],
    );
    containers.push(...notion.map(asContainer));
  }
  const owned = ownedContainers(containers, rules);
  return new Set(proposals.filter((row) => owned.has(`${row.tool}:${row.external_id}`)).map((row) => row.container_id));
}

/**
 * The suggestions the hub shows. A proposal whose container a rule owns now is left out (coveredContainers): it is
 * covered, and a second rule would only compete with the first.
 */
export async function listSuggestions(
  db: Queryable,
  workspaceId: string,
  status: RuleSuggestion['status'] | undefined,
): Promise<RuleSuggestion[]> {
  const rows = await db.query<SuggestionRow>(
    `${SUGGESTION_SELECT} WHERE s.workspace_id = $1 AND ($2::text IS NULL OR s.status = $2)
      ORDER BY s.score DESC, c.name, s.id LIMIT 20000`,
    [workspaceId, status ?? null],
  );
  const covered = await coveredContainers(
    db,
    workspaceId,
    rows.filter((row) => row.status === 'proposed'),
  );
  return rows.filter((row) => !(row.status === 'proposed' && covered.has(row.container_id))).map(suggestionOf);
}

export async function loadSuggestionsForUpdate(tx: Queryable, workspaceId: string, ids: readonly string[]) {
  const rows = await tx.query<SuggestionRow>(
    `${SUGGESTION_SELECT} WHERE s.workspace_id = $1 AND s.id = ANY($2::uuid[]) FOR UPDATE OF s`,
    [workspaceId, ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

export async function decideSuggestion(
  tx: Queryable,
  workspaceId: string,
  row: SuggestionRow,
  decision: { status: 'accepted'; teamId: string; ruleId: string } | { status: 'rejected' },
  by: string,
  now: Date,
) {
  await tx.query(
    `UPDATE rule_suggestions SET status = $3, team_id = $4, rule_id = $5, accepted_snapshot = $6, decided_at = $7,
            decided_by = $8, updated_at = $7
      WHERE workspace_id = $1 AND id = $2`,
    [
      workspaceId,
      row.id,
      decision.status,
      decision.status === 'accepted' ? decision.teamId : row.team_id,
      decision.status === 'accepted' ? decision.ruleId : null,
      decision.status === 'accepted'
        ? JSON.stringify({ parentExternalId: row.parent_external_id, teamHint: teamHintOf(row.hints) })
        : null,
      now,
      by,
    ],
  );
}

export type { SuggestionRow };
