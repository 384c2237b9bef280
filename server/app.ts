import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Health } from '../utils/contract.ts';
import { RelyingParty } from './auth/relying-party.ts';
import { type AuthSettings, allowedRedirectUrls, defaultAuthSettings } from './auth/settings.ts';
import { type SecretBox, secretBox } from './connectors/secrets.ts';
import type { Database } from './db/database.ts';
import { describeError } from './db/errors.ts';
import { ApiError, answerFor } from './domain/errors.ts';
import { PullPageCache } from './domain/pull-cache.ts';
import type { Clock } from './domain/session.ts';
import { lastSeqOf, pullChangesJson } from './domain/sync.ts';
import { authenticate, clientAddress } from './http/auth.ts';
import type { AppEnv, Deps } from './http/context.ts';
import { corsForExtensions } from './http/cors.ts';
import { statusOf, UNAVAILABLE_RETRY_AFTER_SECONDS } from './http/errors.ts';
import { buildOpenApi } from './http/openapi.ts';
import { RateLimiter, type RateLimitOptions } from './http/rate-limit.ts';
import { referenceRoutes } from './http/reference.ts';
import { TokenCache } from './http/token-cache.ts';
import type { JobQueue } from './jobs/queue.ts';
import { LiveHub } from './live/hub.ts';
import { observeLive } from './live/signals.ts';
import { authRoutes, invitePage, OIDC_CALLBACK_PATH } from './routes/auth.ts';
import { connectorRoutes } from './routes/connectors.ts';
import { decisionRoutes } from './routes/decisions.ts';
import { digestRoutes } from './routes/digest.ts';
import { eventRoutes } from './routes/events.ts';
import { goalRoutes } from './routes/goals.ts';
import { itemRoutes } from './routes/items.ts';
import { linkRoutes } from './routes/links.ts';
import { meRoutes } from './routes/meta.ts';
import { noteRoutes } from './routes/notes.ts';
import { deviceRoutes, inviteRoutes, peopleRoutes, signOutRoutes } from './routes/people.ts';
import { ruleRoutes } from './routes/rules.ts';
import { syncRoutes } from './routes/sync.ts';
import { teamRoutes } from './routes/teams.ts';
import { tokenRoutes } from './routes/tokens.ts';

export const SERVER_VERSION = '0.1.0';
/** A full batch of 100 mutations with long rationales fits; anything larger is a 413. */
export const DEFAULT_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
export const DEFAULT_PULL_CACHE_BYTES = 32 * 1024 * 1024;
/** How long a resolved token is trusted before it is looked up again (a revocation elsewhere takes this long). */
export const DEFAULT_TOKEN_CACHE_MS = 2000;
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 50, burst: 200 };
/**
 * Sign-ins started (and codes exchanged) without a token, per client address: each start stores a request for ten
 * minutes, so an address may start 30 at once, then one a second.
 */
export const DEFAULT_SIGN_IN_LIMIT: RateLimitOptions = { perSecond: 1, burst: 30 };
/** Unknown tokens per client address: 20 at once, then one every 5 seconds. */
export const DEFAULT_AUTH_FAILURE_LIMIT: RateLimitOptions = { perSecond: 0.2, burst: 20 };

export interface AppOptions {
  db: Database;
  clock?: Clock;
  /** The job queue (server/jobs/queue.ts); routes that enqueue work answer 409 not_configured without one. */
  jobs?: JobQueue;
  /** Seals connector credentials (HALLWAY_SECRET_KEY); without it, tools cannot be connected. */
  secrets?: SecretBox;
  /** `false` turns the per-token limit off (benchmarks that measure the database, not the limiter). */
  rateLimit?: RateLimitOptions | false;
  /** Token lookups that find no one, per client address; `false` turns the limit off. */
  authFailureLimit?: RateLimitOptions | false;
  /** Web origins allowed besides the extension origins (chrome-extension://, moz-extension://). */
  corsOrigins?: readonly string[];
  bodyLimitBytes?: number;
  /** Memory for full pull pages shared by concurrent pullers; 0 turns the cache off. */
  pullCacheBytes?: number;
  /** How long a resolved token is reused without a database lookup; 0 looks every request up. */
  tokenCacheMs?: number;
  /** The event streams' registry; main.ts passes its own to close them on SIGTERM and feed them from LISTEN. */
  live?: LiveHub;
  /** Sign-in starts and code exchanges per client address; `false` turns the limit off. */
  signInLimit?: RateLimitOptions | false;
  /** Sign-in: the OpenID Connect provider, accepted extensions, device token expiry (see server/auth/settings.ts). */
  auth?: Partial<AuthSettings>;
  /** The hub page digests link their truncated lists to (HUB_URL). */
  hubUrl?: string;
}

