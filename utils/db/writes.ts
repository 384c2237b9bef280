/**
 * Local writes: each one changes the visible rows and appends its mutations to the outbox in ONE Dexie transaction,
 * so it shows at once and, once this resolves, survives anything (the sync engine sends it later).
 * No network here: a fetch inside a Dexie transaction would commit it prematurely.
 */
import type { z } from 'zod';
import {
  canTransition,
  DECISION_TRANSITIONS,
  type ItemInput,
  leastRoleFor,
  type Mutation,
  may,
  PERMISSION_OF_MUTATION,
  type Role,
  zMutation,
} from '../contract.ts';
import { type Message, MessageError, message } from '../message.ts';
import { type LocalWrite, type LocalWriteResult, type ParsedLocalWrite, zLocalWrite } from './commands.ts';
import { applyMutation, baseVersionOf, type MutationMeta, type ReadRow } from './mutations.ts';
import { keepBase, readRow, replayTouches, splitTouch, writeEffects } from './overlay.ts';
import {
  authorOf,
  ENTITY_TABLES,
  type EntityRow,
  type HallwayDexie,
  type OutboxRow,
  type Touch,
  touchesOf,
  touchOf,
} from './schema.ts';
import { textsOf } from './write-text.ts';

export interface WriteEnv {
  now: () => number;
  newId: () => string;
  /** Display name of the local user. */
  actor: string;
  /**
   * The user's role as the server last confirmed it; a write it does not allow is refused here, before it shows.
   * Unknown (never connected): the write waits in the outbox, and the server decides.
   */
  role?: Role | null;
}

export const defaultWriteEnv = (actor: string, role: Role | null = null): WriteEnv => ({
  now: Date.now,
  newId: () => crypto.randomUUID(),
  actor,
  role,
});

/**
 * A local write refused before it shows: a code for the caller and a `Message` that the message router says in the
 * browser's language (every local write reaches this through the `mirror.write` message).
 */
export class LocalWriteError extends MessageError {
  declare readonly code: 'not_found' | 'not_resolvable' | 'forbidden' | 'invalid_transition';
  constructor(code: LocalWriteError['code'], text: Message) {
    super(code, text);
    this.name = 'LocalWriteError';
  }
}

/** A mutation before the contract's defaults are filled in (the outbox stores it parsed). */
type PlannedMutation = z.input<typeof zMutation>;

const metaOf = (env: WriteEnv): MutationMeta => ({ now: new Date(env.now()).toISOString(), actor: env.actor });

type EntityWrite = Exclude<ParsedLocalWrite, { kind: 'overwriteConflict' | 'discardWrite' | 'editRefused' }>;

/** The tables every local write runs over. */
export const WRITE_TABLES = [...ENTITY_TABLES, 'outbox', 'bases', 'credentials'];

/** `write` is validated here too: callers in other contexts reach this through a message. */
export async function performWrite(db: HallwayDexie, unchecked: LocalWrite, env: WriteEnv): Promise<LocalWriteResult> {
  const write = zLocalWrite.parse(unchecked);
  return db.transaction('rw', WRITE_TABLES, async () => {
    if (write.kind === 'overwriteConflict' || write.kind === 'discardWrite') {
      return resolveOutboxRow(db, write.kind, write.mutationId, env);
    }
    if (write.kind === 'editRefused') return editRefused(db, write.mutationId, write.texts, env);
    const mutations = await planMutations(db, write, env);
    const { role } = env;
    for (const { type } of mutations) {
      const permission = PERMISSION_OF_MUTATION[type];
      if (role && !may(role, permission)) {
        throw new LocalWriteError(
          'forbidden',
          message('write.refused.forbidden', {
            role: message(`role.${role}`),
            needed: message(`role.${leastRoleFor(permission)}`),
          }),
        );
      }
    }
    for (const mutation of mutations) await enqueue(db, mutation, env);
    return { ids: mutations.map((mutation) => mutation.id), mutationIds: mutations.map((m) => m.mutationId) };
  });
}

/** The contract's mutations that carry the server version they are based on: updates and deletes of versioned rows. */
const VERSIONED = new Set<string>(
  zMutation.options.filter((option) => 'baseVersion' in option.shape).map((option) => option.shape.type.value),
);

type VersionedEntity = Parameters<typeof versionOf>[1];

