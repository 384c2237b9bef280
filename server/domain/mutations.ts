import { createHash } from 'node:crypto';
import {
  describeIssues,
  type EntityName,
  type Mutation,
  type MutationResult,
  zMutation,
} from '../../utils/contract.ts';
import type { Database } from '../db/database.ts';
import { describeError } from '../db/errors.ts';
import type { Actor } from './actor.ts';
import { createDecision, linkDecisionItems, transitionDecision } from './decisions.ts';
import { ApiError, answerFor } from './errors.ts';
import { createGoal, deleteGoal, updateGoal } from './goals.ts';
import { InsertRun, type RunResult } from './insert-run.ts';
import { upsertItem } from './items.ts';
import { createLink, deleteLink } from './links.ts';
import { createNote } from './notes.ts';
import { reviewEntity } from './reviews.ts';
import { createRule, deleteRule, updateRule } from './rules.ts';
import { type Clock, type Recorded, type RecordedMutation, WriteSession, writeAsActors } from './session.ts';
import { createTeam, deleteTeam, updateTeam } from './teams.ts';

/** A batch element whose envelope is sound: an object with a UUID `mutationId`, the rest still unchecked. */
export interface RawMutation {
  mutationId: string;
  [field: string]: unknown;
}

interface Effect {
  entity: EntityName;
  id: string;
  version: number;
}

type Parsed = { ok: true; mutation: Mutation; hash: string } | { ok: false; result: MutationResult };

/** Thrown on the fast path when a mutation fails: the batch is rolled back and run again with savepoints. */
class NeedsIsolation extends Error {}

type Mode = 'fast' | 'isolated';

