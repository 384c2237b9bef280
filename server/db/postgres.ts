import pg from 'pg';
import { DATE_OID, type Database, INT8_OID, keepText, type Queryable, statementName } from './database.ts';

const parsers = new Map<number, (value: string) => unknown>([
  [DATE_OID, keepText],
  [INT8_OID, keepText],
]);

export interface PostgresOptions {
  /**
   * Statements marked with `named` (database.ts) are prepared once per connection under their name. Only safe when
   * every connection is PostgreSQL's own: behind PgBouncer 1.18 in transaction mode, a transaction may run on a
   * server connection that never prepared the name ("prepared statement … does not exist"). Off by default.
   */
  preparedStatements?: boolean;
}

/** A PostgreSQL server through a node-postgres pool; the server keeps no other state, so it scales out. */
export function openPostgres(connectionString: string, poolSize = 10, options: PostgresOptions = {}): Database {
  const prepared = options.preparedStatements ?? false;
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers.get(oid) ?? pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server ends (a restart, a failover, an administrator) is reported here; without a
  // listener it would be an uncaught exception and take the whole process down. The pool has already dropped it
  // and opens a new one for the next query.
  pool.on('error', (error) => {
    console.error(`PostgreSQL closed an idle connection (${error.message}); the next query opens a new one`);
  });
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      try {
        const name = prepared ? statementName(sql) : undefined;
        const values = [...params];
        const result = await (name ? client.query<Row>({ name, text: sql, values }) : client.query<Row>(sql, values));
        return result.rows;
      } catch (error) {
        // As PGlite does: the statement goes with the error, so a log line can name it (see describeError).
        if (error instanceof Error && !('query' in error)) Object.assign(error, { query: sql });
        throw error;
      }
    },
  });
  return {
    kind: 'postgres',
    driver: { kind: 'postgres', pool },
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client has no listener of the pool's: a connection PostgreSQL ends mid-transaction (a restart,
      // a failover, an idle-in-transaction timeout, an administrator) would be an unhandled 'error' event and end the
      // process. The query in flight, or the next one, fails on its own; the connection is then destroyed.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on('error', onError);
      // A connection whose ROLLBACK failed is in an unknown state: destroy it instead of returning it to the pool.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (!lost) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
        }
        throw error;
      } finally {
        client.removeListener('error', onError);
        client.release(lost ?? broken);
      }
    },
    close: () => pool.end(),
  };
}
