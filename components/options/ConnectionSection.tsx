import { useLiveQuery } from 'dexie-react-hooks';
import { type FormEvent, useState } from 'react';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { Settings } from '../../utils/settings.ts';
import {
  type ConnectionProblem,
  type ConnectionTest,
  saveCredentials,
  testConnection,
} from '../../utils/sync/connection.ts';
import { Button } from '../ui/Button.tsx';
import { Field, TextInput } from '../ui/Field.tsx';
import { Section } from './Section.tsx';

interface Props {
  db: HallwayDexie;
  settings: Settings;
  update: (patch: Partial<Settings>) => Promise<void>;
}

/** Problems shown at the field they are about; the others in the result box under the buttons. */
const URL_PROBLEMS: readonly ConnectionProblem[] = ['invalid_url', 'missing_scheme'];
const TOKEN_PROBLEMS: readonly ConnectionProblem[] = ['missing_token', 'wrong_token'];

/** Server URL and token: test, then save. The token goes to the extension's IndexedDB, never to storage.local. */
export function ConnectionSection({ db, settings, update }: Props) {
  const [serverUrl, setServerUrl] = useState(settings.serverUrl ?? '');
  const [token, setToken] = useState('');
  const credentials = useLiveQuery(() => db.credentials.get('main'), [db]);
  const hasToken = Boolean(credentials?.token);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [saved, setSaved] = useState(false);
  /** Unsent writes that a disconnect would discard, while the user decides. */
  const [unsent, setUnsent] = useState<number | null>(null);
  const [disconnected, setDisconnected] = useState(false);
  const problem = result && !result.ok ? result : null;

  async function disconnect(discardUnsent: boolean) {
    setBusy(true);
    const answer = await sendMessage('sync.disconnect', { discardUnsent });
    setBusy(false);
    if (!answer.ok) return;
    if (!answer.value.disconnected) {
      setUnsent(answer.value.unsent);
      return;
    }
    setUnsent(null);
    setServerUrl('');
    setToken('');
    setResult(null);
    setSaved(false);
    setDisconnected(true);
  }

  async function run(save: boolean) {
    setBusy(true);
    setSaved(false);
    setDisconnected(false);
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

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };

  return (
    <Section id="connection" title="Server" description="Your team's Hallway server and your personal API token.">
      <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <Field label="Server URL" error={problem && URL_PROBLEMS.includes(problem.problem) ? problem.message : null}>
          {(props) => (
            <TextInput
              {...props}
              name="serverUrl"
              type="url"
              inputMode="url"
              autoComplete="url"
              placeholder="https://hallway.example.com"
              value={serverUrl}
              onChange={(event) => setServerUrl(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="API token"
          error={problem && TOKEN_PROBLEMS.includes(problem.problem) ? problem.message : null}
          hint={
            hasToken
              ? 'A token is saved. Leave empty to keep it.'
              : 'Create one with `npm run token -- create` on the server.'
          }
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
            Test connection
          </Button>
          <Button type="submit" variant="primary" disabled={busy}>
            Save and connect
          </Button>
        </div>
        <ConnectionResult result={result} saved={saved} />
      </form>
      {credentials?.me && settings.serverUrl ? (
        <div className="flex items-center justify-between gap-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <p className="text-xs" data-connection="signed-in">
            Signed in to <strong>{credentials.me.workspace.name}</strong> as {credentials.me.user.name} (
            {credentials.me.user.role}) on {settings.serverUrl}.
          </p>
          <Button size="sm" variant="ghost" disabled={busy} onClick={() => void disconnect(false)}>
            Disconnect
          </Button>
        </div>
      ) : null}
      {unsent !== null ? (
        <div
          role="alertdialog"
          aria-label="Discard unsent changes?"
          data-disconnect="confirm"
          className="flex flex-col gap-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
        >
          <p>
            {unsent === 1 ? '1 change has' : `${unsent} changes have`} not reached the server yet. Disconnecting now
            discards {unsent === 1 ? 'it' : 'them'}; staying connected sends {unsent === 1 ? 'it' : 'them'} at the next
            sync.
          </p>
          <div className="flex gap-2">
            <Button size="sm" onClick={() => setUnsent(null)}>
              Stay connected
            </Button>
            <Button size="sm" variant="danger" disabled={busy} onClick={() => void disconnect(true)}>
              Discard and disconnect
            </Button>
          </div>
        </div>
      ) : null}
      {disconnected ? (
        <p role="status" data-connection="disconnected" className="text-xs text-zinc-600 dark:text-zinc-400">
          Disconnected. The token and this browser's copy of the workspace are removed.
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
        Connected to <strong>{result.me.workspace.name}</strong> as {result.me.user.name} ({result.me.user.role}),
        server {result.version}.{saved ? ' Saved; syncing now.' : ''}
      </p>
    );
  }
  return (
    <p
      role="alert"
      data-connection={result.problem}
      className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-800 dark:bg-red-950/50 dark:text-red-300"
    >
      {result.message}
    </p>
  );
}
