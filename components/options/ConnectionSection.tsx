import { useLiveQuery } from 'dexie-react-hooks';
import { type FormEvent, useState } from 'react';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { formatNumber, say, t } from '../../utils/i18n.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import { type Policy, serverUrlLocked, signInModeOf } from '../../utils/policy.ts';
import type { Settings } from '../../utils/settings.ts';
import {
  type ConnectionProblem,
  type ConnectionTest,
  plainHttpNote,
  saveCredentials,
  testConnection,
} from '../../utils/sync/connection.ts';
import { roleName } from '../shared/role-name.ts';
import { SignInButtons } from '../shared/SignInButtons.tsx';
import { useAccount, useAuthConfig } from '../shared/use-account.ts';
import { Button } from '../ui/Button.tsx';
import { Field, TextInput } from '../ui/Field.tsx';
import { Section } from './Section.tsx';

interface Props {
  db: HallwayDexie;
  settings: Settings;
  update: (patch: Partial<Settings>) => Promise<void>;
  /** The admin's policy, read before the page is drawn. */
  policy: Policy;
}

/** Problems shown at the field they are about; the others in the result box under the buttons. */
const URL_PROBLEMS: readonly ConnectionProblem[] = ['invalid_url', 'missing_scheme'];
const TOKEN_PROBLEMS: readonly ConnectionProblem[] = ['missing_token', 'wrong_token'];

/**
 * The server and who is signed in: "Sign in with <provider>" and invites when the server offers them, a pasted API
 * token as the fallback (bots, scripts), the admin's locked values shown as such, and "Sign in again" when the
 * server stopped accepting this browser. The token goes to the extension's IndexedDB, never to storage.local.
 */
export function ConnectionSection({ db, settings, update, policy }: Props) {
  const account = useAccount();
  const locked = serverUrlLocked(policy);
  const mode = signInModeOf(policy);
  /** What the user typed; until then the saved address (or the one the admin's policy filled in). */
  const [typedUrl, setServerUrl] = useState<string | null>(null);
  const serverUrl = locked ? (policy.serverUrl ?? '') : (typedUrl ?? settings.serverUrl ?? '');
  const auth = useAuthConfig(serverUrl);
  const config = auth.state === 'ready' ? auth.config : null;
  const [token, setToken] = useState('');
  const credentials = useLiveQuery(() => db.credentials.get('main'), [db]);
  const hasToken = Boolean(credentials?.token);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [saved, setSaved] = useState(false);
  /** Unsent writes that a disconnect would discard, while the user decides. */
  const [unsent, setUnsent] = useState<number | null>(null);
  /** After signing out: whether the server revoked the token too, or could not be reached to. */
  const [disconnected, setDisconnected] = useState<'revoked' | 'local' | null>(null);
  const problem = result && !result.ok ? result : null;

  async function signOut(discardUnsent: boolean) {
    setBusy(true);
    const answer = await sendMessage('auth.signOut', { discardUnsent });
    setBusy(false);
    if (!answer.ok) return;
    if (!answer.value.signedOut) {
      setUnsent(answer.value.unsent);
      return;
    }
    setUnsent(null);
    setToken('');
    setResult(null);
    setSaved(false);
    setDisconnected(answer.value.revoked ? 'revoked' : 'local');
  }

  async function run(save: boolean) {
    setBusy(true);
    setSaved(false);
    setDisconnected(null);
    const storedToken = token || (await db.credentials.get('main'))?.token || '';
    const test = await testConnection((input, init) => fetch(input, init), serverUrl.trim(), storedToken);
    setResult(test);
    if (save && test.ok) {
      await saveCredentials(db, storedToken, test.me);
      await update({ serverUrl: serverUrl.trim().replace(/\/+$/, '') });
      setToken('');
      setSaved(true);
      await sendMessage('sync.now', {});
    }
    setBusy(false);
  }

  const signedIn = Boolean(credentials?.me && settings.serverUrl);
  const plainHttp = plainHttpNote(settings.serverUrl ?? undefined);
  const signInAgain = account?.signInAgain ?? false;
  const offersProvider = mode !== 'token' && Boolean(config?.oidc);
  // The token form: the only way in when the server offers no provider, a fallback under it otherwise.
  const tokenForm = mode !== 'sso' || !config?.oidc;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };

  return (
    <Section id="connection" title={t('options.connection.title')} description={t('options.connection.description')}>
      <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <Field
          label={t('options.connection.serverUrl')}
          error={problem && URL_PROBLEMS.includes(problem.problem) ? say(problem.message) : null}
          hint={locked ? t('options.connection.locked') : undefined}
        >
          {(props) => (
            <TextInput
              {...props}
              name="serverUrl"
              type="url"
              inputMode="url"
              autoComplete="url"
              placeholder="https://hallway.example.com"
              value={serverUrl}
              readOnly={locked}
              data-policy={locked ? 'locked' : undefined}
              onChange={(event) => setServerUrl(event.target.value)}
            />
          )}
        </Field>
        {signInAgain ? (
          <SignInAgainNotice
            unsent={account?.unsent ?? 0}
            provider={offersProvider}
            deactivated={account?.deactivated ?? false}
          />
        ) : null}
        {!signedIn || signInAgain ? (
          <SignInButtons
            serverUrl={serverUrl.trim() || null}
            config={config}
            mode={mode}
            again={signInAgain}
            invites
            pending={auth.state === 'loading'}
            onSignedIn={() => setDisconnected(null)}
          />
        ) : null}
        {tokenForm ? (
          <details open={!offersProvider} className="flex flex-col gap-3" data-signin="token">
            <summary className={offersProvider ? 'cursor-pointer text-xs text-zinc-500 dark:text-zinc-400' : 'sr-only'}>
              {t('options.connection.useToken')}
            </summary>
            <div className="mt-3 flex flex-col gap-3">
              <Field
                label={t('options.connection.token')}
                error={problem && TOKEN_PROBLEMS.includes(problem.problem) ? say(problem.message) : null}
                hint={hasToken ? t('options.connection.tokenSaved') : t('options.connection.tokenCreate')}
              >
                {(props) => (
                  <TextInput
                    {...props}
                    name="token"
                    type="password"
                    autoComplete="off"
                    spellCheck={false}
                    placeholder={hasToken ? '••••••••••••' : 'hw_…'}
                    value={token}
                    onChange={(event) => setToken(event.target.value)}
                  />
                )}
              </Field>
              <div className="flex items-center gap-2">
                <Button type="button" disabled={busy} onClick={() => void run(false)}>
                  {t('options.connection.test')}
                </Button>
                <Button type="submit" variant="primary" disabled={busy}>
                  {t('options.connection.save')}
                </Button>
              </div>
            </div>
          </details>
        ) : null}
        <ConnectionResult result={result} saved={saved} />
      </form>
      {credentials?.me && settings.serverUrl ? (
        <div className="flex items-center justify-between gap-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <div className="flex flex-col gap-0.5 text-xs" data-connection="signed-in">
            <p>
              {t('options.connection.signedInTo')} <strong>{credentials.me.workspace.name}</strong>{' '}
              {t('options.connection.signedInAs', {
                name: credentials.me.user.name,
                role: roleName(credentials.me.user.role),
                server: settings.serverUrl,
              })}
            </p>
            {credentials.me.user.email ? (
              <p className="text-zinc-500 dark:text-zinc-400" data-account="email">
                {credentials.me.user.email}
              </p>
            ) : null}
          </div>
          <Button size="sm" variant="ghost" disabled={busy} onClick={() => void signOut(false)}>
            {t('options.connection.signOut')}
          </Button>
        </div>
      ) : null}
      {plainHttp ? (
        <p className="text-xs text-amber-800 dark:text-amber-300" data-connection="plain-http">
          {say(plainHttp)}
        </p>
      ) : null}
      {unsent !== null ? (
        <div
          role="alertdialog"
          aria-label={t('options.connection.discardQuestion')}
          data-signout="confirm"
          className="flex flex-col gap-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
        >
          <p>{t('options.connection.unsentWarning', unsent, [formatNumber(unsent)])}</p>
          <div className="flex gap-2">
            <Button size="sm" onClick={() => setUnsent(null)}>
              {t('options.connection.stay')}
            </Button>
            <Button size="sm" variant="danger" disabled={busy} onClick={() => void signOut(true)}>
              {t('options.connection.discardSignOut')}
            </Button>
          </div>
        </div>
      ) : null}
      {disconnected ? (
        <p role="status" data-connection="signed-out" className="text-xs text-zinc-600 dark:text-zinc-400">
          {disconnected === 'revoked'
            ? t('options.connection.signedOutRevoked')
            : t('options.connection.signedOutLocal')}
        </p>
      ) : null}
    </Section>
  );
}

