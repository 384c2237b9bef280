import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DATE_OID, type Database, INT8_OID, keepText, type Queryable } from './database.ts';
import { type FolderLock, lockDataFolder } from './pglite-lock.ts';

/**
 * PGlite keeps PostgreSQL's shared buffers inside its WASM heap, which the process never gives back: the default
 * 128 MB would all become resident as the data is read. PGlite reads the data folder through the file system, so
 * the kernel's page cache serves what no longer fits, outside the server's memory. 8 MB pushed as fast as 16 MB in
 * the benchmark, 8 MB lighter.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB', '-c', 'work_mem=2MB'];

/**
 * Embedded PostgreSQL. `dataDir` undefined keeps everything in memory (tests). Durability is PGlite's default:
 * `relaxedDurability` stays off so an acknowledged write has been flushed to the data folder. A data folder is
 * locked for this process until `close()` (see pglite-lock.ts): a second process gets DataFolderLockedError.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const lock: FolderLock | undefined = dataDir === undefined ? undefined : lockDataFolder(dataDir);
  let pg: PGlite;
  try {
    if (dataDir !== undefined) await ensureCluster(dataDir);
    pg = await PGlite.create(dataDir, {
      parsers: { [DATE_OID]: keepText, [INT8_OID]: keepText },
      startParams: START_PARAMS,
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, [...params]);
      return result.rows;
    },
  });
  return {
    kind: 'pglite',
    driver: { kind: 'pglite', pglite: pg },
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Runs initdb in a child process when the folder holds no cluster yet (see pglite-init.ts). */
async function ensureCluster(dataDir: string): Promise<void> {
  const exists = await access(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (exists) return;
  const child = spawn(process.execPath, [join(import.meta.dirname, 'pglite-init.ts'), dataDir], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`creating the PGlite cluster in ${dataDir} failed (exit code ${code})`);
}
