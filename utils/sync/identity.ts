/**
 * The user's identity as the server last confirmed it. The role decides what the UI offers (the contract's table of
 * who may do what), so it is refreshed on every sync pass: an admin may promote or demote the user at any time.
 */
import { type Me, may, PERMISSION_OF_MUTATION } from '../contract.ts';
import type { MutationMeta } from '../db/mutations.ts';
import { replayTouches } from '../db/overlay.ts';
import { ENTITY_TABLES, type HallwayDexie, type Touch } from '../db/schema.ts';

/**
 * Stores `me` and settles the refusals it lifts: a write refused for want of a permission the user's role now holds
 * (a viewer promoted to member) goes back to pending under a new mutation id, its change shown again, and is sent
 * with this pass. Refusals
 * the role still does not lift stay, with the server's reason. Returns how many writes were queued again.
 */
export async function adoptIdentity(db: HallwayDexie, token: string, me: Me, meta: MutationMeta): Promise<number> {
  return db.transaction('rw', [...ENTITY_TABLES, 'outbox', 'bases', 'credentials'], async () => {
    const credentials = await db.credentials.get('main');
    // No row yet: the development build's token, which came from its build settings.
    if (!credentials) await db.credentials.put({ id: 'main', token, me });
    // A row saved meanwhile with another token (the options page) is that token's: this pass's answer is not its.
    else if (credentials.token === token && JSON.stringify(credentials.me) !== JSON.stringify(me)) {
      await db.credentials.put({ ...credentials, me });
    }
    const lifted = await db.outbox
      .where('status')
      .equals('rejected')
      .filter((row) => row.error?.code === 'forbidden' && may(me.user.role, PERMISSION_OF_MUTATION[row.mutation.type]))
      .toArray();
    const touches: Touch[] = [];
    for (const row of lifted) {
      // The server keeps the refusal of the old mutation id (it had no effect), so the write goes as a new one.
      const mutationId = crypto.randomUUID();
      await db.outbox.update(row.seq as number, {
        mutationId,
        mutation: { ...row.mutation, mutationId },
        status: 'pending',
        error: undefined,
        attempts: 0,
      });
      touches.push(...row.touches);
    }
    await replayTouches(db, touches, meta);
    return lifted.length;
  });
}
