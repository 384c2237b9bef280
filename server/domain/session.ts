import type { EntityName } from '../../utils/contract.ts';
import type { Database, Queryable } from '../db/database.ts';
import { announceCommitted, notifyCommit } from '../live/signals.ts';
import type { Actor } from './actor.ts';
import { ApiError } from './errors.ts';

export type Clock = () => Date;

interface PendingChange {
  entity: EntityName;
  entity_id: string;
  seq: string;
  op: 'upsert' | 'delete';
  data: object | null;
}

/**
 * One write transaction in one workspace. It holds the workspace row lock from its first statement, so sequence
 * numbers are handed out in commit order and a puller never skips a change that commits late. Changes are staged
 * and written to the feed in one statement at the end.
 */
export class WriteSession {
  readonly tx: Queryable;
  readonly actor: Actor;
  readonly now: string;
  #lastSeq: bigint;
  #pending = new Map<string, PendingChange>();
  #staged: PendingChange[] | undefined;
  #savepoints = 0;

  constructor(tx: Queryable, actor: Actor, now: string, lastSeq: bigint) {
    this.tx = tx;
    this.actor = actor;
    this.now = now;
    this.#lastSeq = lastSeq;
  }

  get workspaceId() {
    return this.actor.workspaceId;
  }

  record(entity: EntityName, id: string, change: { op: 'upsert'; data: object } | { op: 'delete' }): void {
    this.#lastSeq += 1n;
    const pending: PendingChange = {
      entity,
      entity_id: id,
      seq: this.#lastSeq.toString(),
      op: change.op,
      data: change.op === 'upsert' ? change.data : null,
    };
    if (this.#staged) this.#staged.push(pending);
    else this.#keep(pending);
  }

  /** Runs `fn` behind a savepoint: when it throws, its writes and staged changes are undone and the session goes on. */
  async attempt<T>(fn: () => Promise<T>): Promise<T> {
    const name = `attempt_${++this.#savepoints}`;
    const staged: PendingChange[] = [];
    this.#staged = staged;
    await this.tx.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await this.tx.query(`RELEASE SAVEPOINT ${name}`);
      for (const change of staged) this.#keep(change);
      return result;
    } catch (error) {
      await this.tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    } finally {
      this.#staged = undefined;
    }
  }

  #keep(change: PendingChange) {
    // The feed keeps one row per entity, so only the latest change of this transaction matters.
    this.#pending.set(`${change.entity}:${change.entity_id}`, change);
  }

  /** The workspace's newest seq once flushed; undefined when this session changed nothing. */
  get newestSeq(): string | undefined {
    return this.#pending.size === 0 ? undefined : this.#lastSeq.toString();
  }

  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    await this.tx.query(
      `INSERT INTO changes (workspace_id, entity, entity_id, seq, op, data)
       SELECT $1, c.entity, c.entity_id, c.seq, c.op, c.data
       FROM jsonb_to_recordset($2::jsonb) AS c(entity text, entity_id uuid, seq bigint, op text, data jsonb)
       ON CONFLICT (workspace_id, entity, entity_id)
       DO UPDATE SET seq = excluded.seq, op = excluded.op, data = excluded.data`,
      [this.workspaceId, JSON.stringify([...this.#pending.values()])],
    );
    await this.tx.query('UPDATE workspaces SET last_seq = $2 WHERE id = $1', [
      this.workspaceId,
      this.#lastSeq.toString(),
    ]);
  }
}

/**
 * Runs `fn` in a transaction that owns the workspace's write lock, then writes the staged changes to the feed. Once
 * it committed, the live streams of every server process are told the workspace's newest seq (see live/signals.ts).
 */
export async function writeInWorkspace<T>(
  db: Database,
  actor: Actor,
  clock: Clock,
  fn: (session: WriteSession) => Promise<T>,
): Promise<T> {
  let committed: string | undefined;
  const result = await db.transaction(async (tx) => {
    // The user's status is read under the workspace's lock, which a deactivation takes too: a write of someone
    // deactivated is refused whole, even when their token is still in a server's token cache.
    // (A seeding actor is no user of the workspace: it finds no status and is let through.)
    const [workspace] = await tx.query<{ last_seq: string; status: string | null }>(
      `SELECT w.last_seq, u.status FROM workspaces w LEFT JOIN users u ON u.workspace_id = w.id AND u.id = $2
       WHERE w.id = $1 FOR UPDATE OF w`,
      [actor.workspaceId, actor.userId],
    );
    if (!workspace) throw new ApiError('unauthorized', 'the workspace of this token no longer exists');
    if (workspace.status === 'deactivated') {
      throw new ApiError('account_deactivated', 'this account was deactivated by an admin of the workspace');
    }
    const session = new WriteSession(tx, actor, clock().toISOString(), BigInt(workspace.last_seq));
    const result = await fn(session);
    await session.flush();
    committed = session.newestSeq;
    if (committed !== undefined) await notifyCommit(db, tx, actor.workspaceId, committed);
    return result;
  });
  if (committed !== undefined) announceCommitted(db, actor.workspaceId, committed);
  return result;
}
