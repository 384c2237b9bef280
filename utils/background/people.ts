/**
 * The hub's People view (admins): the server's users, devices and invites, straight from the server with this
 * device's token. The server checks every call against the caller's role; a refusal comes back with its reason.
 */
import { createAccountApi } from '../auth/api.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { MessageError, message } from '../message.ts';
import type { MessageHandlers } from '../messaging/router.ts';
import { readConnection } from '../sync/connection.ts';
import type { FetchLike } from '../sync/http.ts';

type PeopleHandlers = Pick<
  MessageHandlers,
  'people.list' | 'people.update' | 'devices.list' | 'devices.revoke' | 'invites.create' | 'invites.delete'
>;

export function createPeopleHandlers(deps: { db: HallwayDexie; fetch: FetchLike }): PeopleHandlers {
  const api = async () => {
    const connection = await readConnection(deps.db);
    if (!connection) throw new MessageError('not_connected', message('error.notSignedIn'));
    return createAccountApi({ fetch: deps.fetch, ...connection });
  };
  return {
    'people.list': async () => {
      const server = await api();
      const [people, invites] = await Promise.all([server.people(), server.invites()]);
      return { people, invites };
    },
    'people.update': async ({ id, patch }) => (await api()).updatePerson(id, patch),
    'devices.list': async ({ userId }) => (await api()).devices(userId),
    'devices.revoke': async ({ id }) => {
      await (await api()).revokeDevice(id);
      return { revoked: true };
    },
    'invites.create': async (input) => (await api()).createInvite(input),
    'invites.delete': async ({ id }) => {
      await (await api()).deleteInvite(id);
      return { deleted: true };
    },
  };
}
