import type { Link, LinkInput } from '../../utils/contract.ts';
import { requirePermission } from './actor.ts';
import { links } from './entities.ts';
import { ApiError } from './errors.ts';
import type { WriteSession } from './session.ts';
import { deleteEntity, getEntity, insertEntity } from './store.ts';

/**
 * Links are created and deleted, never edited, so they carry no base version. An item has at most one owning team
 * and one goal (a unique index holds it): a new owner or goal link replaces the item's current one in the same
 * transaction, and pullers get the old one's tombstone. Writers hold the workspace lock, so concurrent changes
 * apply one after the other and the last one wins. Related links are many.
 */
export async function createLink(session: WriteSession, id: string, input: LinkInput): Promise<Link> {
  requirePermission(session.actor, 'link.write');
  if (input.kind !== 'related') {
    const current = await currentLink(session, input.itemKey, input.kind);
    if (current && sameTarget(current, input)) throw new ApiError('link_exists', 'this link exists already');
    // Deleted first: the index allows one owner and one goal link per item at any moment.
    if (current) await deleteEntity(session, links, current, null);
  }
  return insertEntity(session, links, id, linkFields(session, input));
}

async function currentLink(session: WriteSession, itemKey: string, kind: 'owner' | 'goal') {
  const [row] = await session.tx.query<Parameters<typeof links.fromRow>[0]>(
    'SELECT * FROM links WHERE workspace_id = $1 AND item_key = $2 AND kind = $3',
    [session.workspaceId, itemKey, kind],
  );
  return row ? links.fromRow(row) : undefined;
}

const sameTarget = (link: Link, input: LinkInput) =>
  (link.kind === 'owner' && input.kind === 'owner' && link.teamId === input.teamId) ||
  (link.kind === 'goal' && input.kind === 'goal' && link.goalId === input.goalId);

/** A new link's stored fields: the input and who created it. */
export const linkFields = (session: WriteSession, input: LinkInput) => ({
  ...input,
  createdBy: session.actor.userName,
});

export async function deleteLink(session: WriteSession, id: string): Promise<number> {
  requirePermission(session.actor, 'link.write');
  const current = await getEntity(session.tx, links, session.workspaceId, id);
  return deleteEntity(session, links, current, null);
}
