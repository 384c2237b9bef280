import { PGlite } from '@electric-sql/pglite';
import { DATE_OID, type Database, INT8_OID, keepText, type Queryable } from './database.ts';

/**
 * Embedded PostgreSQL. `dataDir` undefined keeps everything in memory (tests). Durability is PGlite's default:
 * `relaxedDurability` stays off so an acknowledged write has been flushed to the data folder.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = await PGlite.create(dataDir, { parsers: { [DATE_OID]: keepText, [INT8_OID]: keepText } });
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, [...params]);
      return result.rows;
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}
