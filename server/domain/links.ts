import type { Link, LinkInput } from '../../utils/contract.ts';
import { requirePermission } from './actor.ts';
import { links } from './entities.ts';
import type { WriteSession } from './session.ts';
import { deleteEntity, getEntity, insertEntity } from './store.ts';

/** Links are created and deleted, never edited, so they carry no base version. */
export async function createLink(session: WriteSession, id: string, input: LinkInput): Promise<Link> {
  requirePermission(session.actor, 'link.write');
  return insertEntity(session, links, id, linkFields(session, input));
}

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
