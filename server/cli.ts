import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Role, zMe, zRole } from '../utils/contract.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { DataFolderLockedError } from './db/pglite-lock.ts';
import { devTokenPath } from './dev-token.ts';
import { createUserToken, listTokens, revokeToken, type TokenInfo } from './domain/tokens.ts';
import { parseEnv } from './env.ts';
import { streamsRevoked } from './live/signals.ts';
import { zCreatedToken, zTokenInfo } from './routes/tokens.ts';

const usage = `Usage:
  npm run token -- create --name <name> --role <admin|member|viewer> [--workspace <id>]
  npm run token -- revoke <token id or prefix>
  npm run token -- list [--workspace <id>]
Uses the same database as the server: DATABASE_URL, else PGlite in DATA_DIR. While a server holds that PGlite
folder, the command goes through the server's API with an admin token: HALLWAY_ADMIN_TOKEN, else the one
\`npm start\` keeps in .data/dev-token.`;

/** The three token operations, on the database itself or through a running server's API. */
interface TokenStore {
  create(name: string, role: Role): Promise<TokenInfo & { token: string }>;
  list(): Promise<TokenInfo[]>;
  revoke(idOrPrefix: string): Promise<TokenInfo[]>;
  close(): Promise<void>;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, role: { type: 'string' }, workspace: { type: 'string' } },
});
// `npm run token -- create …` and `node server/cli.ts token create …` both work.
const [group, argument] = positionals[0] === 'token' ? positionals.slice(1) : positionals;
if (!group || !['create', 'revoke', 'list'].includes(group)) fail(usage);
const role = zRole.safeParse(values.role);
if (group === 'create' && (!values.name || !role.success)) fail(usage);
if (group === 'revoke' && !argument) fail(usage);

const env = parseEnv();
const store = await openConfiguredDatabase(env).then(
  (db) => databaseStore(db, values.workspace),
  (error: unknown) => {
    if (!(error instanceof DataFolderLockedError)) throw error;
    return serverStore(error, values.workspace);
  },
);
try {
  if (group === 'create' && role.success) {
    const created = await store.create(values.name ?? '', role.data);
    console.log(`Created token ${created.id} (${created.role}) for ${created.name}. It is shown only this once:`);
    console.log(created.token);
  } else if (group === 'revoke') {
    const revoked = await store.revoke(argument ?? '');
    if (revoked.length === 0) fail(`No token matches ${argument}.`);
    for (const token of revoked) console.log(`Revoked ${token.id} (${token.prefix}…, ${token.name})`);
  } else {
    for (const token of await store.list()) {
      const state = token.revokedAt ? `revoked ${token.revokedAt}` : 'active';
      console.log(`${token.id}  ${token.prefix}…  ${token.role.padEnd(6)}  ${token.name}  (${state})`);
    }
  }
} finally {
  await store.close();
}

function databaseStore(db: Awaited<ReturnType<typeof openConfiguredDatabase>>, workspace?: string): TokenStore {
  async function onlyWorkspace(): Promise<string> {
    const rows = await db.query<{ id: string }>('SELECT id FROM workspaces ORDER BY created_at LIMIT 2');
    if (rows.length !== 1 || !rows[0]) fail('Pass --workspace <id>: the database has zero or several workspaces.');
    return rows[0].id;
  }
  return {
    async create(name, tokenRole) {
      const workspaceId = workspace ?? (await onlyWorkspace());
      return db.transaction((tx) => createUserToken(tx, { workspaceId, name, role: tokenRole, now: new Date() }));
    },
    list: () => listTokens(db, workspace),
    async revoke(idOrPrefix) {
      const revoked = await revokeToken(db, idOrPrefix, new Date());
      // Servers on this PostgreSQL close the streams of these tokens at once (NOTIFY).
      await streamsRevoked(
        db,
        revoked.map((token) => token.id),
      );
      return revoked;
    },
    close: () => db.close(),
  };
}

/**
 * The PGlite folder is held by a running server: opening it too could corrupt it, so the command asks that server,
 * with an admin token from HALLWAY_ADMIN_TOKEN or `npm start`'s dev token. Without one, it says how to go on.
 */
function serverStore(locked: DataFolderLockedError, workspace?: string): TokenStore {
  const url = locked.holder.url;
  const devToken = devTokenPath(locked.dataDir);
  const fromEnv = process.env.HALLWAY_ADMIN_TOKEN?.trim();
  const token = fromEnv || (existsSync(devToken) ? readFileSync(devToken, 'utf8').trim() : '');
  const source = fromEnv ? 'HALLWAY_ADMIN_TOKEN' : devToken;
  if (!url) fail(locked.message);
  if (!token) {
    fail(
      `The Hallway server at ${url} (pid ${locked.holder.pid}) holds the data folder ${locked.dataDir}, so this ` +
        'command goes through it and needs an admin token: run it again as HALLWAY_ADMIN_TOKEN=hw_… npm run token ' +
        '-- …, or stop the server and run it again.',
    );
  }

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    } catch {
      fail(`The server at ${url} holds the data folder ${locked.dataDir} but does not answer. Try again.`);
    }
    if (response.status === 401) fail(`The server at ${url} does not accept the admin token from ${source}.`);
    if (response.status === 403) fail(`The token from ${source} is not an admin's: only admins manage tokens.`);
    if (response.status >= 500) fail(`The server at ${url} failed (HTTP ${response.status}). Try again.`);
    return response;
  }
  const list = async () =>
    zTokenInfo.array().parse(((await (await call('/v1/tokens')).json()) as { data: unknown }).data);
  const checked = (async () => {
    const me = zMe.parse(await (await call('/v1/me')).json());
    if (workspace && workspace !== me.workspace.id) {
      fail(`The token from ${source} belongs to workspace ${me.workspace.id}, not ${workspace}.`);
    }
  })();

  console.error(`The server at ${url} holds ${locked.dataDir}: going through it.`);
  return {
    async create(name, tokenRole) {
      await checked;
      const response = await call('/v1/tokens', { method: 'POST', body: JSON.stringify({ name, role: tokenRole }) });
      if (response.status !== 201) fail(`The server refused: ${await response.text()}`);
      return zCreatedToken.parse(await response.json());
    },
    async list() {
      await checked;
      return list();
    },
    async revoke(idOrPrefix) {
      await checked;
      const matching = (await list()).filter((info) => info.id === idOrPrefix || info.prefix === idOrPrefix);
      for (const info of matching) await call(`/v1/tokens/${info.id}`, { method: 'DELETE' });
      const ids = new Set(matching.map((info) => info.id));
      return (await list()).filter((info) => ids.has(info.id));
    },
    close: async () => undefined,
  };
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
