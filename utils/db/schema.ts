/**
 * The local mirror's schema: row types and the full, append-only history of Dexie versions. Every shipped version
 * stays here, because a browser may hold a database from any of them (with outbox rows that must survive).
 */
import type { Dexie, EntityTable, Table } from 'dexie';
import type { Decision, EntityName, Goal, Item, Link, Me, Mutation, Note, OwnershipRule, Team } from '../contract.ts';
import type { ErrorParams } from '../errors.ts';

/** The cached row of each entity. A row written locally and not yet acknowledged has `version` 0 for a create. */
export interface EntityRows {
  team: Team;
  goal: Goal;
  decision: Decision;
  item: Item;
  link: Link;
  rule: OwnershipRule;
  note: Note;
}
export type EntityRow = EntityRows[EntityName];

export const TABLE_OF = {
  team: 'teams',
  goal: 'goals',
  decision: 'decisions',
  item: 'items',
  link: 'links',
  rule: 'rules',
  note: 'notes',
} as const satisfies Record<EntityName, string>;
export type EntityTableName = (typeof TABLE_OF)[EntityName];
export const ENTITY_TABLES = Object.values(TABLE_OF);

/** `<entity>:<id>`: one entity a mutation changes; the outbox indexes its rows by these. */
export type Touch = `${EntityName}:${string}`;
export const touchOf = (entity: EntityName, id: string): Touch => `${entity}:${id}`;

/**
 * The entities a mutation changes: its own, plus the decision a new decision supersedes. Here, beside `touchOf`,
 * and not with the mutations' effects (mutations.ts): the schema's versions need it, and opening the mirror must
 * not load the contract's zod schemas.
 */
export function touchesOf(mutation: Mutation): Touch[] {
  const touches = [touchOf(mutation.type.split('.')[0] as EntityName, mutation.id)];
  if (mutation.type === 'decision.create' && mutation.data.supersedes) {
    touches.push(touchOf('decision', mutation.data.supersedes));
  }
  return touches;
}

/**
 * `pending`: waiting to be sent (or re-sent: a row whose request was lost is still pending and goes again with the
 * same mutation id). `rejected` and `conflict` stay until the user retries or discards them. `aside`: made by someone
 * else than the person now signed in (see `author`): never sent, shown or replayed until its author is back.
 */
export type OutboxStatus = 'pending' | 'rejected' | 'conflict' | 'aside';

/**
 * Who made a write: the person signed in when it was made. The server records a write as its token's user's, so a
 * write may only ever be sent with its author's token; ids, because names are not unique and a workspace on another
 * server is another workspace.
 */
export interface OutboxAuthor {
  workspaceId: string;
  userId: string;
  name: string;
  /**
   * For a write made before the server confirmed who its token is, and whose token was replaced meanwhile: the
   * `KeptTokenRow` that token is kept in (ids and name are empty). The server's answer about that token names the
   * author; until then the row is no one's here (set aside, never sent).
   */
  keptToken?: string;
}
export const authorOf = (me: Me): OutboxAuthor => ({
  workspaceId: me.workspace.id,
  userId: me.user.id,
  name: me.user.name,
});
export const sameAuthor = (one: OutboxAuthor, two: OutboxAuthor) =>
  one.workspaceId === two.workspaceId && one.userId === two.userId && one.keptToken === two.keptToken;

export interface OutboxRow {
  /** Auto-incremented: the order in which the user made the writes, which is the order they are sent in. */
  seq?: number;
  mutationId: string;
  mutation: Mutation;
  touches: Touch[];
  status: OutboxStatus;
  /** How many requests carried this mutation without an answer for it. */
  attempts: number;
  /** Epoch milliseconds of the local write. */
  createdAt: number;
  /** The server's refusal: its code, English message and params, said in the user's language by utils/errors.ts. */
  error?: { code: string; message: string; params?: ErrorParams };
  /** For a conflict: the server's version the write would overwrite. */
  serverVersion?: number;
  /**
   * Who made it. Missing on a row made before the identity was known (before the first sync): such a row is the
   * current token's, and is stamped when a sync pass learns who that is, or when another sign-in replaces it.
   */
  author?: OutboxAuthor;
  /** For a row set aside: the status it comes back to when its author signs in again. */
  asideFrom?: Exclude<OutboxStatus, 'aside'>;
  /**
   * The name of the team or goal a link points at, as it was when the link was made: a refusal drawn after the pull
   * removed that team or goal (deleted meanwhile) still says which one it was.
   */
  targetName?: string;
}

