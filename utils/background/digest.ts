/**
 * The hub's weekly digest: computed by the server (it holds every team's week, in each team's time zone), fetched
 * with this device's token through the one HTTP client. Nothing about any page is sent: only team ids and a week.
 */
import { zDigestAnswer } from '../contract.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { MessageError, message } from '../message.ts';
import type { MessageHandlers } from '../messaging/router.ts';
import { readConnection } from '../sync/connection.ts';
import { createApiRequest, type FetchLike } from '../sync/http.ts';

export function createDigestHandlers(deps: {
  db: HallwayDexie;
  fetch: FetchLike;
}): Pick<MessageHandlers, 'digest.get'> {
  return {
    'digest.get': async ({ teams, week }) => {
      const connection = await readConnection(deps.db);
      if (!connection) throw new MessageError('not_connected', message('error.notSignedInDigest'));
      const request = createApiRequest({ fetch: deps.fetch, ...connection });
      const query = new URLSearchParams({ teams, week });
      return request(`/v1/digest?${query}`, zDigestAnswer);
    },
  };
}
