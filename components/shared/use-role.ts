import { useLiveQuery } from 'dexie-react-hooks';
import type { Role } from '../../utils/contract.ts';
import { mirrorDb } from './mirror-db.ts';

/**
 * The user's role as the server last confirmed it (every sync pass asks), live. Undefined while loading; null when
 * Hallway is not connected to a server.
 */
export function useRole(): Role | null | undefined {
  return useLiveQuery(async () => (await mirrorDb().credentials.get('main'))?.me?.user.role ?? null, []);
}
