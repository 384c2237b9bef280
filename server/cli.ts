import { parseArgs } from 'node:util';
import { zRole } from '../utils/contract.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { createUserToken, listTokens, revokeToken } from './domain/tokens.ts';
import { parseEnv } from './env.ts';

const usage = `Usage:
  npm run token -- create --name <name> --role <admin|member|viewer> [--workspace <id>]
  npm run token -- revoke <token id or prefix>
  npm run token -- list [--workspace <id>]
Uses the same database as the server: DATABASE_URL, else PGlite in DATA_DIR (stop the server first: PGlite
allows one process per data folder).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, role: { type: 'string' }, workspace: { type: 'string' } },
});
// `npm run token -- create …` and `node server/cli.ts token create …` both work.
const [group, argument] = positionals[0] === 'token' ? positionals.slice(1) : positionals;
if (!group) fail(usage);

const db = await openConfiguredDatabase(parseEnv());
try {
  if (group === 'create') {
    const role = zRole.safeParse(values.role);
    if (!values.name || !role.success) fail(usage);
    const workspaceId = values.workspace ?? (await onlyWorkspace());
    const created = await db.transaction((tx) =>
      createUserToken(tx, { workspaceId, name: values.name ?? '', role: role.data, now: new Date() }),
    );
    console.log(`Created token ${created.id} (${created.role}) for ${created.name}. It is shown only this once:`);
    console.log(created.token);
  } else if (group === 'revoke') {
    if (!argument) fail(usage);
    const revoked = await revokeToken(db, argument, new Date());
    if (revoked.length === 0) fail(`No token matches ${argument}.`);
    for (const token of revoked) console.log(`Revoked ${token.id} (${token.prefix}…, ${token.name})`);
  } else if (group === 'list') {
    for (const token of await listTokens(db, values.workspace)) {
      const state = token.revokedAt ? `revoked ${token.revokedAt}` : 'active';
      console.log(`${token.id}  ${token.prefix}…  ${token.role.padEnd(6)}  ${token.name}  (${state})`);
    }
  } else {
    fail(usage);
  }
} finally {
  await db.close();
}

async function onlyWorkspace(): Promise<string> {
  const rows = await db.query<{ id: string }>('SELECT id FROM workspaces ORDER BY created_at LIMIT 2');
  if (rows.length !== 1 || !rows[0]) fail('Pass --workspace <id>: the database has zero or several workspaces.');
  return rows[0].id;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
