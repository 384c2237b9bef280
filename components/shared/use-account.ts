import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { AuthConfig, Me } from '../../utils/contract.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import { loadPolicy, type Policy, watchPolicy } from '../../utils/policy.ts';
import { endedDeactivated } from '../../utils/sync/http.ts';
import { mirrorDb } from './mirror-db.ts';

export interface AccountState {
  me: Me | null;
  /** The server stopped accepting this browser's token (expired, revoked, deactivated): "Sign in again". */
  signInAgain: boolean;
  /** Why: an admin deactivated the account (signing in again helps only once an admin reactivates it). */
  deactivated: boolean;
  /** Writes the server has not acknowledged yet, kept through a sign-in again. */
  unsent: number;
}

/** Who is signed in, live, and whether the server still accepts them. Undefined while loading. */
export function useAccount(): AccountState | undefined {
  return useLiveQuery(async () => {
    const db = mirrorDb();
    const [credentials, sync, unsent] = await Promise.all([
      db.credentials.get('main'),
      db.syncState.get('main'),
      db.outbox.count(),
    ]);
    return {
      me: credentials?.me ?? null,
      signInAgain: Boolean(credentials) && sync?.status === 'reconnect',
      deactivated: Boolean(credentials) && sync?.status === 'reconnect' && endedDeactivated(sync.lastError),
      unsent,
    };
  }, []);
}

/** The admin's policy, kept current (Chrome loads it a few seconds after start). */
export function usePolicy(): Policy | undefined {
  const [policy, setPolicy] = useState<Policy>();
  useEffect(() => {
    let active = true;
    const refresh = () => void loadPolicy().then((next) => active && setPolicy(next));
    refresh();
    const stop = watchPolicy(refresh);
    return () => {
      active = false;
      stop();
    };
  }, []);
  return policy;
}

export type AuthConfigState =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'ready'; config: AuthConfig }
  /** An older server without the sign-in endpoints, or one out of reach: a pasted token still works. */
  | { state: 'unavailable'; message: string };

const isServerAddress = (address: string | null) => /^https?:\/\/[^/]+/i.test(address?.trim() ?? '');

/** What sign-in the server at `serverUrl` offers, asked again when the address changes (after a pause in typing). */
export function useAuthConfig(serverUrl: string | null): AuthConfigState {
  // Loading from the first render for an address already known: no frame that shows the form without its choices.
  const [state, setState] = useState<AuthConfigState>(() =>
    isServerAddress(serverUrl) ? { state: 'loading' } : { state: 'none' },
  );
  useEffect(() => {
    const address = serverUrl?.trim() ?? '';
    if (!isServerAddress(address)) {
      setState({ state: 'none' });
      return;
    }
    let active = true;
    setState({ state: 'loading' });
    const timer = setTimeout(() => {
      void sendMessage('auth.config', { serverUrl: address }).then((answer) => {
        if (!active) return;
        setState(
          answer.ok
            ? { state: 'ready', config: answer.value }
            : { state: 'unavailable', message: answer.error.message },
        );
      });
    }, 300);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [serverUrl]);
  return state;
}