/**
 * The last server state of an entity that has local writes on top (null: the entity does not exist on the server
 * yet). The visible row is this base with the pending outbox mutations replayed, so a pulled change or a rejected
 * write never erases, or leaves behind, an optimistic edit.
 */
export interface BaseRow {
  touch: Touch;
  row: EntityRow | null;
}

/**
 * A local write the server acknowledged at `version` (for a delete: the version the deletion made) whose change the
 * pull has not brought yet. Until it does, a pulled row of an older version is older than what the mirror shows:
 * pages with more after them may come from the server's cache at any age, and must not move the entity back (or
 * bring a deleted one back). Dropped when the pull brings this version or later, or the tombstone.
 */
export interface AcknowledgedRow {
  touch: Touch;
  version: number;
}

export type SyncStatus = 'idle' | 'syncing' | 'offline' | 'backoff' | 'reconnect' | 'error' | 'disconnected';

export interface SyncStateRow {
  id: 'main';
  /** The resume point of the pull, null before the first sync. */
  cursor: string | null;
  /** Epoch milliseconds of the last sync that reached the end of the change stream. */
  lastSyncAt: number | null;
  /** Said by utils/errors.ts from its code and params (the server's, or the HTTP client's own: `network`, …). */
  lastError: { code: string; message: string; params?: ErrorParams; at: number } | null;
  status: SyncStatus;
  /** Epoch milliseconds before which no sync is attempted (back-off, Retry-After); survives a worker restart. */
  nextAttemptAt: number | null;
  /** Which server the cached data came from: connecting elsewhere starts a fresh mirror. */
  serverUrl: string | null;
  /**
   * Which workspace of that server (one server may hold several): a token of another workspace starts a fresh mirror
   * too. Missing in mirrors synced before it was kept: the next pass records it.
   */
  workspaceId?: string | null;
}

/**
 * The API token lives here, in the extension origin's IndexedDB: it persists across browser restarts, and content
 * scripts cannot read it (IndexedDB in a content script is the host page's, and storage.local is readable there).
 */
export interface CredentialRow {
  id: 'main';
  token: string;
  /** Who the token belongs to, from the last successful connection test. */
  me: Me | null;
}

/**
 * A token replaced before the server ever confirmed whose it is, kept while outbox rows made under it wait for that
 * answer: each sync pass asks its server who the token is (`/v1/me`), and those rows become that person's (sent when
 * they are the one signed in, set aside as theirs otherwise). Dropped once answered, or refused by the server.
 */
export interface KeptTokenRow {
  id: string;
  token: string;
  /** The server the token was used with (null: the one of the current connection). */
  serverUrl: string | null;
}

export type HallwayDexie = Dexie & {
  teams: EntityTable<Team, 'id'>;
  goals: EntityTable<Goal, 'id'>;
  decisions: EntityTable<Decision, 'id'>;
  items: EntityTable<Item, 'id'>;
  links: EntityTable<Link, 'id'>;
  rules: EntityTable<OwnershipRule, 'id'>;
  notes: EntityTable<Note, 'id'>;
  outbox: EntityTable<OutboxRow, 'seq'>;
  bases: EntityTable<BaseRow, 'touch'>;
  acknowledged: EntityTable<AcknowledgedRow, 'touch'>;
  syncState: EntityTable<SyncStateRow, 'id'>;
  credentials: EntityTable<CredentialRow, 'id'>;
  keptTokens: EntityTable<KeptTokenRow, 'id'>;
};

export type AnyTable = Table<unknown, string>;
