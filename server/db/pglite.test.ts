import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { isUnavailable, sqlStateOf } from './errors.ts';
import { openPglite } from './pglite.ts';

let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function open(): Promise<Database> {
  db = await openPglite();
  await db.query('CREATE TABLE notes (id int PRIMARY KEY, title text NOT NULL)');
  return db;
}

/** How many times a 1 ms timer of the server's thread fired while `work` ran. */
async function ticksDuring(work: Promise<unknown>): Promise<number> {
  let ticks = 0;
  let running = true;
  const ticking = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      ticks++;
    }
  })();
  await work.finally(() => {
    running = false;
  });
  await ticking;
  return ticks;
}

describe('PGlite on its own thread', () => {
  it("leaves the server's thread free while a query runs", async () => {
    const database = await open();
    // Most of a second of PostgreSQL's work in one statement: on the server's thread, no timer would fire meanwhile
    // (one at most, before the query starts).
    const heavy = database.query('SELECT count(*) FROM generate_series(1, 3000000) AS n WHERE n % 7 = 3');
    expect(await ticksDuring(heavy)).toBeGreaterThan(10);
    expect(await heavy).toEqual([{ count: '428572' }]);
  });

  it('commits a transaction that resolves and rolls back one that throws, with what it threw', async () => {
    const database = await open();
    await database.transaction(async (tx) => {
      await tx.query('INSERT INTO notes VALUES (1, $1)', ['kept']);
    });
    const refusal = new Error('changed my mind');
    await expect(
      database.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES (2, $1)', ['dropped']);
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await database.query('SELECT id, title FROM notes ORDER BY id')).toEqual([{ id: 1, title: 'kept' }]);
  });

  it('runs a query from outside an open transaction after it, never inside it', async () => {
    const database = await open();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writing = database.transaction(async (tx) => {
      await tx.query('INSERT INTO notes VALUES (3, $1)', ['inside']);
      await held;
      throw new Error('rolled back');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = database.query('SELECT count(*)::int AS n FROM notes');
    release();
    await expect(writing).rejects.toThrow('rolled back');
    expect(await outside).toEqual([{ n: 0 }]);
  });

  it("keeps PostgreSQL's fields on an error across the thread, as server/db/errors.ts reads them", async () => {
    const database = await open();
    await database.query('INSERT INTO notes VALUES (4, $1)', ['first']);
    const duplicate = await database.query('INSERT INTO notes VALUES (4, $1)', ['again']).catch((error) => error);
    expect(duplicate).toBeInstanceOf(Error);
    expect(sqlStateOf(duplicate)).toBe('23505');
    expect(duplicate).toMatchObject({ constraint: 'notes_pkey', table: 'notes' });
    // Failing inside a transaction aborts it: the next statement of that transaction is refused, and the
    // transaction as a whole with the first error.
    await expect(
      database.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES (4, $1)', ['again']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await database.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 1 }]);
  });

  it('refuses calls once closed, as a database that went away', async () => {
    const database = await open();
    await database.close();
    db = undefined;
    const refused = await database.query('SELECT 1').catch((error) => error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain('PGlite is closed');
    expect(isUnavailable(refused)).toBe(false);
  });

  it('tells each listener of a channel once, and a channel listened to again after its last listener left', async () => {
    const database = await open();
    const { pglite } = database.driver as { kind: 'pglite'; pglite: import('./database.ts').PgliteCalls };
    const heard: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Both listen while a transaction is open: PGlite's LISTEN waits for it.
    const writing = database.transaction(() => held);
    const listening = [
      pglite.listen('jobs', (payload) => heard.push(`a:${payload}`)),
      pglite.listen('jobs', (payload) => heard.push(`b:${payload}`)),
    ];
    release();
    await writing;
    const [stopA, stopB] = await Promise.all(listening);
    await database.query("SELECT pg_notify('jobs', 'one')");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard.sort()).toEqual(['a:one', 'b:one']);
    await stopA?.();
    await stopB?.();
    const again = await pglite.listen('jobs', (payload) => heard.push(`c:${payload}`));
    await database.query("SELECT pg_notify('jobs', 'two')");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard.filter((entry) => entry.endsWith('two'))).toEqual(['c:two']);
    await again();
  });

  it('keeps no process alive while idle: a script that never closes it still ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallway-pglite-'));
    const script = join(dir, 'never-closes.mjs');
    writeFileSync(
      script,
      `import { openPglite } from ${JSON.stringify(join(import.meta.dirname, 'pglite.ts'))};
      const db = await openPglite();
      console.log(JSON.stringify(await db.query('SELECT 1 AS one')));`,
    );
    try {
      const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
      expect(run.stdout.trim()).toBe('[{"one":1}]');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
