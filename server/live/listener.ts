/**
 * How one server process learns of the other processes' commits and revocations: LISTEN on ONE dedicated
 * connection straight to PostgreSQL (LISTEN does not work through PgBouncer in transaction mode, and fails there
 * silently), reconnected with jittered backoff. While it is down, the process polls the `last_seq` of the
 * workspaces it holds streams for (through the ordinary pool), so no change is missed, only delayed by `pollMs`;
 * once it is back, one more poll covers the gap. Every `tokenCheckMs` (and every poll while down) the tokens of
 * the streams held are checked, so a revocation that no NOTIFY announced still closes its streams.
 * PGlite: one process, commits are observed in process (signals.ts); only the token check runs.
 */
import pg from 'pg';
import type { Database } from '../db/database.ts';
import { validTokenIds } from '../domain/tokens.ts';
import type { LiveHub } from './hub.ts';
import { CHANGES_CHANNEL, REVOKED_CHANNEL } from './signals.ts';

export const TOKEN_CHECK_MS = 30_000;
/** Shown in pg_stat_activity, so an operator (or a test) can find the listen connection. */
export const LISTEN_APPLICATION_NAME = 'hallway-listen';

export interface LiveListenerOptions {
  db: Database;
  hub: LiveHub;
  /** A connection string that reaches PostgreSQL itself, not a transaction pooler. */
  directUrl?: string;
  pollMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  tokenCheckMs?: number;
  random?: () => number;
  log?: (line: string) => void;
}

export type ListenState = 'listening' | 'polling' | 'stopped';

export interface LiveListener {
  state(): ListenState;
  /** Resolves once LISTEN is in place (tests). */
  listening(): Promise<void>;
  stop(): Promise<void>;
}

export function startLiveListener(options: LiveListenerOptions): LiveListener {
  const {
    db,
    hub,
    directUrl,
    pollMs = 1_000,
    backoffBaseMs = 500,
    backoffMaxMs = 30_000,
    tokenCheckMs = TOKEN_CHECK_MS,
    random = Math.random,
    log = (line) => console.error(line),
  } = options;
  let state: ListenState = db.kind === 'postgres' && directUrl ? 'polling' : 'listening';
  let client: pg.Client | undefined;
  let failures = 0;
  let reconnect: ReturnType<typeof setTimeout> | undefined;
  let poller: ReturnType<typeof setInterval> | undefined;
  let waiters: (() => void)[] = [];

  const checkTokens = async () => {
    const held = hub.tokenIds();
    if (held.length === 0) return;
    const valid = await validTokenIds(db, held);
    hub.revoke(held.filter((id) => !valid.has(id)));
  };
  const poll = async () => {
    const workspaces = hub.workspaceIds();
    if (workspaces.length > 0) {
      const rows = await db.query<{ id: string; last_seq: string }>(
        'SELECT id, last_seq FROM workspaces WHERE id = ANY($1::uuid[])',
        [workspaces],
      );
      for (const row of rows) hub.changed(row.id, row.last_seq);
    }
    await checkTokens();
  };
  const quietly = (work: () => Promise<void>) => () => {
    // The database being away is what polling is for: the next round tries again.
    work().catch(() => undefined);
  };
  const tokenTimer = setInterval(quietly(checkTokens), tokenCheckMs);
  tokenTimer.unref();

  const startPolling = () => {
    if (poller) return;
    poller = setInterval(quietly(poll), pollMs);
    poller.unref();
  };
  const stopPolling = () => {
    if (poller) clearInterval(poller);
    poller = undefined;
  };

  const onNotification = (message: pg.Notification) => {
    const payload = message.payload ?? '';
    if (message.channel === CHANGES_CHANNEL) {
      const [workspaceId, seq] = payload.split(':');
      if (workspaceId && seq && /^\d{1,19}$/.test(seq)) hub.changed(workspaceId, seq);
    } else if (message.channel === REVOKED_CHANNEL) {
      hub.revoke(payload.split(',').filter(Boolean));
    }
  };

  const lost = (error: unknown) => {
    if (state === 'stopped') return;
    const current = client;
    client = undefined;
    current?.removeAllListeners();
    current?.on('error', () => undefined);
    void current?.end().catch(() => undefined);
    if (state === 'listening')
      log(`live: the listen connection is down (${describe(error)}); polling until it is back`);
    state = 'polling';
    startPolling();
    failures += 1;
    const ceiling = Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, failures - 1));
    const delay = Math.round(ceiling / 2 + random() * (ceiling / 2));
    if (reconnect) clearTimeout(reconnect);
    reconnect = setTimeout(() => void connect(), delay);
    reconnect.unref();
  };

  const connect = async () => {
    if (state === 'stopped' || !directUrl) return;
    const next = new pg.Client({ connectionString: directUrl, application_name: LISTEN_APPLICATION_NAME });
    client = next;
    next.on('error', (error) => lost(error));
    next.on('end', () => {
      if (client === next) lost(new Error('connection ended'));
    });
    next.on('notification', onNotification);
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGES_CHANNEL}`);
      await next.query(`LISTEN ${REVOKED_CHANNEL}`);
    } catch (error) {
      if (client === next) lost(error);
      return;
    }
    if (client !== next || (state as ListenState) === 'stopped') return;
    if (failures > 0) log('live: listening again');
    state = 'listening';
    failures = 0;
    stopPolling();
    // What committed while nobody listened.
    await poll().catch(() => undefined);
    for (const waiter of waiters) waiter();
    waiters = [];
  };

  if (db.kind === 'postgres' && directUrl) {
    startPolling();
    void connect();
  }

  return {
    state: () => state,
    listening: () =>
      state === 'listening' ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
    async stop() {
      state = 'stopped';
      clearInterval(tokenTimer);
      stopPolling();
      if (reconnect) clearTimeout(reconnect);
      const current = client;
      client = undefined;
      current?.removeAllListeners();
      current?.on('error', () => undefined);
      await current?.end().catch(() => undefined);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
