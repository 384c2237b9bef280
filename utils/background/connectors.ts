/**
 * The hub's connector screens, through the background like every server call: connectors, imports, containers and
 * rule suggestions (admins only; the server refuses anyone else). Nothing here is mirrored: these are the server's
 * view of the tools, read fresh each time; accepted suggestions come back as ordinary rules through the sync feed.
 */
import type { HallwayDexie } from '../db/schema.ts';
import { MessageError, message } from '../message.ts';
import type { MessageHandlers } from '../messaging/router.ts';
import { readConnection } from '../sync/connection.ts';
import { createSyncApi, type FetchLike } from '../sync/http.ts';

type ConnectorMessages =
  | 'connectors.list'
  | 'connectors.create'
  | 'connectors.import'
  | 'containers.list'
  | 'suggestions.list'
  | 'suggestions.decide';

export function createConnectorHandlers(deps: {
  db: HallwayDexie;
  fetch: FetchLike;
  /** Called after suggestions became rules, so the mirror pulls them now. */
  afterRulesChanged?: () => void;
}): Pick<MessageHandlers, ConnectorMessages> {
  const api = async () => {
    const connection = await readConnection(deps.db);
    if (!connection) throw new MessageError('not_connected', message('error.notConnected'));
    return createSyncApi({ fetch: deps.fetch, connection });
  };
  return {
    'connectors.list': async () => (await (await api()).connectors()).data,
    'connectors.create': async (input) => (await api()).createConnector(input),
    'connectors.import': async ({ connectorId }) => (await api()).startImport(connectorId),
    'containers.list': async (query) => (await api()).containers(query),
    'suggestions.list': async () => (await (await api()).suggestions()).data,
    'suggestions.decide': async ({ decisions }) => {
      const { results } = await (await api()).decideSuggestions(decisions);
      if (results.some((result) => result.status === 'accepted')) deps.afterRulesChanged?.();
      return results;
    },
  };
}
