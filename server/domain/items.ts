import type { z } from 'zod';
import type { Item, zItemInput, zItemPatch } from '../../utils/contract.ts';
import { requirePermission } from './actor.ts';
import { items } from './entities.ts';
import type { WriteSession } from './session.ts';
import { fieldsOf, getEntity, insertEntity, updateEntity } from './store.ts';

export async function findItemByKey(session: Pick<WriteSession, 'tx' | 'workspaceId'>, key: string) {
  const [row] = await session.tx.query<Parameters<typeof items.fromRow>[0]>(
    'SELECT * FROM items WHERE workspace_id = $1 AND key = $2',
    [session.workspaceId, key],
  );
  return row && items.fromRow(row);
}

/** Items are identified by key: the first capture creates the row (with `id`), later ones refresh title and context. */
export async function upsertItem(
  session: WriteSession,
  id: string,
  input: z.output<typeof zItemInput>,
): Promise<{ item: Item; created: boolean }> {
  requirePermission(session.actor, 'item.write');
  const inserted = await insertEntity(session, items, id, input, ITEM_KEY_CONFLICT);
  if (inserted) return { item: inserted, created: true };
  return { item: await refreshItem(session, input), created: false };
}

/** Inserting an item whose key exists already does nothing; `refreshItem` then brings the existing one up to date. */
export const ITEM_KEY_CONFLICT = 'ON CONFLICT (workspace_id, key) DO NOTHING';

/** The second half of an upsert whose insert found the key taken: refreshes title and context when they changed. */
export async function refreshItem(session: WriteSession, input: z.output<typeof zItemInput>): Promise<Item> {
  const existing = await findItemByKey(session, input.ref.key);
  if (!existing) throw new Error('items: an item that conflicted on its key is gone');
  const unchanged =
    existing.title === input.title && JSON.stringify(existing.context) === JSON.stringify(input.context);
  if (unchanged) return existing;
  return updateEntity(session, items, existing, null, {
    ...fieldsOf(existing),
    title: input.title,
    context: input.context,
  });
}

export async function updateItem(
  session: WriteSession,
  id: string,
  baseVersion: number,
  patch: z.output<typeof zItemPatch>,
): Promise<Item> {
  requirePermission(session.actor, 'item.write');
  const current = await getEntity(session.tx, items, session.workspaceId, id);
  return updateEntity(session, items, current, baseVersion, { ...fieldsOf(current), ...patch });
}
