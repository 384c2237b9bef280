/**
 * The server's floors (issue 19): what the database alone allows for the push and the pull, measured on the very
 * rows the benchmark's push just wrote, in the same database, right after the server has stopped.
 *
 * - Push floor: every row the push wrote (entities, the change log, the applied mutations), copied by plain
 *   batched multi-row `INSERT`s (one per table per batch, one transaction per batch, as many batches and writers as
 *   the push) into twins of the tables with the same columns, defaults, checks and indexes (no foreign keys, no
 *   triggers). No HTTP, no validation, no JSON, no domain logic.
 * - Pull floor: the same pages (same size, same cursors) read by one plain `SELECT` each from `changes`, one page
 *   at a time: what the database needs to produce a page. Not by 50 concurrent pullers: the server answers them
 *   from its page cache (server/domain/pull-cache.ts), so 50 concurrent SELECTs would measure queueing for the pool,
 *   not a floor.
 */
import type { Database } from '../../server/db/database.ts';
import { percentile } from './format.ts';

/** Tables the bootstrap writes, not the push. */
const NOT_PUSHED = new Set(['workspaces', 'users', 'api_tokens']);

interface Table {
  name: string;
  columns: string[];
  rows: (string | null)[][];
}

async function pushedTables(db: Database, workspaceId: string): Promise<Table[]> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name IN (
       SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'workspace_id')
     ORDER BY table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of columns) {
    if (NOT_PUSHED.has(table_name) || table_name.startsWith('floor_')) continue;
    byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
  }
  const tables: Table[] = [];
  for (const [name, names] of byTable) {
    const select = names.map((column, index) => `"${column}"::text AS c${index}`).join(', ');
    const rows = await db.query<Record<string, string | null>>(
      `SELECT ${select} FROM "${name}" WHERE workspace_id = $1 ORDER BY ctid`,
      [workspaceId],
    );
    if (rows.length > 0)
      tables.push({ name, columns: names, rows: rows.map((row) => names.map((_, index) => row[`c${index}`] ?? null)) });
  }
  return tables;
}

/** The push's floor in mutations/s: `mutations` worth of the pushed rows inserted in `batches` by `writers`. */
export async function pushFloor(
  db: Database,
  workspaceId: string,
  mutations: number,
  batches: number,
  writers: number,
): Promise<number> {
  const tables = await pushedTables(db, workspaceId);
  if (tables.length === 0) throw new Error('the push wrote no rows to copy');
  for (const table of tables) {
    await db.query(`DROP TABLE IF EXISTS "floor_${table.name}"`);
    await db.query(
      `CREATE TABLE "floor_${table.name}" (LIKE "${table.name}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
    );
  }
  // Batch b takes the b-th slice of every table: each batch carries its share of each kind of row, as a push does.
  const statements = Array.from({ length: batches }, (_, batch) =>
    tables.flatMap((table) => {
      const size = Math.ceil(table.rows.length / batches);
      const rows = table.rows.slice(batch * size, (batch + 1) * size);
      if (rows.length === 0) return [];
      const width = table.columns.length;
      const values = rows
        .map((_, row) => `(${table.columns.map((_, column) => `$${row * width + column + 1}`).join(', ')})`)
        .join(', ');
      const sql = `INSERT INTO "floor_${table.name}" (${table.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`;
      return [{ sql, params: rows.flat() }];
    }),
  );
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let batch = next++; batch < statements.length; batch = next++) {
        await db.transaction(async (tx) => {
          for (const { sql, params } of statements[batch] ?? []) await tx.query(sql, params);
        });
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const table of tables) await db.query(`DROP TABLE "floor_${table.name}"`);
  return mutations / seconds;
}

/** The pull's floor: `walks` walks of the feed in pages of `limit`, one after another, one plain SELECT a page. */
export async function pullFloor(
  db: Database,
  workspaceId: string,
  limit: number,
  walks: number,
): Promise<{ p50: number; p99: number; changes: number }> {
  await db.query('ANALYZE changes');
  const latencies: number[] = [];
  let fewest = Number.POSITIVE_INFINITY;
  for (let walk = 0; walk < walks; walk++) {
    let cursor = '0';
    let changes = 0;
    for (let more = true; more; ) {
      const start = performance.now();
      const rows = await db.query<{ seq: string }>(
        `SELECT seq, entity, entity_id, op, data::text AS data FROM changes
         WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [workspaceId, cursor, limit + 1],
      );
      latencies.push(performance.now() - start);
      const page = rows.slice(0, limit);
      changes += page.length;
      cursor = page.at(-1)?.seq ?? cursor;
      more = rows.length > limit;
    }
    fewest = Math.min(fewest, changes);
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), changes: fewest };
}
