/**
 * The connection: where to sync (settings) and with which token (the extension's IndexedDB), and the connection
 * test the options page runs, which tells apart "unreachable", "not a Hallway server" and "wrong token".
 */
import { type Me, zHealth, zHttpUrl, zMe } from '../contract.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { type Message, message } from '../message.ts';
import { developmentConnection, loadSettings, type Settings, saveSettings } from '../settings.ts';
import { clearMirror } from './apply.ts';
import { type Connection, type FetchLike, hallwayKy } from './http.ts';
import { replaceCredentials } from './identity.ts';

export async function readConnection(
  db: HallwayDexie,
  settings: () => Promise<Settings> = () => loadSettings(),
): Promise<Connection | null> {
  const { serverUrl } = await settings();
  const token = (await db.credentials.get('main'))?.token ?? developmentConnection().token;
  return serverUrl && token ? { serverUrl, token } : null;
}

export type ConnectionProblem =
  | 'invalid_url'
  | 'missing_scheme'
  | 'missing_token'
  | 'unreachable'
  | 'not_hallway'
  | 'wrong_token'
  | 'server_error';

export type ConnectionTest =
  | { ok: true; me: Me; version: string }
  | { ok: false; problem: ConnectionProblem; message: Message };

const isLoopbackHost = (host: string) =>
  ['localhost', '127.0.0.1', '[::1]'].includes(host) || host.endsWith('.localhost');

/**
 * A word on an address that works but sends the token in the clear: plain http to another machine. (Firefox would
 * upgrade such a request to https by default; Hallway's Firefox build allows it as Chrome does, and says so here.)
 */
export function plainHttpNote(serverUrl: string | undefined): Message | null {
  if (!serverUrl || !URL.canParse(serverUrl)) return null;
  const url = new URL(serverUrl);
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return null;
  return message('connection.plainHttp', { host: url.host });
}

/** What is wrong with the address and token as typed, before anything is sent; null when both can be tried. */
export function checkConnectionInput(serverUrl: string, token: string): Extract<ConnectionTest, { ok: false }> | null {
  const address = serverUrl.trim();
  if (!address) {
    return {
      ok: false,
      problem: 'invalid_url',
      message: message('connection.enterAddress'),
    };
  }
  if (!zHttpUrl.safeParse(address).success) {
    // `localhost:8787` or `hallway.example.com`: an address without its scheme.
    const withScheme = !/^[a-z][a-z\d+.-]*:\/\//i.test(address) && URL.canParse(`http://${address}`);
    if (withScheme) {
      const host = new URL(`http://${address}`).hostname;
      const scheme = isLoopbackHost(host) ? 'http://' : 'https://';
      return {
        ok: false,
        problem: 'missing_scheme',
        message: message('connection.addScheme', { scheme, address: `${scheme}${address}` }),
      };
    }
    return {
      ok: false,
      problem: 'invalid_url',
      message: message('connection.invalidUrl'),
    };
  }
  if (!token.trim()) {
    return {
      ok: false,
      problem: 'missing_token',
      message: message('connection.enterToken'),
    };
  }
  return null;
}

export async function testConnection(fetch: FetchLike, serverUrl: string, token: string): Promise<ConnectionTest> {
  const wrongInput = checkConnectionInput(serverUrl, token);
  if (wrongInput) return wrongInput;
  const base = serverUrl.trim().replace(/\/+$/, '');
  // The answers are read here, status by status, to tell the problems apart: ky does not throw on them.
  const client = hallwayKy({ fetch, serverUrl: base }).extend({ throwHttpErrors: false });
  const get = async (path: string, headers: Record<string, string> = {}) => {
    try {
      const response = await client.get(path, { headers });
      const body: unknown = await response.json().catch(() => undefined);
      return { status: response.status, body };
    } catch {
      return null;
    }
  };

  const health = await get('/healthz');
  if (!health) {
    // A browser fails a request the server did not allow by CORS the way it fails an unreachable one. A Hallway
    // server allows every extension origin, so a server that answers a `no-cors` request is another one.
    // (`no-cors` requires following redirects: any answer will do.)
    const answers = await client.get('/healthz', { mode: 'no-cors', redirect: 'follow' }).then(
      () => true,
      () => false,
    );
    if (answers) {
      return {
        ok: false,
        problem: 'not_hallway',
        message: message('connection.notHallway', { base }),
      };
    }
    return {
      ok: false,
      problem: 'unreachable',
      message: message('connection.unreachable', { base }),
    };
  }
  const parsedHealth = zHealth.safeParse(health.body);
  if (health.status !== 200 || !parsedHealth.success) {
    return {
      ok: false,
      problem: 'not_hallway',
      message: message('connection.notHallway', { base }),
    };
  }
  const me = await get('/v1/me', { authorization: `Bearer ${token.trim()}` });
  if (!me) return { ok: false, problem: 'unreachable', message: message('connection.stoppedAnswering', { base }) };
  if (me.status === 401) {
    return {
      ok: false,
      problem: 'wrong_token',
      message: message('connection.wrongToken'),
    };
  }
  const parsedMe = zMe.safeParse(me.body);
  if (me.status !== 200 || !parsedMe.success) {
    return {
      ok: false,
      problem: 'server_error',
      message: message('connection.serverError', { status: String(me.status) }),
    };
  }
  return { ok: true, me: parsedMe.data, version: parsedHealth.data.version };
}

/**
 * Saves a tested connection or a sign-in's device token: the token to IndexedDB (never storage.local, which content
 * scripts can read). Called before the new server is saved: the one in the settings is the replaced token's.
 */
export async function saveCredentials(db: HallwayDexie, token: string, me: Me | null): Promise<void> {
  const replaced = { token: developmentConnection().token, serverUrl: (await loadSettings()).serverUrl };
  await replaceCredentials(db, token.trim(), me, replaced);
}

export type DisconnectResult = { disconnected: true } | { disconnected: false; unsent: number };

/**
 * Forgets the server: its address, the token and the workspace's copy in this browser. Writes the server has not
 * acknowledged are never dropped unasked: with some in the outbox and `discardUnsent` false, nothing changes and the
 * answer says how many there are. `settled` waits for a sync pass already under way, which still holds the old
 * connection; passes started after the token is gone find no connection.
 */
export async function disconnect(
  db: HallwayDexie,
  options: {
    discardUnsent: boolean;
    settled?: () => Promise<unknown>;
    saveServerUrl?: (url: null) => Promise<unknown>;
  },
): Promise<DisconnectResult> {
  const unsent = await db.outbox.count();
  if (unsent > 0 && !options.discardUnsent) return { disconnected: false, unsent };
  await db.credentials.clear();
  await (options.saveServerUrl ?? ((serverUrl) => saveSettings({ serverUrl })))(null);
  await options.settled?.();
  await clearMirror(db, { discardOutbox: options.discardUnsent });
  return { disconnected: true };
}
