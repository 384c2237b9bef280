import type { EntityName } from '../../utils/contract.ts';
import type { Queryable } from '../db/database.ts';
import { ApiError, notFound } from './errors.ts';
import type { WriteSession } from './session.ts';

export interface Meta {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface MetaRow {
  id: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** An entity without its server-kept metadata; distributes over unions such as the link kinds. */
export type Fields<Api extends Meta> = Api extends Meta ? Omit<Api, keyof Meta> : never;

/** How one entity maps between its table and the contract's shape. */
export interface EntitySpec<Row extends MetaRow, Api extends Meta> {
  entity: EntityName;
  label: string;
  table: string;
  /** The entity's own columns, in the order `toColumns` returns their values. */
  columns: readonly string[];
  toColumns(fields: Fields<Api>): unknown[];
  fromRow(row: Row): Api;
}

export const metaOf = (row: MetaRow): Meta => ({
  id: row.id,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const fieldsOf = <Api extends Meta>(api: Api): Fields<Api> => {
  const { id: _id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = api;
  return fields as Fields<Api>;
};

/** PostgreSQL error codes the domain turns into answers instead of 500s. */
const FOREIGN_KEY_VIOLATION = '23503';
const UNIQUE_VIOLATION = '23505';

interface DatabaseErrorLike {
  code?: unknown;
  constraint?: unknown;
}

/** The columns a write names another entity by, and that entity in words (see `translateWriteError`). */
const REFERENCE_NAMES: readonly (readonly [string, string, 'team' | 'goal'])[] = [
  ['team_id', 'team', 'team'],
  ['owner_team_id', 'owning team', 'team'],
  ['parent_team_id', 'parent team', 'team'],
  ['goal_id', 'goal', 'goal'],
  ['parent_goal_id', 'parent goal', 'goal'],
];

export function translateWriteError(
  error: unknown,
  spec: { entity: EntityName; label: string; table: string },
  writing: 'write' | 'delete',
) {
  if (error instanceof ApiError || typeof error !== 'object' || error === null) return error;
  const { code, constraint } = error as DatabaseErrorLike;
  if (code === FOREIGN_KEY_VIOLATION) {
    if (writing === 'delete') {
      return new ApiError('referenced', `this ${spec.label} is still referenced; remove the references first`, {
        params: { subject: spec.entity },
      });
    }
    // Which one: a link to a team deleted meanwhile (another client's, while this one was offline) says so.
    const named = REFERENCE_NAMES.find(([column]) => constraint === `${spec.table}_workspace_id_${column}_fkey`);
    return new ApiError(
      'not_found',
      named
        ? `the ${named[1]} this ${spec.label} names does not exist (it may have been deleted)`
        : `a referenced entity of this ${spec.label} was not found`,
      { params: { subject: spec.entity, ...(named ? { missing: named[2] } : {}) } },
    );
  }
  if (code === UNIQUE_VIOLATION) {
    const params = { subject: spec.entity };
    if (constraint === `${spec.table}_pkey`) {
      return new ApiError('already_exists', `this ${spec.label} id is taken`, { params });
    }
    if (constraint === 'teams_workspace_id_slug_key') return new ApiError('slug_taken', 'a team has this slug');
    if (constraint === 'links_unique') return new ApiError('link_exists', 'this link exists already');
    return new ApiError('already_exists', `this ${spec.label} exists already`, { params });
  }
  return error;
}

async function guarded<T>(
  spec: { entity: EntityName; label: string; table: string },
  writing: 'write' | 'delete',
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateWriteError(error, spec, writing);
  }
}

export async function findEntity<Row extends MetaRow, Api extends Meta>(
  db: Queryable,
  spec: EntitySpec<Row, Api>,
  workspaceId: string,
  id: string,
): Promise<Api | undefined> {
  const [row] = await db.query<Row>(`SELECT * FROM ${spec.table} WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
  return row && spec.fromRow(row);
}

export async function getEntity<Row extends MetaRow, Api extends Meta>(
  db: Queryable,
  spec: EntitySpec<Row, Api>,
  workspaceId: string,
  id: string,
): Promise<Api> {
  const found = await findEntity(db, spec, workspaceId, id);
  if (!found) throw notFound(spec.entity, spec.label);
  return found;
}

export async function insertEntity<Row extends MetaRow, Api extends Meta>(
  session: WriteSession,
  spec: EntitySpec<Row, Api>,
  id: string,
  fields: Fields<Api>,
): Promise<Api>;
/** With an `ON CONFLICT … DO NOTHING` clause: undefined when the row existed already. */
export async function insertEntity<Row extends MetaRow, Api extends Meta>(
  session: WriteSession,
  spec: EntitySpec<Row, Api>,
  id: string,
  fields: Fields<Api>,
  onConflict: string,
): Promise<Api | undefined>;
export async function insertEntity<Row extends MetaRow, Api extends Meta>(
  session: WriteSession,
  spec: EntitySpec<Row, Api>,
  id: string,
  fields: Fields<Api>,
  onConflict = '',
): Promise<Api | undefined> {
  const values = spec.toColumns(fields);
  const placeholders = values.map((_, index) => `$${index + 5}`).join(', ');
  const [row] = await guarded(spec, 'write', () =>
    session.tx.query<Row>(
      `INSERT INTO ${spec.table} (workspace_id, id, version, created_at, updated_at, ${spec.columns.join(', ')})
       VALUES ($1, $2, 1, $3, $4, ${placeholders}) ${onConflict} RETURNING *`,
      [session.workspaceId, id, session.now, session.now, ...values],
    ),
  );
  if (!row && onConflict) return undefined;
  return recordUpsert(session, spec, row);
}

/**
 * Inserts rows of one table in one statement and returns those inserted, by id, without recording them in the feed
 * (the caller records them with `recordSaved`, in the order of the mutations). With `onConflict` … DO NOTHING, a
 * skipped row is absent from the map.
 *
 * The rows travel as one JSON parameter, an array of rows of the values' text forms, each cast to its column's type
 * in the statement: the statement's text is short and the same for any number of rows, and nothing is built or sent
 * per value but its JSON. A multi-row `VALUES` took one parameter per value: about 1,300
 * for a batch's decisions, each serialised on its own, with a statement text of their placeholders to build and
 * for PostgreSQL to parse and plan every time.
 */
export async function insertEntities<Row extends MetaRow, Api extends Meta>(
  session: WriteSession,
  spec: EntitySpec<Row, Api>,
  rows: readonly { id: string; fields: Fields<Api> }[],
  onConflict = '',
): Promise<Map<string, Api>> {
  const sql = await insertStatement(session.tx, spec, onConflict);
  const json = JSON.stringify(rows.map(({ id, fields }) => [id, ...spec.toColumns(fields).map(textForm)]));
  const inserted = await guarded(spec, 'write', () =>
    session.tx.query<Row>(sql, [session.workspaceId, session.now, json]),
  );
  return new Map(inserted.map((row) => [row.id, spec.fromRow(row)]));
}

/** The statements of `insertEntities`, by table and conflict clause. */
const insertStatements = new Map<string, Promise<string>>();

/**
 * The column types come from the catalog, once per table and process: the schema (the migrations) is their one
 * place. A migration that changes a column's type takes a restart of the servers, as any schema change does.
 */
function insertStatement(db: Queryable, spec: EntitySpec<MetaRow, Meta>, onConflict: string): Promise<string> {
  const key = `${spec.table}\n${onConflict}`;
  let statement = insertStatements.get(key);
  if (!statement) {
    statement = db
      .query<{ name: string; type: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
         WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [spec.table],
      )
      .then((columns) => {
        const types = new Map(columns.map(({ name, type }) => [name, type]));
        const values = ['id', ...spec.columns].map((column, index) => {
          const type = types.get(column);
          if (!type) throw new Error(`${spec.table} has no column ${column}`);
          return `(r ->> ${index})::${type}`;
        });
        // Not prepared (see `named`): a migration of another process may change what RETURNING * returns.
        return `INSERT INTO ${spec.table} (workspace_id, id, ${spec.columns.join(', ')}, version, created_at, updated_at)
          SELECT $1, ${values.join(', ')}, 1, $2, $2 FROM jsonb_array_elements($3::jsonb) r
          ${onConflict} RETURNING *`;
      });
    insertStatements.set(key, statement);
    // A failed lookup (the database was away) is tried again by the next insert.
    statement.catch(() => insertStatements.delete(key));
  }
  return statement;
}

/**
 * A value as its column reads it from text, as node-postgres sends a parameter: null stays null, arrays become array
 * literals, dates ISO 8601 and other objects JSON (the specs pass JSON columns as text already).
 */
function textForm(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return arrayLiteral(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function arrayLiteral(values: readonly unknown[]): string {
  const elements = values.map((value) => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return arrayLiteral(value);
    return `"${(textForm(value) ?? '').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${elements.join(',')}}`;
}

/** Checks `baseVersion` (null: the caller has no base, e.g. a server-side bookkeeping write) and writes `fields`. */
export async function updateEntity<Row extends MetaRow, Api extends Meta>(
  session: WriteSession,
  spec: EntitySpec<Row, Api>,
  current: Api,
  baseVersion: number | null,
  fields: Fields<Api>,
): Promise<Api> {
  assertVersion(spec, current, baseVersion);
  const values = spec.toColumns(fields);
  const assignments = spec.columns.map((column, index) => `${column} = $${index + 5}`).join(', ');
  const [row] = await guarded(spec, 'write', () =>
    session.tx.query<Row>(
      `UPDATE ${spec.table} SET version = $3, updated_at = $4, ${assignments}
       WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [session.workspaceId, current.id, current.version + 1, session.now, ...values],
    ),
  );
  return recordUpsert(session, spec, row);
}

export async function deleteEntity<Row extends MetaRow, Api extends Meta>(
  session: WriteSession,
  spec: EntitySpec<Row, Api>,
  current: Api,
  baseVersion: number | null,
): Promise<number> {
  assertVersion(spec, current, baseVersion);
  await guarded(spec, 'delete', () =>
    session.tx.query(`DELETE FROM ${spec.table} WHERE workspace_id = $1 AND id = $2`, [
      session.workspaceId,
      current.id,
    ]),
  );
  session.record(spec.entity, current.id, { op: 'delete' });
  return current.version + 1;
}

function assertVersion(spec: { entity: EntityName; label: string }, current: Meta, baseVersion: number | null) {
  if (baseVersion !== null && baseVersion !== current.version) {
    throw new ApiError(
      'stale_version',
      `this ${spec.label} changed since version ${baseVersion}; the server has version ${current.version}`,
      { serverVersion: current.version, params: { subject: spec.entity } },
    );
  }
}

function recordUpsert<Row extends MetaRow, Api extends Meta>(
  session: WriteSession,
  spec: EntitySpec<Row, Api>,
  row: Row | undefined,
): Api {
  if (!row) throw new Error(`${spec.table}: a write returned no row`);
  return recordSaved(session, spec, spec.fromRow(row));
}

/** Stages the saved state of an entity for the feed. */
export function recordSaved<Api extends Meta>(session: WriteSession, spec: { entity: EntityName }, api: Api): Api {
  session.record(spec.entity, api.id, { op: 'upsert', data: api });
  return api;
}
