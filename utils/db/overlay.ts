/**
 * Keeps the visible rows equal to "server state + pending local writes". Every function here runs inside a caller's
 * Dexie transaction that covers the entity tables, `outbox` and `bases`.
 */
import type { EntityName } from '../contract.ts';
import { applyMutation, type MutationMeta, type ReadRow, type RowEffect } from './mutations.ts';
import { type EntityRow, type EntityRows, type HallwayDexie, TABLE_OF, type Touch } from './schema.ts';

export const splitTouch = (touch: Touch): [EntityName, string] => {
  const at = touch.indexOf(':');
  return [touch.slice(0, at) as EntityName, touch.slice(at + 1)];
};

export const tableOf = (db: HallwayDexie, entity: EntityName) => db.table<EntityRow, string>(TABLE_OF[entity]);

export async function readRow<E extends EntityName>(db: HallwayDexie, entity: E, id: string) {
  return ((await tableOf(db, entity).get(id)) ?? null) as EntityRows[E] | null;
}

export async function writeEffects(db: HallwayDexie, effects: RowEffect[]): Promise<void> {
  for (const effect of effects) {
    if (effect.row) await tableOf(db, effect.entity).put(effect.row);
    else await tableOf(db, effect.entity).delete(effect.id);
  }
}

/** Records the server state of `touch` before a local write changes it, unless a pending write already did. */
export async function keepBase(db: HallwayDexie, touch: Touch): Promise<void> {
  if (await db.bases.get(touch)) return;
  const [entity, id] = splitTouch(touch);
  await db.bases.put({ touch, row: await readRow(db, entity, id) });
}

/**
 * Rebuilds the visible row of each touch from its base and the pending outbox rows that change it, in write order.
 * A touch without outbox rows left loses its base: the server state is then the row itself.
 */
export async function replayTouches(db: HallwayDexie, touches: Iterable<Touch>, meta: MutationMeta): Promise<void> {
  for (const touch of new Set(touches)) {
    const base = await db.bases.get(touch);
    if (!base) continue;
    const rows = await db.outbox.where('touches').equals(touch).sortBy('seq');
    const [entity, id] = splitTouch(touch);
    let current = base.row;
    const read: ReadRow = (wanted, wantedId) => (wanted === entity && wantedId === id ? current : null);
    for (const row of rows.filter((candidate) => candidate.status === 'pending')) {
      const effect = applyMutation(row.mutation, read, meta, row.touches).find(
        (candidate) => candidate.entity === entity && candidate.id === id,
      );
      if (effect) current = effect.row;
    }
    await writeEffects(db, [{ entity, id, row: current }]);
    if (rows.length === 0) await db.bases.delete(touch);
  }
}
