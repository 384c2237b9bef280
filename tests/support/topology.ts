/**
 * The scale-out topology, for real, on this machine: a private PostgreSQL instance (its own data folder and port,
 * never the machine's shared cluster), Debian's PgBouncer in transaction mode in front of it for queries, three
 * `node server/main.ts` processes (queries through PgBouncer, LISTEN and migrations straight to PostgreSQL), and
 * Debian's nginx balancing them with response buffering off for the event stream. The configs the README shows
 * are the ones written here (`nginxConfig`, `pgbouncerConfig`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/testing/server-process.ts';

const NGINX = '/usr/sbin/nginx';
const PGBOUNCER = '/usr/sbin/pgbouncer';

/** Debian's PostgreSQL binaries (`postgresql-NN`), the newest installed. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** What the topology needs, or why it cannot run here. */
export function topologyAvailable(): { ok: true } | { ok: false; missing: string[] } {
  const missing = [
    ...(postgresBin() ? [] : ['PostgreSQL (Debian: postgresql)']),
    ...(existsSync(NGINX) ? [] : ['nginx (Debian: nginx)']),
    ...(existsSync(PGBOUNCER) ? [] : ['pgbouncer (Debian: pgbouncer)']),
  ];
  return missing.length === 0 ? { ok: true } : { ok: false, missing };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('port'))));
    });
  });
}

