import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database.ts';

const migrationsDir = join(import.meta.dirname, 'migrations');
/** Any constant works; it only has to be the same for every server that migrates this database. */
const MIGRATION_LOCK_KEY = 7_414_151;

/**
 * Applies the pending `NNN_name.sql` files in order, all in one transaction, and records each one. `before` stops
 * short of that file (tests of a migration set up the data of the schema before it).
 */
export async function migrate(db: Database, options: { before?: string } = {}): Promise<string[]> {
  const { before } = options;
  const files = (await readdir(migrationsDir))
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file) && (before === undefined || file < before))
    .sort();
  return db.transaction(async (tx) => {
    // Several servers may start at once against one PostgreSQL: the first migrates, the others wait and find it done.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
    const applied: string[] = [];
    for (const file of files.filter((name) => !done.has(name))) {
      for (const statement of splitStatements(await readFile(join(migrationsDir, file), 'utf8'))) {
        await tx.query(statement);
      }
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}

/**
 * Migrations hold no string literals with `;` or `--`, so a statement ends at a `;` outside a dollar-quoted
 * function body (`$$ … $$`, whose statements end in `;` too) and a comment runs to the end of its line.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  // Even parts lie outside dollar quotes, odd parts are function bodies.
  sql
    .replace(/--[^\n]*/g, '')
    .split('$$')
    .forEach((part, index) => {
      if (index % 2 === 1) {
        current += `$$${part}$$`;
        return;
      }
      const [first = '', ...rest] = part.split(';');
      current += first;
      for (const piece of rest) {
        statements.push(current);
        current = piece;
      }
    });
  statements.push(current);
  return statements.map((statement) => statement.trim()).filter(Boolean);
}
