import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { authSettingsFromEnv } from './auth/settings.ts';
import { secretBox } from './connectors/secrets.ts';
import { openConfiguredDatabase, usesPreparedStatements } from './db/open.ts';
import { DataFolderLockedError, setLockUrl } from './db/pglite-lock.ts';
import { smtpTransport, webhookTransport } from './digest/transports.ts';
import { bootstrap } from './domain/tokens.ts';
import { parseEnv } from './env.ts';
import { defineServerJobs } from './jobs/definitions.ts';
import { startJobQueue } from './jobs/queue.ts';
import { type FanOut, fanOutLine, LiveHub } from './live/hub.ts';
import { startLiveListener } from './live/listener.ts';
import { seedDemo } from './seed/demo.ts';

const env = parseEnv();
const db = await openConfiguredDatabase(env).catch((error: unknown) => {
  if (!(error instanceof DataFolderLockedError)) throw error;
  console.error(error.message);
  process.exit(1);
});

const first = await bootstrap(db, {
  now: new Date(),
  ...(env.HALLWAY_BOOTSTRAP_TOKEN ? { token: env.HALLWAY_BOOTSTRAP_TOKEN } : {}),
});
if (first) {
  // A token the launcher chose is already known to it: printing it would only put it in logs.
  if (env.HALLWAY_BOOTSTRAP_TOKEN) {
    console.log('Created the workspace and its admin, with the token given in HALLWAY_BOOTSTRAP_TOKEN.');
  } else {
    console.log('Created the workspace and its admin. The admin token is shown only this once:');
    console.log(`  ${first.token}`);
  }
  if (env.HALLWAY_SEED_DEMO || process.argv.includes('--seed-demo')) {
    await seedDemo(db, first.workspaceId);
    console.log('Seeded the demo workspace.');
  }
}

// Background and scheduled work (connector imports, digests) on the database's own queue; every process works.
const jobs = await startJobQueue(db);
const clock = () => new Date();
const secrets = secretBox(env.HALLWAY_SECRET_KEY);
await defineServerJobs({
  db,
  clock,
  jobs,
  secrets,
  ...(env.DIGEST_ENABLED
    ? {
        digest: {
          transports: {
            ...(env.SMTP_URL ? { email: smtpTransport({ url: env.SMTP_URL, from: env.DIGEST_FROM }) } : {}),
            webhook: webhookTransport(),
          },
          ...(env.HUB_URL ? { hubUrl: env.HUB_URL } : {}),
        },
      }
    : {}),
});

const live = new LiveHub({
  maxStreamsPerToken: env.LIVE_STREAMS_PER_TOKEN,
  ...(env.LIVE_LOG_FANOUT ? { onFanOut: (fanOut: FanOut) => console.log(fanOutLine(fanOut)) } : {}),
});
const listener = startLiveListener({ db, hub: live, directUrl: env.DATABASE_DIRECT_URL ?? env.DATABASE_URL });
const app = createApp({
  db,
  clock,
  jobs,
  live,
  ...(env.HUB_URL ? { hubUrl: env.HUB_URL } : {}),
  secrets,
  corsOrigins: env.CORS_ORIGINS,
  rateLimit: { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST },
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  auth: authSettingsFromEnv(env),
});
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  // A launcher waits for this line (and reads the port from it when PORT=0).
  const prepared =
    db.kind === 'postgres' ? `, named prepared statements ${usesPreparedStatements(env) ? 'on' : 'off'}` : '';
  console.log(`hallway server listening on http://${env.HOST}:${info.port} (${db.kind}${prepared})`);
  // For `npm run token` on the same PGlite folder: it goes through this server instead of opening the folder.
  if (db.kind === 'pglite') setLockUrl(env.DATA_DIR, `http://${localHost(env.HOST)}:${info.port}`);
});

// Open event streams would hold `close` forever: they are ended first (clients reconnect to another process).
// Running jobs get a few seconds to end; one cut short is taken again by another process (or this one, restarted)
// once it expires.
const shutdown = () => {
  live.closeAll();
  server.close(
    () =>
      void Promise.all([listener.stop(), jobs.stop(5000)])
        .then(() => db.close())
        .then(() => process.exit(0)),
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

/** A wildcard address is reached on loopback from this machine. */
function localHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
