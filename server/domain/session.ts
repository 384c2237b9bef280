import type { EntityName, MutationResult } from '../../utils/contract.ts';
import { type Database, named, type Queryable } from '../db/database.ts';
import { announceCommitted, commitNotice } from '../live/signals.ts';
import type { Actor } from './actor.ts';
import { ApiError } from './errors.ts';

export type Clock = () => Date;

/** A client mutation id with its answer, recorded with the feed in the session's last statement. */
export interface RecordedMutation {
  mutation_id: string;
  payload_hash: string;
  result: object;
}

interface PendingChange {
  entity: EntityName;
  entity_id: string;
  seq: string;
  op: 'upsert' | 'delete';
  data: object | null;
}

/** What the sessions of one transaction share: the seq counter and the changes and mutation ids still to write. */
class Feed {
  lastSeq: bigint;
  readonly pending = new Map<string, PendingChange>();
  staged: PendingChange[] | undefined;
  recorded: RecordedMutation[] = [];
  savepoints = 0;

  constructor(lastSeq: bigint) {
    this.lastSeq = lastSeq;
  }

  keep(change: PendingChange) {
    // The feed keeps one row per entity, so only the latest change of this transaction matters.
    this.pending.set(`${change.entity}:${change.entity_id}`, change);
  }
}

/**
 * One write transaction in one workspace, as one actor. It holds the workspace row lock from its first statement,
 * so sequence numbers are handed out in commit order and a puller never skips a change that commits late. Changes
 * are staged and written to the feed in one statement at the end. Several actors' sessions may share one
 * transaction (`writeAsActors`): each writes as itself, into the one feed.
 */
export class WriteSession {
  readonly tx: Queryable;
  readonly actor: Actor;
  readonly now: string;
  readonly #feed: Feed;

  constructor(tx: Queryable, actor: Actor, now: string, feed: Feed) {
    this.tx = tx;
    this.actor = actor;
    this.now = now;
    this.#feed = feed;
  }

  get workspaceId() {
    return this.actor.workspaceId;
  }

  record(entity: EntityName, id: string, change: { op: 'upsert'; data: object } | { op: 'delete' }): void {
    const feed = this.#feed;
    feed.lastSeq += 1n;
    const pending: PendingChange = {
      entity,
      entity_id: id,
      seq: feed.lastSeq.toString(),
      op: change.op,
      data: change.op === 'upsert' ? change.data : null,
    };
    if (feed.staged) feed.staged.push(pending);
    else feed.keep(pending);
  }

  /** Runs `fn` behind a savepoint: when it throws, its writes and staged changes are undone and the session goes on. */
  async attempt<T>(fn: () => Promise<T>): Promise<T> {
    const feed = this.#feed;
    const name = `attempt_${++feed.savepoints}`;
    const staged: PendingChange[] = [];
    feed.staged = staged;
    await this.tx.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await this.tx.query(`RELEASE SAVEPOINT ${name}`);
      for (const change of staged) feed.keep(change);
      return result;
    } catch (error) {
      await this.tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    } finally {
      feed.staged = undefined;
    }
  }

  /** Records client mutation ids with their answers; they are written with the feed, in `flush`'s one statement. */
  recordMutations(recorded: readonly RecordedMutation[]): void {
    this.#feed.recorded.push(...recorded);
  }

  /** The workspace's newest seq once flushed; undefined when this transaction changed nothing. */
  get newestSeq(): string | undefined {
    return this.#feed.pending.size === 0 ? undefined : this.#feed.lastSeq.toString();
  }

  /**
   * Writes the staged changes to the feed, the workspace's newest seq and the recorded mutation ids: one statement
   * (data-modifying CTEs), since the workspace's write lock is held until the commit and every round trip under it
   * is time the workspace's other writers wait. `notify` (PostgreSQL, see live/signals.ts) is sent by that same
   * statement, for the newest seq (`newestSeq`), when there are changes.
   */
  async flush(notify?: (newestSeq: string) => { channel: string; payload: string } | undefined): Promise<void> {
    const feed = this.#feed;
    const recorded = feed.recorded;
    feed.recorded = [];
    if (feed.pending.size === 0 && recorded.length === 0) return;
    const notice = feed.pending.size > 0 ? notify?.(feed.lastSeq.toString()) : undefined;
    const params: unknown[] = [this.workspaceId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const statements: string[] = [];
    if (recorded.length > 0) {
      statements.push(`INSERT INTO applied_mutations (workspace_id, mutation_id, payload_hash, result, created_at)
         SELECT $1, m.mutation_id, m.payload_hash, m.result, ${param(this.now)}
         FROM jsonb_to_recordset(${param(JSON.stringify(recorded))}::jsonb)
           AS m(mutation_id uuid, payload_hash text, result jsonb)`);
    }
    if (feed.pending.size > 0) {
      statements.push(`INSERT INTO changes (workspace_id, entity, entity_id, seq, op, data)
         SELECT $1, c.entity, c.entity_id, c.seq, c.op, c.data
         FROM jsonb_to_recordset(${param(JSON.stringify([...feed.pending.values()]))}::jsonb)
           AS c(entity text, entity_id uuid, seq bigint, op text, data jsonb)
         ON CONFLICT (workspace_id, entity, entity_id)
         DO UPDATE SET seq = excluded.seq, op = excluded.op, data = excluded.data`);
      statements.push(`UPDATE workspaces SET last_seq = ${param(feed.lastSeq.toString())} WHERE id = $1`);
    }
    if (notice) statements.push(`SELECT pg_notify(${param(notice.channel)}, ${param(notice.payload)})`);
    const last = statements.pop();
    const ctes = statements.map((statement, index) => `write_${index} AS (${statement})`);
    // One text per combination of parts, so a few: each is prepared once per connection where that is safe.
    const shape = `${recorded.length > 0 ? 'm' : ''}${feed.pending.size > 0 ? 'c' : ''}${notice ? 'n' : ''}`;
    const sql = named(`hallway_flush_${shape}`, ctes.length > 0 ? `WITH ${ctes.join(', ')} ${last}` : `${last}`);
    await this.tx.query(sql, params);
  }
}