function ConnectionResult({ result, saved }: { result: ConnectionTest | null; saved: boolean }) {
  if (!result) return null;
  // Problems with what was typed are shown at their field.
  if (!result.ok && [...URL_PROBLEMS, ...TOKEN_PROBLEMS].includes(result.problem)) return null;
  if (result.ok) {
    return (
      <p
        role="status"
        data-connection="ok"
        className="rounded-md bg-emerald-50 px-3 py-2 text-xs text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-300"
      >
        {t('options.connection.connectedTo')} <strong>{result.me.workspace.name}</strong>{' '}
        {t('options.connection.connectedAs', {
          name: result.me.user.name,
          role: roleName(result.me.user.role),
          version: result.version,
        })}
        {saved ? ` ${t('options.connection.savedSyncing')}` : ''}
      </p>
    );
  }
  return (
    <p
      role="alert"
      data-connection={result.problem}
      className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-800 dark:bg-red-950/50 dark:text-red-300"
    >
      {say(result.message)}
    </p>
  );
}

/** The server stopped accepting this browser's token: nothing written is lost, it waits for the user to be back. */
function SignInAgainNotice({
  unsent,
  provider,
  deactivated,
}: {
  unsent: number;
  provider: boolean;
  deactivated: boolean;
}) {
  return (
    <div
      role="alert"
      data-connection="sign-in-again"
      className="flex flex-col gap-1 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
    >
      <p className="font-medium">{t('signIn.again')}</p>
      <p>
        {deactivated ? t('signIn.deactivated') : t('options.connection.expired')}{' '}
        {unsent > 0 ? t('options.connection.unsentKept', unsent, [formatNumber(unsent)]) : t('options.nothingLost')}{' '}
        {provider ? '' : t('options.connection.pasteToken')}
      </p>
    </div>
  );
}
