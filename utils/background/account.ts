/**
 * Renaming the workspace and oneself: straight to the server (these are not work-graph entities, and they need the
 * server's answer to be true), then the stored identity is updated so every page shows the new names at once.
 */
import type { HallwayDexie } from '../db/schema.ts';
import { MessageError, message } from '../message.ts';
import type { MessageHandlers } from '../messaging/router.ts';
import { readConnection } from '../sync/connection.ts';
import { createSyncApi, type FetchLike } from '../sync/http.ts';

export function createAccountHandlers(deps: {
  db: HallwayDexie;
  fetch: FetchLike;
}): Pick<MessageHandlers, 'account.rename'> {
  return {
    'account.rename': async ({ target, name }) => {
      const connection = await readConnection(deps.db);
      if (!connection) throw new MessageError('not_connected', message('error.notConnected'));
      const me = await createSyncApi({ fetch: deps.fetch, connection }).rename(target, name);
      // Only the identity of the token that asked: a sign-in with another token meanwhile keeps its own.
      await deps.db.credentials
        .where('id')
        .equals('main')
        .filter((row) => row.token === connection.token)
        .modify({ me });
      return me;
    },
  };
}
