import type { z } from 'zod';
import type { Item, ItemRef, Link, zItemInput, zItemPatch } from '../../utils/contract.ts';
import { detectItem, itemKeysOf, sharedThreadKey } from '../../utils/detect/index.ts';
import { requirePermission } from './actor.ts';
import { decisions, items, links, notes } from './entities.ts';
import { ApiError } from './errors.ts';
import type { WriteSession } from './session.ts';
import {
  deleteEntity,
  type EntitySpec,
  fieldsOf,
  getEntity,
  insertEntity,
  type Meta,
  type MetaRow,
  updateEntity,
} from './store.ts';

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
 * elsewhere gives another key. A Gmail thread with its first message's Message-ID has the key every mailbox shares
 * for it, which no URL gives: its URL must open the thread its `id` names, and its key must be that Message-ID's.
 */
export function canonicalRef(ref: ItemRef): ItemRef | undefined {
  const host = URL.parse(ref.url)?.host;
  const selfHosted = host && !host.endsWith('.atlassian.net') ? [host] : [];
  const detected = detectItem(ref.url, { jiraHosts: selfHosted });
  if (!detected || detected.tool !== ref.tool || detected.kind !== ref.kind) return;
  if (ref.messageId === undefined) return detected.key === ref.key ? { ...ref, ...detected } : undefined;
  const shared = sharedThreadKey(ref.messageId);
  if (detected.tool !== 'gmail' || detected.id !== ref.id || ref.key !== shared) return;
  return { ...ref, ...detected, key: shared, messageId: ref.messageId };
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
  const adopted = await adoptLocalKeys(session, input);
  if (adopted) return { item: adopted, created: false };
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

/**
 * The migration of a Gmail thread captured under its mailbox-local key (`gmail:<token>`, before Message-IDs were read,
 * or while one could not be) once it arrives with its shared key: what was linked to it moves to the shared key,
 * so a colleague's mailbox shows it too. The item row itself takes the shared key (or goes, when the shared key has
 * a row already); owner, goal and related links, decisions and notes are re-pointed, each recorded in the feed. Of
 * two owner (or goal) links, the one made last stays. Only a capture can do this: the server never reads mail, and
 * the Message-ID reaches it only when someone links or logs something about the thread. Returns the item when its
 * old row became the shared one.
 */
async function adoptLocalKeys(session: WriteSession, input: z.output<typeof zItemInput>): Promise<Item | undefined> {
  const [shared, ...locals] = itemKeysOf(input.ref);
  if (!shared || locals.length === 0) return;
  let adopted: Item | undefined;
  for (const local of locals) {
    const old = await findItemByKey(session, local);
    if (old) {
      if (adopted || (await findItemByKey(session, shared))) await deleteEntity(session, items, old, null);
      else adopted = await updateEntity(session, items, old, null, { ...input });
    }
    await repointLinks(session, local, shared);
    await repointItemKeys(session, decisions, local, shared);
    await repointItemKeys(session, notes, local, shared);
  }
  return adopted;
}

/** Decisions and notes name items by key: `local` becomes `shared` in each that names it. */
async function repointItemKeys<Row extends MetaRow, Api extends Meta & { itemKeys: string[] }>(
  session: WriteSession,
  spec: EntitySpec<Row, Api>,
  local: string,
  shared: string,
): Promise<void> {
  const rows = await session.tx.query<Row>(
    `SELECT * FROM ${spec.table} WHERE workspace_id = $1 AND $2 = ANY (item_keys)`,
    [session.workspaceId, local],
  );
  for (const row of rows) {
    const current = spec.fromRow(row);
    const itemKeys = [...new Set(current.itemKeys.map((key) => (key === local ? shared : key)))];
    await updateEntity(session, spec, current, null, { ...fieldsOf(current), itemKeys });
  }
}

async function repointLinks(session: WriteSession, local: string, shared: string): Promise<void> {
  const query = (where: string, key: string) =>
    session.tx
      .query<Parameters<typeof links.fromRow>[0]>(`SELECT * FROM links WHERE workspace_id = $1 AND ${where} = $2`, [
        session.workspaceId,
        key,
      ])
      .then((rows) => rows.map((row) => links.fromRow(row)));
  const sharedLinks = [...(await query('item_key', shared)), ...(await query('related_item_key', shared))];
  const same = (a: Link, b: Link) =>
    a.kind === b.kind &&
    (a.kind === 'related' && b.kind === 'related'
      ? new Set([a.itemKey, a.relatedItemKey, b.itemKey, b.relatedItemKey]).size === 2
      : a.itemKey === b.itemKey);
  const moved = [...(await query('item_key', local)), ...(await query('related_item_key', local))];
  for (const link of moved) {
    const next = {
      ...link,
      itemKey: link.itemKey === local ? shared : link.itemKey,
      ...(link.kind === 'related' && link.relatedItemKey === local ? { relatedItemKey: shared } : {}),
    } as Link;
    if (next.kind === 'related' && next.itemKey === next.relatedItemKey) {
      await deleteEntity(session, links, link, null);
      continue;
    }
    // One owner and one goal per item (and a related pair once): the link made last stays.
    const rival = sharedLinks.find((other) => same(other, next));
    if (rival && rival.updatedAt >= link.updatedAt) {
      await deleteEntity(session, links, link, null);
      continue;
    }
    if (rival) {
      await deleteEntity(session, links, rival, null);
      sharedLinks.splice(sharedLinks.indexOf(rival), 1);
    }
    sharedLinks.push(await updateEntity(session, links, link, null, fieldsOf(next)));
  }
}
