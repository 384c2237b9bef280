import type { RelyingParty } from '../auth/relying-party.ts';
import type { AuthSettings } from '../auth/settings.ts';
import type { SecretBox } from '../connectors/secrets.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from '../domain/actor.ts';
import type { PullPageCache } from '../domain/pull-cache.ts';
import type { Clock } from '../domain/session.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { LiveHub } from '../live/hub.ts';
import type { TokenCache } from './token-cache.ts';

export interface AppEnv {
  Variables: { actor: Actor };
}

/** What route handlers get from `createApp`. */
export interface Deps {
  db: Database;
  clock: Clock;
  pullCache: PullPageCache;
  /** Cleared when a token is revoked through the API, so the revocation takes effect at once in this process. */
  tokenCache: TokenCache;
  /** Absent in tests that start no queue. */
  jobs?: JobQueue;
  /** The event streams this process holds (GET /v1/events). */
  live: LiveHub;
  auth: AuthSettings;
  /** Set when the server has an OpenID Connect provider. */
  relyingParty: RelyingParty | undefined;
  /** The exact redirect URLs a sign-in may end at (the configured extensions'). */
  redirectUrls: ReadonlySet<string>;
  secrets: SecretBox;
}