async function planMutations(db: HallwayDexie, write: EntityWrite, env: WriteEnv): Promise<PlannedMutation[]> {
  const mutationId = env.newId();
  switch (write.kind) {
    case 'capture':
      return [await captureMutation(db, write.item, env)];
    case 'linkItem': {
      const capture = await captureMutation(db, write.item, env);
      return [capture, ...(await linkMutation(db, write.link, mutationId, env))];
    }
    case 'link.create':
      return linkMutation(db, write.data, mutationId, env);
    case 'logDecision': {
      const capture = await captureMutation(db, write.item, env);
      const itemKeys = [...new Set([write.item.ref.key, ...write.decision.itemKeys])];
      return [capture, { mutationId, type: 'decision.create', id: env.newId(), data: { ...write.decision, itemKeys } }];
    }
    case 'logNote': {
      const capture = await captureMutation(db, write.item, env);
      const itemKeys = [...new Set([write.item.ref.key, ...write.note.itemKeys])];
      return [capture, { mutationId, type: 'note.create', id: env.newId(), data: { ...write.note, itemKeys } }];
    }
    case 'confirmOwner': {
      const link = await readRow(db, 'link', write.linkId);
      if (link?.kind !== 'owner' || link.itemKey !== write.itemKey || link.teamId !== write.teamId) {
        throw new LocalWriteError('not_found', message('write.refused.ownerLinkGone'));
      }
      const created = { kind: 'owner' as const, itemKey: write.itemKey, teamId: write.teamId };
      return [
        { mutationId, type: 'link.delete', id: link.id },
        { mutationId: env.newId(), type: 'link.create', id: env.newId(), data: created },
      ];
    }
    case 'decision.transition': {
      const { transition } = write.data;
      const decision = await readRow(db, 'decision', write.id);
      if (!decision) throw new LocalWriteError('not_found', message('write.refused.decisionGone'));
      if (!canTransition(decision.status, transition)) {
        throw new LocalWriteError(
          'invalid_transition',
          message('write.refused.transition', {
            status: message(`status.decision.${decision.status}`),
            to: message(`status.decision.${DECISION_TRANSITIONS[transition].to}`),
          }),
        );
      }
      return [{ mutationId, type: 'decision.transition', id: decision.id, data: { transition } }];
    }
  }
  // Every other write is one of the contract's mutations: the mirror adds the ids and the base version.
  const { kind: type, ...fields } = write;
  if (!('id' in fields)) return [{ mutationId, type, id: env.newId(), ...fields } as PlannedMutation];
  if (!VERSIONED.has(type)) return [{ mutationId, type, ...fields } as PlannedMutation];
  const entity = type.slice(0, type.indexOf('.')) as VersionedEntity;
  return [{ mutationId, type, ...fields, baseVersion: await versionOf(db, entity, fields.id) } as PlannedMutation];
}

async function linkMutation(
  db: HallwayDexie,
  link: ParsedLink,
  mutationId: string,
  env: WriteEnv,
): Promise<PlannedMutation[]> {
  const same = await db.links
    .where('itemKey')
    .equals(link.itemKey)
    .filter((row) => sameLinkTarget(row, link))
    .first();
  // Linking twice is a no-op, as on the server, where a link is unique per item and target.
  if (same) return [];
  return [{ mutationId, type: 'link.create', id: env.newId(), data: link }];
}

/** Items are identified by key: capturing a known key refreshes that row instead of making a second one. */
async function captureMutation(db: HallwayDexie, item: ItemInput, env: WriteEnv): Promise<PlannedMutation> {
  const existing = await db.items.where('ref.key').equals(item.ref.key).first();
  return { mutationId: env.newId(), type: 'item.upsert', id: existing?.id ?? env.newId(), data: item };
}

function sameLinkTarget(link: EntityRowLink, wanted: ParsedLink): boolean {
  if (link.kind !== wanted.kind) return false;
  if (link.kind === 'owner' && wanted.kind === 'owner') return link.teamId === wanted.teamId;
  if (link.kind === 'goal' && wanted.kind === 'goal') return link.goalId === wanted.goalId;
  return link.kind === 'related' && wanted.kind === 'related' && link.relatedItemKey === wanted.relatedItemKey;
}
type EntityRowLink = Extract<EntityRow, { itemKey: string }>;
type ParsedLink = Extract<ParsedLocalWrite, { kind: 'link.create' }>['data'];

/**
 * The server version a change is based on; the conflict check on the server compares it. Edits still waiting in the
 * outbox (edits and reviews) are this user's own and each moves the server's version one step, so a new edit is based on the version
 * they will have made: editing a goal twice before a sync is not a conflict with oneself.
 */
/** The pending writes of an entity that each move its server version one step (a review bumps it too). */
const MOVES_VERSION = new Set(['.update', '.review']);

async function versionOf(db: HallwayDexie, entity: 'goal' | 'team' | 'rule', id: string): Promise<number> {
  const touch = touchOf(entity, id);
  const base = await db.bases.get(touch);
  const row = base ? base.row : await readRow(db, entity, id);
  const visible = base ? await readRow(db, entity, id) : row;
  if (!visible) throw new LocalWriteError('not_found', message(`write.refused.missing.${entity}`, { id }));
  const editsAhead = await db.outbox
    .where('touches')
    .equals(touch)
    .filter((queued) => queued.status === 'pending' && MOVES_VERSION.has(queued.mutation.type.slice(entity.length)))
    .count();
  return baseVersionOf(row ?? visible) + editsAhead;
}

