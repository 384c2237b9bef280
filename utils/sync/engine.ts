/**
 * One sync pass: push the outbox, then pull until the change stream is exhausted. Everything the pass needs from
 * the outside (connection, fetch, clock) is injected, so tests run it against a real server in Node.
 */
import { type Me, MUTATION_BATCH_MAX, PULL_PAGE_MAX } from '../contract.ts';
import { type LocalUser, localUserOf, readLocalUser } from '../db/local-user.ts';
import type { MutationMeta } from '../db/mutations.ts';
import type { HallwayDexie, KeptTokenRow, OutboxAuthor, SyncStateRow } from '../db/schema.ts';
import {
  applyPullPage,
  applyPushResults,
  markAttempt,
  nextBatch,
  readSyncState,
  resetMirror,
  updateSyncState,
} from './apply.ts';
import { type Connection, createSyncApi, type FetchLike, type SyncFailure, SyncHttpError } from './http.ts';
import { adoptIdentity, confirmKeptTokens } from './identity.ts';

export interface SyncEngineDeps {
  db: HallwayDexie;
  /** Where to sync and with which token; null while the user has not connected. */
  connection: () => Promise<Connection | null>;
  fetch: FetchLike;
  now?: () => number;
  timeoutMs?: number;
  pageSize?: number;
  batchSize?: number;
}

export type SyncOutcome =
  | { kind: 'done'; pushed: number; pulled: number }
  | { kind: 'disconnected' }
  /** 401: syncing stops until the user reconnects. */
  | { kind: 'unauthorized' }
  | { kind: 'failed'; failure: SyncFailure | { kind: 'quota' } | { kind: 'protocol' }; retryAfterMs: number | null };

/** A page that does not move the cursor while promising more would make the pull spin forever. */
class StalledCursorError extends Error {}

