/**
 * What the live streams learn from the rest of the server: a write committed (a workspace's newest seq moved) and
 * tokens revoked. Inside this process the news goes straight to the observers of the database; PostgreSQL also
 * carries it to the other server processes with NOTIFY (see listener.ts). PGlite has one process, so it needs none.
 */
import type { Database } from '../db/database.ts';

/** `<workspace id>:<seq>` after each committed write. */
export const CHANGES_CHANNEL = 'hallway_changes';
/** Comma-separated token ids whose streams must close. */
export const REVOKED_CHANNEL = 'hallway_revoked';
/** NOTIFY payloads must stay under 8000 bytes: 150 UUIDs and their commas take 5,550. */
const REVOKED_PER_NOTIFY = 150;

export interface LiveObserver {
  changed(workspaceId: string, seq: string): void;
  revoked(tokenIds: readonly string[]): void;
}

const observers = new WeakMap<object, Set<LiveObserver>>();

/** Observes this process's commits and revocations on `db`; returns the function that stops observing. */
export function observeLive(db: Database, observer: LiveObserver): () => void {
  let set = observers.get(db);
  if (!set) {
    set = new Set();
    observers.set(db, set);
  }
  set.add(observer);
  return () => set.delete(observer);
}

/** Tells this process's observers; `writeInWorkspace` calls it once its transaction committed. */
export function announceCommitted(db: Database, workspaceId: string, seq: string): void {
  for (const observer of observers.get(db) ?? []) observer.changed(workspaceId, seq);
}

/**
 * What a write transaction on PostgreSQL sends with `pg_notify(channel, payload)` once it knows its newest seq
 * (session.ts sends it in the statement that writes the feed): NOTIFY is delivered to the other processes when (and
 * only if) the transaction commits. It works through PgBouncer in transaction mode (only LISTEN does not). A NOTIFY
 * takes a global lock at commit, which serialises commits: fine at Hallway's write rates (one per write
 * transaction). PGlite has one process: undefined.
 */
export function commitNotice(
  db: Database,
  workspaceId: string,
  seq: string,
): { channel: string; payload: string } | undefined {
  return db.kind === 'postgres' ? { channel: CHANGES_CHANNEL, payload: `${workspaceId}:${seq}` } : undefined;
}

/**
 * THE hook for token revocation and person deactivation: call it once the revocation has committed, with the ids
 * of every token that stopped being valid. The event streams of those tokens close at once, in this process and
 * (PostgreSQL) in every other server process. A revocation that never calls it (another tool writing the table)
 * still closes the streams within the periodic token check (`TOKEN_CHECK_MS` in listener.ts).
 */
export async function streamsRevoked(db: Database, tokenIds: readonly string[]): Promise<void> {
  if (tokenIds.length === 0) return;
  for (const observer of observers.get(db) ?? []) observer.revoked(tokenIds);
  if (db.kind !== 'postgres') return;
  for (let start = 0; start < tokenIds.length; start += REVOKED_PER_NOTIFY) {
    const chunk = tokenIds.slice(start, start + REVOKED_PER_NOTIFY).join(',');
    await db.query('SELECT pg_notify($1, $2)', [REVOKED_CHANNEL, chunk]);
  }
}
