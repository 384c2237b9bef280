/**
 * What a mutation does to the cached rows, as pure functions. Local writes use them to show a write at once, and the
 * mirror replays them over the server's state (the base) whenever that state moves under a pending write.
 */
import { DECISION_TRANSITIONS, type EntityName, type Link, type Mutation, reviewedState } from '../contract.ts';
import { type EntityRow, type EntityRows, type Touch, touchOf } from './schema.ts';

export interface RowEffect {
  entity: EntityName;
  id: string;
  /** null deletes the row. */
  row: EntityRow | null;
}

export type ReadRow = (entity: EntityName, id: string) => EntityRow | null;

const entityOf = (mutation: Mutation): EntityName => mutation.type.split('.')[0] as EntityName;

export interface MutationMeta {
  /** ISO timestamp of the local write. */
  now: string;
  /** Display name of the local user, for fields the server fills in from the token (link.createdBy, decision.decidedBy). */
  actor: string;
}

/** The base version an update is sent with: a row created locally and not yet acknowledged becomes version 1. */
export const baseVersionOf = (row: { version: number }) => Math.max(1, row.version);

/**
 * The rows `mutation` would produce, read from `read`. Mirrors the server's effect closely enough to show: the
 * server's answer replaces these rows on the next pull. `touches` are those of its outbox row: for a new owner or
 * goal link they include the links it replaces (see `enqueue`), which it deletes.
 */
export function applyMutation(
  mutation: Mutation,
  readAny: ReadRow,
  meta: MutationMeta,
  touches: readonly Touch[] = [],
): RowEffect[] {
  const read = <E extends EntityName>(entity: E, id: string) => readAny(entity, id) as EntityRows[E] | null;
  const created = { id: mutation.id, version: 0, createdAt: meta.now, updatedAt: meta.now };
  const updated = <R extends EntityRow>(row: R | null, patch: Partial<R>): R | null =>
    row ? { ...row, ...withoutUndefined(patch), updatedAt: meta.now } : null;
  switch (mutation.type) {
    case 'team.create':
      return [{ entity: 'team', id: mutation.id, row: { ...mutation.data, ...created } }];
    case 'goal.create':
      // The server records the first history entry; its row replaces this one on the next pull.
      return [{ entity: 'goal', id: mutation.id, row: { ...mutation.data, ...created, statusHistory: [] } }];
    case 'rule.create':
      return [{ entity: 'rule', id: mutation.id, row: { ...mutation.data, ...created } }];
    case 'team.update':
      return [{ entity: 'team', id: mutation.id, row: updated(read('team', mutation.id), mutation.data) }];
    case 'goal.update':
      return [{ entity: 'goal', id: mutation.id, row: updated(read('goal', mutation.id), mutation.data) }];
    case 'rule.update':
      return [{ entity: 'rule', id: mutation.id, row: updated(read('rule', mutation.id), mutation.data) }];
    case 'team.delete':
    case 'goal.delete':
    case 'rule.delete':
    case 'link.delete':
      return [{ entity: entityOf(mutation), id: mutation.id, row: null }];
    case 'decision.create': {
      const decision = { ...mutation.data, ...created, decidedBy: meta.actor, supersededBy: null, statusHistory: [] };
      const effects: RowEffect[] = [{ entity: 'decision', id: mutation.id, row: decision }];
      const superseded = mutation.data.supersedes ? read('decision', mutation.data.supersedes) : null;
      if (superseded) {
        effects.push({
          entity: 'decision',
          id: superseded.id,
          row: { ...superseded, status: 'superseded', supersededBy: mutation.id, updatedAt: meta.now },
        });
      }
      return effects;
    }
    case 'decision.linkItems': {
      const decision = read('decision', mutation.id);
      if (!decision) return [];
      const itemKeys = [...new Set([...decision.itemKeys, ...mutation.itemKeys])];
      return [{ entity: 'decision', id: mutation.id, row: { ...decision, itemKeys, updatedAt: meta.now } }];
    }
    case 'decision.transition': {
      // Shown at once with the local user and time; the server records its own (the session's user, its clock).
      const decision = read('decision', mutation.id);
      const status = DECISION_TRANSITIONS[mutation.data.transition].to;
      const change = { status, at: meta.now, by: meta.actor };
      const row = decision && { ...decision, status, statusHistory: [...decision.statusHistory, change] };
      return [{ entity: 'decision', id: mutation.id, row: row && { ...row, updatedAt: meta.now } }];
    }
    case 'decision.review':
    case 'goal.review':
    case 'rule.review': {
      // Shown at once as the local user's verification; the server records its own user and time.
      const entity = entityOf(mutation) as 'decision' | 'goal' | 'rule';
      const row = read(entity, mutation.id);
      const review = row && reviewedState(row.review, mutation.data, meta.actor, meta.now);
      return [{ entity, id: mutation.id, row: row && review ? { ...row, review, updatedAt: meta.now } : null }];
    }
    case 'note.create':
      return [{ entity: 'note', id: mutation.id, row: { ...mutation.data, ...created, createdBy: meta.actor } }];
    case 'item.upsert': {
      const existing = read('item', mutation.id);
      const row = existing
        ? {
            ...existing,
            title: mutation.data.title,
            context: mutation.data.context,
            updatedAt: meta.now,
          }
        : { ...mutation.data, ...created };
      return [{ entity: 'item', id: mutation.id, row }];
    }
    case 'link.create': {
      const replaced: RowEffect[] = touches
        .filter((touch) => touch.startsWith('link:') && touch !== touchOf('link', mutation.id))
        .map((touch) => ({ entity: 'link', id: touch.slice('link:'.length), row: null }));
      return [
        { entity: 'link', id: mutation.id, row: { ...mutation.data, ...created, createdBy: meta.actor } as Link },
        ...replaced,
      ];
    }
  }
}

function withoutUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
