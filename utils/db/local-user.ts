/**
 * Who the local user is: the signed-in user as the server last confirmed them (`GET /v1/me`, kept in the
 * credentials row by every sync pass and by the connection test). The one source of the name written into the
 * local user's decisions, notes and links, and of the role the UI offers; one fallback while the server has not
 * answered yet.
 */
import type { Me, Role } from '../contract.ts';
import type { HallwayDexie } from './schema.ts';

/** What the local user is called before any server has said whom the token belongs to. */
const NAME_NOT_YET_KNOWN = 'You';

export interface LocalUser {
  name: string;
  role: Role | null;
}

/** The local user from a `/v1/me` answer (null before the first one). */
export const localUserOf = (me: Me | null | undefined): LocalUser => ({
  name: me?.user.name ?? NAME_NOT_YET_KNOWN,
  role: me?.user.role ?? null,
});

export async function readLocalUser(db: HallwayDexie): Promise<LocalUser> {
  return localUserOf((await db.credentials.get('main'))?.me);
}
