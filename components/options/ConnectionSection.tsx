import { type FormEvent, useEffect, useState } from 'react';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { Settings } from '../../utils/settings.ts';
import { type ConnectionTest, saveCredentials, testConnection } from '../../utils/sync/connection.ts';
import { Button } from '../ui/Button.tsx';
import { Field, TextInput } from '../ui/Field.tsx';
import { Section } from './Section.tsx';

interface Props {
  db: HallwayDexie;
  settings: Settings;
  update: (patch: Partial<Settings>) => Promise<void>;
}

/** Server URL and token: test, then save. The token goes to the extension's IndexedDB, never to storage.local. */
export function ConnectionSection({ db, settings, update }: Props) {
  const [serverUrl, setServerUrl] = useState(settings.serverUrl ?? '');
  const [token, setToken] = useState('');
  const [hasToken, setHasToken] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void db.credentials.get('main').then((row) => setHasToken(Boolean(row?.token)));
  }, [db]);

  async function run(save: boolean) {
    setBusy(true);
    setSaved(false);
    const storedToken = token || (await db.credentials.get('main'))?.token || '';
    const test = await testConnection((input, init) => fetch(input, init), serverUrl.trim(), storedToken);
    setResult(test);
    if (save && test.ok) {
      await saveCredentials(db, storedToken, test.me);
      await update({ serverUrl: serverUrl.trim().replace(/\/+$/, '') });
      setToken('');
      setHasToken(true);
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
        <Field
          label="Server URL"
          error={result && !result.ok && result.problem === 'invalid_url' ? result.message : null}
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
              onChange={(event) => setServerUrl(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="API token"
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
    </Section>
  );
}

function ConnectionResult({ result, saved }: { result: ConnectionTest | null; saved: boolean }) {
  if (!result) return null;
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