export function createApp(options: AppOptions) {
  const auth: AuthSettings = { ...defaultAuthSettings(), ...options.auth };
  const deps: Deps = {
    db: options.db,
    clock: options.clock ?? (() => new Date()),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    secrets: options.secrets ?? secretBox(undefined),
    pullCache: new PullPageCache(options.pullCacheBytes ?? DEFAULT_PULL_CACHE_BYTES, {
      load: (workspaceId, cursor, limit) => pullChangesJson(options.db, workspaceId, cursor, limit),
      currentSeq: (workspaceId) => lastSeqOf(options.db, workspaceId),
    }),
    tokenCache: new TokenCache(options.tokenCacheMs ?? DEFAULT_TOKEN_CACHE_MS),
    live: options.live ?? new LiveHub(),
    auth,
    relyingParty:
      auth.oidc && auth.publicUrl ? new RelyingParty(auth.oidc, `${auth.publicUrl}${OIDC_CALLBACK_PATH}`) : undefined,
    redirectUrls: allowedRedirectUrls(auth.extensionIds),
  };
  const { live } = deps;
  observeLive(options.db, {
    changed: (workspaceId, seq) => live.changed(workspaceId, seq),
    revoked: (tokenIds) => void live.revoke(tokenIds),
  });
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = rateLimit === false ? undefined : new RateLimiter(rateLimit);
  const authFailureLimit = options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT;
  const failures = authFailureLimit === false ? undefined : new RateLimiter(authFailureLimit);
  const openApi = buildOpenApi(SERVER_VERSION);
  const limitBody = bodyLimit({
    maxSize: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', 'the request body is too large');
    },
  });

  const app = new Hono<AppEnv>();
  app.use(
    corsForExtensions({
      origins: new Set(options.corsOrigins ?? []),
      // Last-Event-ID: the event stream's client resumes with it (GET /v1/events).
      allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['Retry-After', 'Link'],
      maxAgeSeconds: 600,
    }),
  );
  // Only requests that carry a body are measured: looking for one on a GET makes @hono/node-server build a full
  // web Request, which the pull path would pay on every page.
  app.on(['POST', 'PATCH', 'PUT', 'DELETE'], '*', limitBody);

  app.get('/healthz', (c) => c.json({ service: 'hallway', status: 'ok', version: SERVER_VERSION } satisfies Health));
  app.get('/v1/openapi.json', (c) => c.json(openApi));
  app.route('/', referenceRoutes('/v1/openapi.json'));

  // Signing in needs no token: these answer before the token check below.
  const signInLimit = options.signInLimit ?? DEFAULT_SIGN_IN_LIMIT;
  if (signInLimit !== false) {
    const starts = new RateLimiter(signInLimit);
    app.on(['GET', 'POST'], ['/v1/auth/oidc/start', '/v1/auth/invite/*', '/v1/auth/token'], async (c, next) => {
      const address = clientAddress(c);
      const wait = address ? starts.take(address) : 0;
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new ApiError('rate_limited', `too many sign-ins from this address; retry in ${wait} s`, {
          params: { retryAfterSeconds: wait },
        });
      }
      await next();
    });
  }
  app.route('/v1/auth', authRoutes(deps));
  app.get('/invite', (c) => invitePage(c));

  app.use(
    '/v1/*',
    authenticate(deps.db, deps.tokenCache, limiter, failures, {
      clock: deps.clock,
      deviceTokenExpiryDays: auth.deviceTokenExpiryDays,
    }),
  );
  app.route('/v1/auth', signOutRoutes(deps));
  app.route('/v1', meRoutes(deps));
  app.route('/v1', syncRoutes(deps));
  app.route('/v1', eventRoutes(deps));
  app.route('/v1/teams', teamRoutes(deps));
  app.route('/v1/goals', goalRoutes(deps));
  app.route('/v1/decisions', decisionRoutes(deps));
  app.route('/v1/notes', noteRoutes(deps));
  app.route('/v1/items', itemRoutes(deps));
  app.route('/v1/links', linkRoutes(deps));
  app.route('/v1/rules', ruleRoutes(deps));
  app.route('/v1/tokens', tokenRoutes(deps));
  app.route('/v1/people', peopleRoutes(deps));
  app.route('/v1/devices', deviceRoutes(deps));
  app.route('/v1/invites', inviteRoutes(deps));
  app.route('/v1', digestRoutes(deps, options.hubUrl ? { hubUrl: options.hubUrl } : {}));
  app.route('/v1', connectorRoutes(deps));

  app.notFound((c) =>
    c.json(
      new ApiError('not_found', `no route for ${c.req.method} ${c.req.path}`, {
        params: { subject: 'route' },
      }).toBody(),
      404,
    ),
  );
  app.onError((error, c) => {
    const answer = answerFor(error);
    if (answer) {
      if (answer.code === 'unavailable') c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return c.json(answer.toBody(), statusOf(answer));
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      return c.json(
        {
          error: {
            code: status === 413 ? 'payload_too_large' : 'invalid_request',
            message: error.message || 'bad request',
          },
        },
        status,
      );
    }
    // The route's pattern, not its path: paths carry item keys.
    console.error(`${c.req.method} ${c.req.routePath} failed: ${describeError(error)}`);
    return c.json(new ApiError('internal', 'the server failed to handle this request').toBody(), 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
