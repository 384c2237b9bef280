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
import { answerFor } from './errors.ts';
import { createGoal, deleteGoal, updateGoal } from './goals.ts';
import { InsertRun, type RunResult } from './insert-run.ts';
import { upsertItem } from './items.ts';
import { createLink, deleteLink } from './links.ts';
import { createNote } from './notes.ts';
import { reviewEntity } from './reviews.ts';
import { createRule, deleteRule, updateRule } from './rules.ts';
import { type Clock, type WriteSession, writeInWorkspace } from './session.ts';
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

/**
 * Applies a batch in one transaction, together with the record of each mutation id: a mutation id is applied at
 * most once, and the batch holds the workspace write lock, so a concurrent duplicate waits and then finds the first
 * result recorded. One bad mutation never blocks the others: when one fails, the batch is rolled back and run again
 * with a savepoint around each mutation. The happy path skips those savepoints and writes runs of plain creates with
 * one INSERT per table (see InsertRun).
 */
export async function applyMutations(
  db: Database,
  actor: Actor,
  clock: Clock,
  batch: RawMutation[],
): Promise<MutationResult[]> {
  const parsed = batch.map(parseMutation);
  try {
    return await applyParsed(db, actor, clock, parsed, 'fast');
  } catch (error) {
    if (!(error instanceof NeedsIsolation)) throw error;
    return applyParsed(db, actor, clock, parsed, 'isolated');
  }
}

async function applyParsed(
  db: Database,
  actor: Actor,
  clock: Clock,
  parsed: Parsed[],
  mode: Mode,
): Promise<MutationResult[]> {
  return writeInWorkspace(db, actor, clock, async (session) => {
    const ids = parsed.flatMap((entry) => (entry.ok ? [entry.mutation.mutationId] : []));
    const recorded = await loadRecorded(session, ids);
    const fresh: { mutation_id: string; payload_hash: string; result: MutationResult }[] = [];
    const results: MutationResult[] = [];
    const settle = (mutationId: string, hash: string, result: MutationResult) => {
      if (result.status === 'rejected' && result.code === 'internal') return;
      recorded.set(mutationId, { hash, result });
      fresh.push({ mutation_id: mutationId, payload_hash: hash, result });
    };
    // Only the fast path batches inserts: the isolated one exists to give each mutation its own savepoint.
    const run = mode === 'fast' ? new InsertRun(session) : undefined;
    const writeRun = async () => {
      if (!run) return;
      let written: RunResult[];
      try {
        written = await run.write();
      } catch {
        throw new NeedsIsolation();
      }
      for (const { index, mutationId, hash, result } of written) {
        results[index] = result;
        settle(mutationId, hash, result);
      }
    };
    for (const [index, entry] of parsed.entries()) {
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
      if (run?.add(index, mutation, hash)) continue;
      await writeRun();
      const result = await applyOne(session, mutation, mode);
      results[index] = result;
      settle(mutation.mutationId, hash, result);
    }
    await writeRun();
    if (fresh.length > 0) {
      await session.tx.query(
        `INSERT INTO applied_mutations (workspace_id, mutation_id, payload_hash, result, created_at)
         SELECT $1, m.mutation_id, m.payload_hash, m.result, $3
         FROM jsonb_to_recordset($2::jsonb) AS m(mutation_id uuid, payload_hash text, result jsonb)`,
        [session.workspaceId, JSON.stringify(fresh), session.now],
      );
    }
    return results;
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

async function loadRecorded(session: WriteSession, ids: string[]) {
  const rows = await session.tx.query<{ mutation_id: string; payload_hash: string; result: MutationResult }>(
    'SELECT mutation_id, payload_hash, result FROM applied_mutations WHERE workspace_id = $1 AND mutation_id = ANY($2::uuid[])',
    [session.workspaceId, ids],
  );
  return new Map(rows.map((row) => [row.mutation_id, { hash: row.payload_hash, result: row.result }]));
}

function replay(mutationId: string, previous: { hash: string; result: MutationResult }, hash: string): MutationResult {
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
    return { mutationId, status: 'rejected', code: answer.code, message: answer.message };
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
