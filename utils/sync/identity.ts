/**
 * The user's identity as the server last confirmed it. The role decides what the UI offers (the contract's table of
 * who may do what), so it is refreshed on every sync pass: an admin may promote or demote the user at any time.
 */
import { type Me, may, PERMISSION_OF_MUTATION } from '../contract.ts';
import type { MutationMeta } from '../db/mutations.ts';
import { replayTouches } from '../db/overlay.ts';
import {
  authorOf,
  ENTITY_TABLES,
  type HallwayDexie,
  type KeptTokenRow,
  type OutboxAuthor,
  type OutboxRow,
  sameAuthor,
  type Touch,
} from '../db/schema.ts';

/** The author of rows made under a token no one confirmed yet, kept as `keptToken` until its server names them. */
const unconfirmedAuthor = (keptToken: string): OutboxAuthor => ({ workspaceId: '', userId: '', name: '', keptToken });

/**
 * Replaces this browser's credentials (a sign-in, a pasted token). The outbox rows not yet stamped with their author
 * were made under the credentials being replaced: they are stamped as that person's first, in the same transaction,
 * so no pass can send them with the new token. When the server never confirmed whose the replaced token is, the
 * token is kept and the rows point at it: the next pass asks the server (see `confirmKeptTokens`). The same token
 * again (its identity refreshed) changes no author. `replaced` is the token in use without a stored row (the
 * development build's, from its build settings), and `serverUrl` the server it was used with.
 */
export async function replaceCredentials(
  db: HallwayDexie,
  token: string,
  me: Me | null,
  replaced: { token: string | null; serverUrl: string | null } = { token: null, serverUrl: null },
): Promise<void> {
  await db.transaction('rw', ['credentials', 'outbox', 'keptTokens'], async () => {
    const previous = await db.credentials.get('main');
    const previousToken = previous?.token ?? replaced.token;
    if (previousToken && previousToken !== token) {
      const unstamped = db.outbox.filter((row) => !row.author);
      if (previous?.me) await unstamped.modify({ author: authorOf(previous.me) });
      else if ((await unstamped.count()) > 0) {
        const kept = (await db.keptTokens.filter((row) => row.token === previousToken).first()) ?? {
          id: crypto.randomUUID(),
          token: previousToken,
          serverUrl: replaced.serverUrl,
        };
        await db.keptTokens.put(kept);
        await unstamped.modify({ author: unconfirmedAuthor(kept.id) });
      }
    }
    await db.credentials.put({ id: 'main', token, me });
  });
}

/**
 * Asks the server who each kept token is (see `KeptTokenRow`) and names the author of the rows made under it: a
 * token the server answers for is that person's, and its rows become theirs (`adoptIdentity` then sends them when
 * that person is signed in, or keeps them aside as theirs). A token the server no longer accepts can no longer be
 * named: it is dropped and its rows stay aside, no one's (discardable). A server out of reach is asked again later.
 */
export async function confirmKeptTokens(
  db: HallwayDexie,
  whoIs: (kept: KeptTokenRow) => Promise<Me | 'refused' | 'unknown'>,
): Promise<void> {
  for (const kept of await db.keptTokens.toArray()) {
    const answer = await whoIs(kept).catch(() => 'unknown' as const);
    if (answer === 'unknown') continue;
    await db.transaction('rw', ['outbox', 'keptTokens'], async () => {
      if (answer !== 'refused') {
        await db.outbox.filter((row) => row.author?.keptToken === kept.id).modify({ author: authorOf(answer) });
      }
      await db.keptTokens.delete(kept.id);
    });
  }
}

/**
 * Stores `me`, sorts the outbox by author and settles the refusals `me`'s role lifts.
 *
 * A write goes only with its author's token: the server records it as the token's user's, so another person's write
 * sent with this token would be forged in their name. Rows of another author are set aside (never sent, their change
 * no longer shown over the mirror) and rows of this author set aside earlier come back, as when Ana signs in again
 * after Bea used this browser. Rows not yet stamped are this token's (replacing the credentials stamps them first).
 *
 * A write refused for want of a permission the user's role now holds (a viewer promoted to member) goes back to
 * pending under a new mutation id, its change shown again, and is sent with this pass. Refusals the role still does
 * not lift stay, with the server's reason.
 *
 * Returns how many writes were queued again, and the author whose rows this pass may send: null when the browser's
 * credentials moved to another token meanwhile (this pass's answer is not theirs, and it sends nothing).
 */
export async function adoptIdentity(
  db: HallwayDexie,
  token: string,
  me: Me,
  meta: MutationMeta,
): Promise<{ lifted: number; author: OutboxAuthor | null }> {
  return db.transaction('rw', [...ENTITY_TABLES, 'outbox', 'bases', 'credentials'], async () => {
    const credentials = await db.credentials.get('main');
    // No row yet: the development build's token, which came from its build settings.
    if (!credentials) await db.credentials.put({ id: 'main', token, me });
    // A row saved meanwhile with another token (the options page) is that token's: this pass's answer is not its.
    else if (credentials.token !== token) return { lifted: 0, author: null };
    else if (JSON.stringify(credentials.me) !== JSON.stringify(me)) await db.credentials.put({ ...credentials, me });
    const author = authorOf(me);
    const sorted = await sortByAuthor(db, author);
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
    await replayTouches(db, [...sorted, ...touches], meta);
    return { lifted: lifted.length, author };
  });
}

/** Stamps this token's unstamped rows, sets other authors' rows aside and brings back `author`'s; the touches moved. */
async function sortByAuthor(db: HallwayDexie, author: OutboxAuthor): Promise<Touch[]> {
  const moved: Touch[] = [];
  const rows = await db.outbox.toArray();
  for (const row of rows) {
    const rowAuthor = row.author ?? author;
    const patch: Partial<OutboxRow> = row.author ? {} : { author };
    if (!sameAuthor(rowAuthor, author) && row.status !== 'aside') {
      Object.assign(patch, { status: 'aside', asideFrom: row.status });
    } else if (sameAuthor(rowAuthor, author) && row.status === 'aside') {
      Object.assign(patch, { status: row.asideFrom ?? 'pending', asideFrom: undefined });
    }
    if (Object.keys(patch).length === 0) continue;
    await db.outbox.update(row.seq as number, patch);
    if ('status' in patch) moved.push(...row.touches);
  }
  return moved;
}
