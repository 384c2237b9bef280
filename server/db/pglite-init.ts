/**
 * Creates a PGlite cluster in the data folder given as the only argument, then exits. PGlite's initdb runs two extra
 * WASM instances next to the database's own (about 1 GB at its peak); doing it in this short-lived process keeps
 * that peak out of the long-running server, which then only opens the finished cluster.
 */
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node server/db/pglite-init.ts <data folder>');
const pg = await PGlite.create(dataDir);
await pg.close();