/** The nginx settings that matter for the stream; `upstreams` are host:port of the server processes. */
export function nginxConfig(options: { listen: number; upstreams: string[]; dir: string }): string {
  const { dir } = options;
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream hallway {
${options.upstreams.map((upstream) => `    server ${upstream} max_fails=1 fail_timeout=5s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${options.listen};
    location / {
      proxy_pass http://hallway;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
    # The event stream: no response buffering (a poke must leave at once), no idle cut before the server's
    # 15 s heartbeats, HTTP/1.1 to the server without "Connection: close".
    location = /v1/events {
      proxy_pass http://hallway;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
    }
  }
}
`;
}

/** PgBouncer in transaction mode: one server connection per transaction, so LISTEN cannot go through it. */
export function pgbouncerConfig(options: { listen: number; postgresPort: number; dir: string; user: string }): string {
  return `[databases]
hallway = host=127.0.0.1 port=${options.postgresPort} dbname=hallway

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${options.listen}
unix_socket_dir =
auth_type = trust
auth_file = ${options.dir}/userlist.txt
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
server_reset_query =
ignore_startup_parameters = extra_float_digits,application_name
logfile = ${options.dir}/pgbouncer.log
pidfile = ${options.dir}/pgbouncer.pid
`;
}

interface Running {
  child: ChildProcess;
  name: string;
}

export interface Topology {
  /** nginx: what the browsers and API clients talk to. */
  url: string;
  /** PostgreSQL itself (LISTEN, migrations, the test's own checks). */
  directUrl: string;
  /** Through PgBouncer. */
  pooledUrl: string;
  token: string;
  /** `output`: everything the server printed so far. */
  servers: { url: string; port: number; child: ChildProcess; output: () => string }[];
  /** Restarts the private PostgreSQL instance (fast shutdown, then start again). */
  restartPostgres(): Promise<void>;
  /** Server processes with an established connection from nginx (at rest: the ones holding event streams). */
  serversHoldingConnections(): number[];
  close(): Promise<void>;
}

const POSTGRES_USER = 'postgres';

function asPostgresUser(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(spawnSync('id', [flag, POSTGRES_USER], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function canConnect(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startTopology(options: { token: string; seedDemo?: boolean }): Promise<Topology> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL binaries');
  const dir = mkdtempSync(join(tmpdir(), 'hallway-topology-'));
  const owner = asPostgresUser();
  chmodSync(dir, 0o777);
  const pgData = join(dir, 'pgdata');
  const running: Running[] = [];
  /** Set by `close`: exits from then on are the ones it asked for (PgBouncer ends a SIGTERM with status 1). */
  let closing = false;
  const spawnAs = (name: string, command: string, args: string[]) => {
    const child = spawn(command, args, { ...owner, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors = `${errors}${chunk.toString()}`.slice(-4000);
    });
    child.once('exit', (code, signal) => {
      if (code && code !== 0 && !closing) console.error(`${name} exited with ${code ?? signal}: ${errors}`);
    });
    running.push({ child, name });
    return child;
  };

  // The private PostgreSQL instance.
  mkdirSync(pgData);
  if ('uid' in owner) chownSync(pgData, owner.uid, owner.gid);
  const init = spawnSync(join(bin, 'initdb'), ['-D', pgData, '-U', 'hallway', '--auth=trust', '-E', 'UTF8'], {
    ...owner,
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const postgresPort = await freePort();
  const startPostgres = () =>
    spawnAs('postgres', join(bin, 'postgres'), [
      '-D',
      pgData,
      '-p',
      String(postgresPort),
      '-k',
      pgData,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ]);
  let postgres = startPostgres();
  const directAdmin = `postgres://hallway@127.0.0.1:${postgresPort}/postgres`;
  const pg = (await import('pg')).default;
  const query = async (url: string, sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  await waitUntil(
    () =>
      query(directAdmin, 'SELECT 1').then(
        () => true,
        () => false,
      ),
    'PostgreSQL',
  );
  await query(directAdmin, 'CREATE DATABASE hallway');
  const directUrl = `postgres://hallway@127.0.0.1:${postgresPort}/hallway`;

  // PgBouncer in transaction mode.
  const pgbouncerPort = await freePort();
  writeFileSync(join(dir, 'userlist.txt'), '"hallway" ""\n');
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    pgbouncerConfig({ listen: pgbouncerPort, postgresPort, dir, user: 'hallway' }),
  );
  spawnAs('pgbouncer', PGBOUNCER, ['-q', join(dir, 'pgbouncer.ini')]);
  await waitUntil(() => canConnect(pgbouncerPort), 'PgBouncer');
  const pooledUrl = `postgres://hallway@127.0.0.1:${pgbouncerPort}/hallway`;

  // Three servers, started at once on the empty database: one migrates, the others wait on its lock.
  const env = {
    DATABASE_URL: pooledUrl,
    DATABASE_DIRECT_URL: directUrl,
    HALLWAY_BOOTSTRAP_TOKEN: options.token,
    RATE_LIMIT_PER_SECOND: '1000',
    RATE_LIMIT_BURST: '5000',
    ...(options.seedDemo ? { HALLWAY_SEED_DEMO: '1' } : {}),
  };
  const started = await Promise.all([0, 1, 2].map(() => startServer(env)));
  const servers = started.map((server) => ({
    url: server.url,
    port: Number(new URL(server.url).port),
    child: server.child,
    output: server.output,
  }));

  // nginx in front.
  const nginxPort = await freePort();
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  writeFileSync(
    join(dir, 'nginx.conf'),
    nginxConfig({ listen: nginxPort, upstreams: servers.map((server) => `127.0.0.1:${server.port}`), dir }),
  );
  const nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.push({ child: nginx, name: 'nginx' });
  await waitUntil(() => canConnect(nginxPort), 'nginx');

  return {
    url: `http://127.0.0.1:${nginxPort}`,
    directUrl,
    pooledUrl,
    token: options.token,
    servers,
    async restartPostgres() {
      postgres.kill('SIGINT');
      await waitForExit(postgres);
      postgres = startPostgres();
      await waitUntil(
        () =>
          query(directUrl, 'SELECT 1').then(
            () => true,
            () => false,
          ),
        'PostgreSQL again',
      );
    },
    serversHoldingConnections() {
      const listing = spawnSync('ss', ['-Htn', 'state', 'established'], { encoding: 'utf8' }).stdout;
      return servers
        .filter((server) => server.child.exitCode === null && server.child.signalCode === null)
        .filter((server) =>
          listing.split('\n').some((line) => line.trim().split(/\s+/)[2] === `127.0.0.1:${server.port}`),
        )
        .map((server) => server.port);
    },
    async close() {
      closing = true;
      for (const server of servers) server.child.kill('SIGKILL');
      for (const { child } of running.reverse()) {
        child.kill(child === postgres ? 'SIGINT' : 'SIGTERM');
        await Promise.race([waitForExit(child), new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