/** A batch waiting for its workspace's write lock. */
interface Waiting {
  actor: Actor;
  clock: Clock;
  parsed: Parsed[];
  resolve: (results: MutationResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * How many mutations one transaction takes at most when batches of one workspace wait together: enough that a
 * burst of clients (a team's first sync, everyone's outbox after an outage) shares few lock holds, few enough that
 * a REST write waiting for the same lock never waits long.
 */
const GROUP_MUTATIONS_MAX = 1000;

/**
 * Batches of one workspace wait for one write lock (see session.ts) and, in PostgreSQL, every statement under it
 * is a round trip the workspace's other writers wait for. Within a server process they wait here instead: the
 * first batch goes at once, and the batches that arrive while a transaction holds the lock go together in the next
 * one, each as its own actor, each answered with its own results. Other processes and REST writes still meet at
 * the row lock.
 */
class WriteLane {
  readonly #waiting: Waiting[] = [];
  #running = false;
  readonly #db: Database;
  readonly #onIdle: () => void;

  constructor(db: Database, onIdle: () => void) {
    this.#db = db;
    this.#onIdle = onIdle;
  }

  submit(batch: Waiting) {
    this.#waiting.push(batch);
    if (!this.#running) void this.#drain();
  }

  async #drain() {
    this.#running = true;
    // applyGroup answers every batch it takes and never throws.
    while (this.#waiting.length > 0) {
      const group: Waiting[] = [];
      let mutations = 0;
      for (const next of this.#waiting) {
        if (group.length > 0 && mutations + next.parsed.length > GROUP_MUTATIONS_MAX) break;
        group.push(next);
        mutations += next.parsed.length;
      }
      this.#waiting.splice(0, group.length);
      await applyGroup(this.#db, group);
    }
    this.#running = false;
    this.#onIdle();
  }
}

const lanes = new WeakMap<Database, Map<string, WriteLane>>();

function laneOf(db: Database, workspaceId: string): WriteLane {
  let byWorkspace = lanes.get(db);
  if (!byWorkspace) {
    byWorkspace = new Map();
    lanes.set(db, byWorkspace);
  }
  let lane = byWorkspace.get(workspaceId);
  if (!lane) {
    const created = new WriteLane(db, () => byWorkspace.delete(workspaceId));
    byWorkspace.set(workspaceId, created);
    lane = created;
  }
  return lane;
}

/**
 * Applies a batch in one transaction, together with the record of each mutation id: a mutation id is applied at
 * most once, and the batch holds the workspace write lock, so a concurrent duplicate waits and then finds the first
 * result recorded. One bad mutation never blocks the others: when one fails, the batch is rolled back and run again
 * with a savepoint around each mutation. The happy path skips those savepoints and writes runs of plain creates with
 * one INSERT per table (see InsertRun). Batches of one workspace arriving together share a transaction (WriteLane).
 */
export async function applyMutations(
  db: Database,
  actor: Actor,
  clock: Clock,
  batch: RawMutation[],
): Promise<MutationResult[]> {
  const parsed = batch.map(parseMutation);
  return new Promise((resolve, reject) => {
    laneOf(db, actor.workspaceId).submit({ actor, clock, parsed, resolve, reject });
  });
}

/** Answers every batch of `group`: its results, or the error that refused it (or the whole transaction). */
async function applyGroup(db: Database, group: Waiting[]): Promise<void> {
  let outcomes: (MutationResult[] | ApiError)[];
  try {
    try {
      outcomes = await applyParsed(db, group, 'fast');
    } catch (error) {
      if (!(error instanceof NeedsIsolation)) throw error;
      // One batch's failure must not send the others through a savepoint per mutation: each goes on its own.
      if (group.length > 1) {
        for (const batch of group) await applyGroup(db, [batch]);
        return;
      }
      outcomes = await applyParsed(db, group, 'isolated');
    }
  } catch (error) {
    for (const batch of group) batch.reject(error);
    return;
  }
  group.forEach((batch, index) => {
    const outcome = outcomes[index];
    if (Array.isArray(outcome)) batch.resolve(outcome);
    else batch.reject(outcome);
  });
}

async function applyParsed(db: Database, group: Waiting[], mode: Mode): Promise<(MutationResult[] | ApiError)[]> {
  const [first] = group;
  if (!first) return [];
  const ids = group.flatMap(({ parsed }) => parsed.flatMap((entry) => (entry.ok ? [entry.mutation.mutationId] : [])));
  const actors = group.map((batch) => batch.actor);
  return writeAsActors(db, first.actor.workspaceId, actors, first.clock, ids, async ({ sessions, recorded }) => {
    const fresh: RecordedMutation[] = [];
    const settle = (mutationId: string, hash: string, result: MutationResult) => {
      if (result.status === 'rejected' && result.code === 'internal') return;
      recorded.set(mutationId, { hash, result });
      fresh.push({ mutation_id: mutationId, payload_hash: hash, result });
    };
    const outcomes: (MutationResult[] | ApiError)[] = sessions.map((session) =>
      session instanceof ApiError ? session : [],
    );
    // A run may span batches: its results are placed by their position in the whole group.
    const places: { results: MutationResult[]; index: number }[] = [];
    // Only the fast path batches inserts: the isolated one exists to give each mutation its own savepoint.
    const run = mode === 'fast' ? new InsertRun() : undefined;
    const writeRun = async () => {
      if (!run) return;
      let written: RunResult[];
      try {
        written = await run.write();
      } catch {
        throw new NeedsIsolation();
      }
      for (const { index, mutationId, hash, result } of written) {
        const place = places[index];
        if (place) place.results[place.index] = result;
        settle(mutationId, hash, result);
      }
    };
    for (const [position, batch] of group.entries()) {
      const session = sessions[position];
      const results = outcomes[position];
      if (!session || session instanceof ApiError || !Array.isArray(results)) continue;
      for (const [index, entry] of batch.parsed.entries()) {
        if (!entry.ok) {
          results[index] = entry.result;
          continue;
        }
        const { mutation, hash } = entry;
        if (run && !run.accepts(mutation)) await writeRun();
        const previous = recorded.get(mutation.mutationId);
        if (previous) {
          results[index] = replay(mutation.mutationId, previous, hash);
          continue;
        }
        if (run?.add(session, places.push({ results, index }) - 1, mutation, hash)) continue;
        await writeRun();
        const result = await applyOne(session, mutation, mode);
        results[index] = result;
        settle(mutation.mutationId, hash, result);
      }
    }
    await writeRun();
    const writer = sessions.find((session) => session instanceof WriteSession);
    writer?.recordMutations(fresh);
    return outcomes;
  });
}

function parseMutation(raw: RawMutation): Parsed {
  const parsed = zMutation.safeParse(raw);
  if (!parsed.success) {
    const message = describeIssues(parsed.error.issues);
    return {
      ok: false,
      result: {
        mutationId: raw.mutationId,
        status: 'rejected',
        code: 'invalid_request',
        message: message.slice(0, 1000),
      },
    };
  }
  const mutation = parsed.data;
  return { ok: true, mutation, hash: createHash('sha256').update(JSON.stringify(mutation)).digest('base64url') };
}

function replay(mutationId: string, previous: Recorded, hash: string): MutationResult {
  if (previous.hash !== hash) {
    return {
      mutationId,
      status: 'rejected',
      code: 'idempotency_mismatch',
      message: 'this mutation id was used before with a different mutation',
    };
  }
  return previous.result.status === 'applied' ? { ...previous.result, status: 'duplicate' } : previous.result;
}

async function applyOne(session: WriteSession, mutation: Mutation, mode: Mode): Promise<MutationResult> {
  const { mutationId } = mutation;
  try {
    const effect =
      mode === 'fast' ? await perform(session, mutation) : await session.attempt(() => perform(session, mutation));
    return { mutationId, status: 'applied', ...effect };
  } catch (error) {
    if (mode === 'fast') throw new NeedsIsolation();
    const answer = answerFor(error);
    // Without a database nothing in the batch can apply: the whole request fails and is retried.
    if (answer?.code === 'unavailable') throw error;
    if (!answer) {
      // Not recorded, so a retry can succeed once whatever broke is fixed; the others in the batch still apply.
      console.error(`mutation ${mutation.type} failed unexpectedly: ${describeError(error)}`);
      return { mutationId, status: 'rejected', code: 'internal', message: 'the server failed to apply this mutation' };
    }
    if (answer.code === 'stale_version' && answer.serverVersion !== undefined) {
      return {
        mutationId,
        status: 'conflict',
        code: 'stale_version',
        message: answer.message,
        serverVersion: answer.serverVersion,
      };
    }
    return {
      mutationId,
      status: 'rejected',
      code: answer.code,
      message: answer.message,
      ...(answer.params ? { params: answer.params } : {}),
    };
  }
}

async function perform(session: WriteSession, mutation: Mutation): Promise<Effect> {
  const saved = (entity: EntityName, value: { id: string; version: number }): Effect => ({
    entity,
    id: value.id,
    version: value.version,
  });
  const deleted = (entity: EntityName, version: number): Effect => ({ entity, id: mutation.id, version });
  switch (mutation.type) {
    case 'team.create':
      return saved('team', await createTeam(session, mutation.id, mutation.data));
    case 'team.update':
      return saved('team', await updateTeam(session, mutation.id, mutation.baseVersion, mutation.data));
    case 'team.delete':
      return deleted('team', await deleteTeam(session, mutation.id, mutation.baseVersion));
    case 'goal.create':
      return saved('goal', await createGoal(session, mutation.id, mutation.data));
    case 'goal.update':
      return saved('goal', await updateGoal(session, mutation.id, mutation.baseVersion, mutation.data));
    case 'goal.delete':
      return deleted('goal', await deleteGoal(session, mutation.id, mutation.baseVersion));
    case 'decision.create':
      return saved('decision', await createDecision(session, mutation.id, mutation.data));
    case 'decision.linkItems':
      return saved('decision', await linkDecisionItems(session, mutation.id, mutation.itemKeys));
    case 'decision.transition':
      return saved('decision', await transitionDecision(session, mutation.id, mutation.data.transition));
    case 'decision.review':
      return saved('decision', await reviewEntity(session, 'decision', mutation.id, mutation.data));
    case 'goal.review':
      return saved('goal', await reviewEntity(session, 'goal', mutation.id, mutation.data));
    case 'rule.review':
      return saved('rule', await reviewEntity(session, 'rule', mutation.id, mutation.data));
    case 'note.create':
      return saved('note', await createNote(session, mutation.id, mutation.data));
    case 'item.upsert':
      return saved('item', (await upsertItem(session, mutation.id, mutation.data)).item);
    case 'link.create':
      return saved('link', await createLink(session, mutation.id, mutation.data));
    case 'link.delete':
      return deleted('link', await deleteLink(session, mutation.id));
    case 'rule.create':
      return saved('rule', await createRule(session, mutation.id, mutation.data));
    case 'rule.update':
      return saved('rule', await updateRule(session, mutation.id, mutation.baseVersion, mutation.data));
    case 'rule.delete':
      return deleted('rule', await deleteRule(session, mutation.id, mutation.baseVersion));
  }
}
