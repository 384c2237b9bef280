import { useLiveQuery } from 'dexie-react-hooks';
import type { Role } from '../../utils/contract.ts';
import { type LocalUser, readLocalUser } from '../../utils/db/local-user.ts';
import { mirrorDb } from './mirror-db.ts';

/**
 * The user's role as the server last confirmed it (every sync pass asks), live. Undefined while loading; null when
 * Hallway is not connected to a server.
 */
export function useRole(): Role | null | undefined {
  return useLocalUser()?.role;
}

/** The signed-in user, name and role, as the server last confirmed them (`utils/db/local-user.ts`), live. */
export function useLocalUser(): LocalUser | undefined {
  return useLiveQuery(() => readLocalUser(mirrorDb()), []);
}