async function enqueue(db: HallwayDexie, unchecked: PlannedMutation, env: WriteEnv): Promise<void> {
  // The same schema the server validates with: a write the server would refuse as malformed never enters the outbox.
  const mutation = zMutation.parse(unchecked);
  const touches = [...touchesOf(mutation), ...(await replacedLinks(db, mutation))];
  const current = new Map<string, EntityRow | null>();
  for (const touch of touches) {
    await keepBase(db, touch);
    const [entity, id] = splitTouch(touch);
    current.set(touch, await readRow(db, entity, id));
  }
  const read: ReadRow = (entity, id) => current.get(touchOf(entity, id)) ?? null;
  await writeEffects(db, applyMutation(mutation, read, metaOf(env), touches));
  // The person signed in now made it; before the first sync confirmed who that is, the row is stamped later.
  const me = (await db.credentials.get('main'))?.me;
  const targetName = await linkTargetName(db, mutation);
  const row: OutboxRow = {
    mutationId: mutation.mutationId,
    mutation,
    touches,
    status: 'pending',
    attempts: 0,
    createdAt: env.now(),
    ...(me ? { author: authorOf(me) } : {}),
    ...(targetName === undefined ? {} : { targetName }),
  };
  await db.outbox.add(row);
}

async function linkTargetName(db: HallwayDexie, mutation: Mutation): Promise<string | undefined> {
  if (mutation.type !== 'link.create') return undefined;
  const { data } = mutation;
  if (data.kind === 'owner') return (await db.teams.get(data.teamId))?.name;
  if (data.kind === 'goal') return (await db.goals.get(data.goalId))?.title;
  return undefined;
}

/**
 * An item has one owner and one goal: a new owner or goal link replaces the item's current one, on the server in the
 * same transaction, here in the same write. The replaced links become touches of the new link's outbox row, so its
 * effect hides them and discarding it (or a refusal) shows them again.
 */
async function replacedLinks(db: HallwayDexie, mutation: Mutation): Promise<Touch[]> {
  if (mutation.type !== 'link.create' || mutation.data.kind === 'related') return [];
  const { kind, itemKey } = mutation.data;
  const current = await db.links
    .where('itemKey')
    .equals(itemKey)
    .filter((link) => link.kind === kind && link.id !== mutation.id)
    .toArray();
  return current.map((link) => touchOf('link', link.id));
}

/**
 * A rejected write with its text edited, queued again under a new mutation id (the server answers the old one with
 * its refusal). Only the write's text fields change, and the result must pass the contract like any new write.
 */
async function editRefused(
  db: HallwayDexie,
  mutationId: string,
  texts: Record<string, string>,
  env: WriteEnv,
): Promise<LocalWriteResult> {
  const row = await db.outbox.where('mutationId').equals(mutationId).first();
  if (row?.status !== 'rejected') {
    throw new LocalWriteError('not_resolvable', message('write.refused.onlyRefusedEditable'));
  }
  const editable = new Set(textsOf(row.mutation).map(({ field }) => field));
  const unknown = Object.keys(texts).filter((field) => !editable.has(field));
  if (editable.size === 0 || unknown.length > 0) {
    throw new LocalWriteError(
      'not_resolvable',
      unknown.length > 0
        ? message('write.refused.noTextIn', { fields: { quoted: unknown } })
        : message('write.refused.noText'),
    );
  }
  const data = { ...(row.mutation as { data: object }).data, ...texts };
  const mutation = zMutation.parse({ ...row.mutation, mutationId: env.newId(), data });
  await db.outbox.update(row.seq as number, {
    mutationId: mutation.mutationId,
    mutation,
    status: 'pending',
    attempts: 0,
    error: undefined,
  });
  await replayTouches(db, row.touches, metaOf(env));
  return { ids: [mutation.id], mutationIds: [mutation.mutationId] };
}

async function resolveOutboxRow(
  db: HallwayDexie,
  action: 'overwriteConflict' | 'discardWrite',
  mutationId: string,
  env: WriteEnv,
): Promise<LocalWriteResult> {
  const row = await db.outbox.where('mutationId').equals(mutationId).first();
  if (!row || row.status === 'pending') {
    throw new LocalWriteError('not_resolvable', message('write.refused.onlyRetryable'));
  }
  if (action === 'discardWrite') {
    await db.outbox.delete(row.seq as number);
    await replayTouches(db, row.touches, metaOf(env));
    return { ids: [row.mutation.id], mutationIds: [] };
  }
  if (row.status !== 'conflict' || !('baseVersion' in row.mutation) || row.serverVersion === undefined) {
    throw new LocalWriteError('not_resolvable', message('write.refused.onlyConflict'));
  }
  // A new mutation id: the server recorded the conflict under the old one and would answer it again.
  const mutation = { ...row.mutation, mutationId: env.newId(), baseVersion: row.serverVersion };
  await db.outbox.update(row.seq as number, {
    mutationId: mutation.mutationId,
    mutation,
    status: 'pending',
    attempts: 0,
    error: undefined,
    serverVersion: undefined,
  });
  await replayTouches(db, row.touches, metaOf(env));
  return { ids: [mutation.id], mutationIds: [mutation.mutationId] };
}
