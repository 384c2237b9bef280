import type { z } from 'zod';
import type { Item, ItemRef, zItemInput, zItemPatch } from '../../utils/contract.ts';
import { detectItem } from '../../utils/detect/index.ts';
import { requirePermission } from './actor.ts';
import { items } from './entities.ts';
import { ApiError } from './errors.ts';
import type { WriteSession } from './session.ts';
import { fieldsOf, getEntity, insertEntity, updateEntity } from './store.ts';

export async function findItemByKey(session: Pick<WriteSession, 'tx' | 'workspaceId'>, key: string) {
  const [row] = await session.tx.query<Parameters<typeof items.fromRow>[0]>(
    'SELECT * FROM items WHERE workspace_id = $1 AND key = $2',
    [session.workspaceId, key],
  );
  return row && items.fromRow(row);
}

/**
 * The ref with the URL the extension's own detection derives from its URL, or undefined when that URL does not
 * open the item the key names (another host, another issue, not a work item at all): every sidebar, hub page and
 * export links the item there. A self-hosted Jira host is any host off Atlassian Cloud; the key names it, so a URL
 * elsewhere gives another key.
 */
export function canonicalRef(ref: ItemRef): ItemRef | undefined {
  const host = URL.parse(ref.url)?.host;
  const selfHosted = host && !host.endsWith('.atlassian.net') ? [host] : [];
  const detected = detectItem(ref.url, { jiraHosts: selfHosted });
  if (!detected || detected.key !== ref.key || detected.tool !== ref.tool || detected.kind !== ref.kind) return;
  return { ...ref, ...detected };
}

/** Items are identified by key: the first capture creates the row (with `id`), later ones refresh title and context. */
export async function upsertItem(
  session: WriteSession,
  id: string,
  captured: z.output<typeof zItemInput>,
): Promise<{ item: Item; created: boolean }> {
  requirePermission(session.actor, 'item.write');
  const ref = canonicalRef(captured.ref);
  if (!ref) throw new ApiError('invalid_request', `ref.url: not a URL of the item ${captured.ref.key}`);
  const input = { ...captured, ref };
  const inserted = await insertEntity(session, items, id, input, ITEM_KEY_CONFLICT);
  if (inserted) return { item: inserted, created: true };
  return { item: await refreshItem(session, input), created: false };
}

/** Inserting an item whose key exists already does nothing; `refreshItem` then brings the existing one up to date. */
export const ITEM_KEY_CONFLICT = 'ON CONFLICT (workspace_id, key) DO NOTHING';

/**
 * The second half of an upsert whose insert found the key taken: refreshes title and context when they changed,
 * and the URL when the stored one is not the item's canonical URL (`input.ref` is canonical: a row stored before
 * URLs were tied to keys may link elsewhere).
 */
export async function refreshItem(session: WriteSession, input: z.output<typeof zItemInput>): Promise<Item> {
  const existing = await findItemByKey(session, input.ref.key);
  if (!existing) throw new Error('items: an item that conflicted on its key is gone');
  const unchanged =
    existing.title === input.title &&
    JSON.stringify(existing.context) === JSON.stringify(input.context) &&
    existing.ref.url === input.ref.url;
  if (unchanged) return existing;
  return updateEntity(session, items, existing, null, {
    ...fieldsOf(existing),
    ref: { ...existing.ref, url: input.ref.url },
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
