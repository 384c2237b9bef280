/**
 * Where the server's time goes, in figures the machine's load does not change (issue 19, point 4): the statements
 * and transactions one push batch and one pull page take, counted in-process on the benchmark's own database, and
 * the CPU time PostgreSQL's backends spend for the benchmark's database, read from /proc like the server's.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { createApp } from '../../server/app.ts';
import type { Database, Queryable } from '../../server/db/database.ts';
import type { Mutation } from '../../utils/contract.ts';

export interface StatementCounts {
  pushStatementsPerBatch: number;
  pushTransactionsPerBatch: number;
  pullStatementsPerPage: number;
}

/**
 * Pushes `batches` batches one after another (one transaction each: nothing to group with) and loads `pages` pull
 * pages with the page cache off, through the app in this process on `db`, counting what reaches the database.
 */
export async function countStatements(
  db: Database,
  token: string,
  batchOf: (batch: number) => Mutation[],
  options: { batches: number; pages: number; pageSize: number },
): Promise<StatementCounts> {
  let statements = 0;
  let transactions = 0;
  const counted = (target: Queryable): Queryable => ({
    query: (sql, params) => {
      statements += 1;
      return target.query(sql, params);
    },
  });
  const counting: Database = {
    ...db,
    ...counted(db),
    transaction: (fn) => {
      transactions += 1;
      // BEGIN and COMMIT are statements too.
      statements += 2;
      return db.transaction((tx) => fn(counted(tx)));
    },
  };
  const app = createApp({ db: counting, rateLimit: false, pullCacheBytes: 0 });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await app.request(path, { ...init, headers });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return response;
  };
  // The token is looked up once, then cached: that lookup belongs to no batch.
  await call('/v1/me');
  statements = 0;
  transactions = 0;
  for (let batch = 0; batch < options.batches; batch++) {
    await call('/v1/mutations', { method: 'POST', body: JSON.stringify({ mutations: batchOf(batch) }) });
  }
  const push = { statements, transactions };
  statements = 0;
  let next: string | null = `/v1/sync?cursor=0&limit=${options.pageSize}`;
  for (let page = 0; page < options.pages && next; page++) {
    const response = await call(next);
    await response.arrayBuffer();
    next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
  }
  return {
    pushStatementsPerBatch: push.statements / options.batches,
    pushTransactionsPerBatch: push.transactions / options.batches,
    pullStatementsPerPage: statements / options.pages,
  };
}

/**
 * The CPU time (user + system, seconds) of the PostgreSQL backends connected to the database of `url` now, or
 * undefined when PostgreSQL runs elsewhere (its processes are not in this machine's /proc).
 */
export async function databaseCpuSeconds(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    let ticks = 0;
    for (const { pid } of rows) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
      if (stat === undefined) return undefined;
      const fields = stat.split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } finally {
    await client.end();
  }
}
