import type { Database } from '../db/database.ts';
import type { Actor } from '../domain/actor.ts';
import type { PullPageCache } from '../domain/pull-cache.ts';
import type { Clock } from '../domain/session.ts';

export interface AppEnv {
  Variables: { actor: Actor };
}

/** What route handlers get from `createApp`. */
export interface Deps {
  db: Database;
  clock: Clock;
  pullCache: PullPageCache;
}
