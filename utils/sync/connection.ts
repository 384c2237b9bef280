/**
 * The connection: where to sync (settings) and with which token (the extension's IndexedDB), and the connection
 * test the options page runs, which tells apart "unreachable", "not a Hallway server" and "wrong token".
 */
import { type Me, zHealth, zHttpUrl, zMe } from '../contract.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { developmentConnection, loadSettings, type Settings } from '../settings.ts';
import { type Connection, DEFAULT_TIMEOUT_MS, type FetchLike } from './http.ts';

export async function readConnection(
  db: HallwayDexie,
  settings: () => Promise<Settings> = () => loadSettings(),
): Promise<Connection | null> {
  const { serverUrl } = await settings();
  const token = (await db.credentials.get('main'))?.token ?? developmentConnection().token;
  return serverUrl && token ? { serverUrl, token } : null;
}

export type ConnectionTest =
  | { ok: true; me: Me; version: string }
  | {
      ok: false;
      problem: 'invalid_url' | 'unreachable' | 'not_hallway' | 'wrong_token' | 'server_error';
      message: string;
    };

export async function testConnection(fetch: FetchLike, serverUrl: string, token: string): Promise<ConnectionTest> {
  if (!zHttpUrl.safeParse(serverUrl).success) {
    return {
      ok: false,
      problem: 'invalid_url',
      message: 'Enter the server address, e.g. https://hallway.example.com.',
    };
  }
  const base = serverUrl.replace(/\/+$/, '');
  const get = async (path: string, headers: Record<string, string> = {}) => {
    try {
      const response = await fetch(`${base}${path}`, {
        headers: { accept: 'application/json', ...headers },
        redirect: 'manual',
        signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS),
      });
      const body: unknown = await response.json().catch(() => undefined);
      return { status: response.status, body };
    } catch {
      return null;
    }
  };

  const health = await get('/healthz');
  if (!health) {
    return {
      ok: false,
      problem: 'unreachable',
      message: `Cannot reach ${base}. Check the address and that the server is running.`,
    };
  }
  const parsedHealth = zHealth.safeParse(health.body);
  if (health.status !== 200 || !parsedHealth.success) {
    return { ok: false, problem: 'not_hallway', message: `${base} answers, but it is not a Hallway server.` };
  }
  const me = await get('/v1/me', { authorization: `Bearer ${token.trim()}` });
  if (!me) return { ok: false, problem: 'unreachable', message: `${base} stopped answering.` };
  if (me.status === 401) {
    return {
      ok: false,
      problem: 'wrong_token',
      message: 'The server does not accept this token. Copy it again or ask your admin for a new one.',
    };
  }
  const parsedMe = zMe.safeParse(me.body);
  if (me.status !== 200 || !parsedMe.success) {
    return {
      ok: false,
      problem: 'server_error',
      message: `The server could not confirm the token (HTTP ${me.status}).`,
    };
  }
  return { ok: true, me: parsedMe.data, version: parsedHealth.data.version };
}

/** Saves a tested connection: the token to IndexedDB (never storage.local, which content scripts can read). */
export async function saveCredentials(db: HallwayDexie, token: string, me: Me | null): Promise<void> {
  await db.credentials.put({ id: 'main', token: token.trim(), me });
}