/** A mutation id's first answer, as recorded. */
export interface Recorded {
  hash: string;
  result: MutationResult;
}

/** What a transaction of several actors starts with, read under the workspace's write lock. */
export interface ActorsWrite {
  /** Per actor, in order: its session, or why it may not write (deactivated). */
  sessions: (WriteSession | ApiError)[];
  /** The recorded answers of the mutation ids asked for. */
  recorded: Map<string, Recorded>;
}

const deactivated = () =>
  new ApiError('account_deactivated', 'this account was deactivated by an admin of the workspace');

/**
 * Takes the workspace's write lock and reads, under it, the deactivated among `$2` and the recorded answers of the
 * mutation ids `$3`: one round trip (migration 015's write_lock; its reads see what was committed before the lock
 * was granted). No row when the workspace does not exist.
 */
const WRITE_LOCK = named(
  'hallway_write_lock',
  'SELECT last_seq, deactivated, recorded FROM write_lock($1, $2::uuid[], $3::uuid[])',
);

/**
 * Runs `fn` in one transaction that owns the workspace's write lock, with one session per actor (all of the
 * workspace `workspaceId`), then writes the staged changes to the feed. Each actor's status is read under the lock,
 * which a deactivation takes too: a write of someone deactivated is refused whole, even when their token is still in
 * a server's token cache. (A seeding actor is no user of the workspace: it finds no status and is let through.)
 * The status and the recorded mutation ids are read, in the statement that takes the lock, by a statement of its
 * function after the lock is granted, so they are what was committed before that, not what the call's snapshot
 * saw while it waited.
 * Once it committed, the live streams of every server process are told the workspace's newest seq (see
 * live/signals.ts).
 */
export async function writeAsActors<T>(
  db: Database,
  workspaceId: string,
  actors: readonly Actor[],
  clock: Clock,
  mutationIds: readonly string[],
  fn: (write: ActorsWrite) => Promise<T>,
): Promise<T> {
  let committed: string | undefined;
  const result = await db.transaction(async (tx) => {
    const [workspace] = await tx.query<{
      last_seq: string;
      deactivated: string[] | null;
      recorded: { mutation_id: string; payload_hash: string; result: MutationResult }[] | null;
    }>(WRITE_LOCK, [workspaceId, [...new Set(actors.map((actor) => actor.userId))], mutationIds]);
    if (!workspace) throw new ApiError('unauthorized', 'the workspace of this token no longer exists');
    const refused = new Set(workspace.deactivated ?? []);
    const recorded = new Map(
      (workspace.recorded ?? []).map((row) => [row.mutation_id, { hash: row.payload_hash, result: row.result }]),
    );
    const feed = new Feed(BigInt(workspace.last_seq));
    const now = clock().toISOString();
    const sessions = actors.map((actor) =>
      refused.has(actor.userId) ? deactivated() : new WriteSession(tx, actor, now, feed),
    );
    const result = await fn({ sessions, recorded });
    const flusher = new WriteSession(tx, actors[0] as Actor, now, feed);
    await flusher.flush((seq) => commitNotice(db, workspaceId, seq));
    committed = flusher.newestSeq;
    return result;
  });
  if (committed !== undefined) announceCommitted(db, workspaceId, committed);
  return result;
}

/** `writeAsActors` with one actor, refused whole when that actor may not write. */
export async function writeInWorkspace<T>(
  db: Database,
  actor: Actor,
  clock: Clock,
  fn: (session: WriteSession) => Promise<T>,
): Promise<T> {
  return writeAsActors(db, actor.workspaceId, [actor], clock, [], async ({ sessions: [session] }) => {
    if (!session || session instanceof ApiError) throw session ?? deactivated();
    return fn(session);
  });
}