export function createSyncEngine(deps: SyncEngineDeps) {
  const { db, now = Date.now, pageSize = PULL_PAGE_MAX, batchSize = MUTATION_BATCH_MAX } = deps;
  /** For rows replayed over pulled state: they are the local user's, named as the server last confirmed them. */
  const meta = async (user?: LocalUser): Promise<MutationMeta> => ({
    now: new Date(now()).toISOString(),
    actor: (user ?? (await readLocalUser(db))).name,
  });

  async function push(api: ReturnType<typeof createSyncApi>, author: OutboxAuthor): Promise<number> {
    let acknowledged = 0;
    for (;;) {
      const batch = await nextBatch(db, batchSize, author);
      if (batch.length === 0) return acknowledged;
      await markAttempt(db, batch);
      const { results } = await api.push(batch.map((row) => row.mutation));
      const settled = await applyPushResults(db, results, await meta());
      acknowledged += settled.acknowledged;
      // Nothing settled (no answers, or only retryable ones): try again on the next pass, not in a tight loop.
      if (settled.acknowledged + settled.rejected + settled.conflicts === 0) return acknowledged;
    }
  }

  /**
   * Pulls page after page. The next page is requested while the current one is written (its cursor is known from
   * the response), so the network and IndexedDB work overlap; a prefetch is dropped if the page was not accepted.
   */
  async function pull(api: ReturnType<typeof createSyncApi>): Promise<number> {
    let applied = 0;
    let before = (await readSyncState(db)).cursor;
    let request = api.pull(before, pageSize);
    for (;;) {
      const page = await request;
      const prefetched = page.hasMore && page.cursor !== before ? page.cursor : null;
      if (prefetched !== null) {
        request = api.pull(prefetched, pageSize);
        // Awaited on the next turn; until then a failure must not count as unhandled.
        request.catch(() => undefined);
      }
      const result = await applyPullPage(db, page, await meta());
      applied += result.applied;
      if (!page.hasMore) return applied;
      if (result.cursor === before) throw new StalledCursorError('protocol');
      if (result.cursor !== prefetched) request = api.pull(result.cursor, pageSize);
      before = result.cursor;
    }
  }

  /**
   * Who a kept token is, asked of the server it was used with while that is the one connected: its writes could go
   * to no other, and a server no longer in use would hold up every pass.
   */
  async function whoIs(kept: KeptTokenRow, connection: Connection): Promise<Me | 'refused' | 'unknown'> {
    const serverUrl = kept.serverUrl ?? connection.serverUrl;
    if (serverUrl !== connection.serverUrl) return 'unknown';
    const api = createSyncApi({
      fetch: deps.fetch,
      connection: { serverUrl, token: kept.token },
      now,
      timeoutMs: deps.timeoutMs,
    });
    try {
      return await api.me();
    } catch (error) {
      return error instanceof SyncHttpError && error.failure.kind === 'unauthorized' ? 'refused' : 'unknown';
    }
  }

  async function fail(outcome: Extract<SyncOutcome, { kind: 'failed' | 'unauthorized' }>, error: Error) {
    const status: SyncStateRow['status'] =
      outcome.kind === 'unauthorized'
        ? 'reconnect'
        : outcome.failure.kind === 'network' || outcome.failure.kind === 'timeout'
          ? 'offline'
          : outcome.failure.kind === 'quota'
            ? 'error'
            : 'backoff';
    // The failure's code and params, said where it is shown (utils/errors.ts): a 401 keeps the server's reason, so an
    // account an admin deactivated is told apart from an expired sign-in; a refusal keeps the server's code.
    const code =
      error instanceof SyncHttpError
        ? error.code
        : outcome.kind === 'unauthorized'
          ? 'unauthorized'
          : outcome.failure.kind;
    const params = error instanceof SyncHttpError ? error.params : undefined;
    await updateSyncState(db, {
      status,
      lastError: { code, message: error.message, ...(params ? { params } : {}), at: now() },
    });
    return outcome;
  }

  return {
    async syncOnce(): Promise<SyncOutcome> {
      const connection = await deps.connection();
      if (!connection) {
        await updateSyncState(db, { status: 'disconnected' });
        return { kind: 'disconnected' };
      }
      const api = createSyncApi({ fetch: deps.fetch, connection, now, timeoutMs: deps.timeoutMs });
      try {
        const state = await readSyncState(db);
        if (state.serverUrl !== connection.serverUrl) await resetMirror(db, connection.serverUrl);
        await updateSyncState(db, { status: 'syncing' });
        // First, so writes a new role allows are sent in this very pass and the UI offers what the role holds.
        const me = await api.me();
        // Another workspace on the same server: its data must neither mix with the cached one nor be read from the
        // cached workspace's cursor.
        const { workspaceId } = await readSyncState(db);
        if (workspaceId && workspaceId !== me.workspace.id) await resetMirror(db, connection.serverUrl);
        if (workspaceId !== me.workspace.id) await updateSyncState(db, { workspaceId: me.workspace.id });
        // Writes made under a token replaced before anyone confirmed it: the server names their author first.
        await confirmKeptTokens(db, (kept) => whoIs(kept, connection));
        const { author } = await adoptIdentity(db, connection.token, me, await meta(localUserOf(me)));
        // Only the writes of the person this token is; none when the browser signed in with another token meanwhile.
        const pushed = author ? await push(api, author) : 0;
        const pulled = await pull(api);
        await updateSyncState(db, { status: 'idle', lastSyncAt: now(), lastError: null, nextAttemptAt: null });
        return { kind: 'done', pushed, pulled };
      } catch (error) {
        if (error instanceof SyncHttpError) {
          if (error.failure.kind === 'unauthorized') return fail({ kind: 'unauthorized' }, error);
          const retryAfterMs = error.failure.kind === 'rate_limited' ? error.failure.retryAfterMs : null;
          return fail({ kind: 'failed', failure: error.failure, retryAfterMs }, error);
        }
        if (error instanceof StalledCursorError) {
          return fail({ kind: 'failed', failure: { kind: 'protocol' }, retryAfterMs: null }, error);
        }
        if (isQuotaError(error)) {
          // Said from its code, `quota`, where the sync state is shown.
          return fail({ kind: 'failed', failure: { kind: 'quota' }, retryAfterMs: null }, new Error('quota'));
        }
        throw error;
      }
    },
    /** Keeps the time of the next attempt across service-worker restarts (back-off and Retry-After). */
    async deferUntil(at: number | null): Promise<void> {
      await updateSyncState(db, { nextAttemptAt: at });
    },
    readState: () => readSyncState(db),
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;

/** Dexie may wrap QuotaExceededError in an AbortError (`inner`), depending on where the transaction failed. */
export function isQuotaError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') return false;
    const { name, inner } = current as { name?: unknown; inner?: unknown };
    if (name === 'QuotaExceededError') return true;
    current = inner;
  }
  return false;
}
