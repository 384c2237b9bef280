import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { bootstrap } from './domain/tokens.ts';
import { parseEnv } from './env.ts';
import { seedDemo } from './seed/demo.ts';

const env = parseEnv();
const db = await openConfiguredDatabase(env);

const first = await bootstrap(db, {
  now: new Date(),
  ...(env.HALLWAY_BOOTSTRAP_TOKEN ? { token: env.HALLWAY_BOOTSTRAP_TOKEN } : {}),
});
if (first) {
  console.log('Created the workspace and its admin. The admin token is shown only this once:');
  console.log(`  ${first.token}`);
  if (env.HALLWAY_SEED_DEMO || process.argv.includes('--seed-demo')) {
    await seedDemo(db, first.workspaceId);
    console.log('Seeded the demo workspace.');
  }
}

const app = createApp({
  db,
  corsOrigins: env.CORS_ORIGINS,
  rateLimit: { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST },
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
});
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  // A launcher waits for this line (and reads the port from it when PORT=0).
  console.log(`hallway server listening on http://${env.HOST}:${info.port} (${db.kind})`);
});

const shutdown = () => server.close(() => void db.close().then(() => process.exit(0)));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
