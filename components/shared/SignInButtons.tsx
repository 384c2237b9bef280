import { useState } from 'react';
import type { AuthConfig } from '../../utils/contract.ts';
import { t } from '../../utils/i18n.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { SignInMode } from '../../utils/policy.ts';
import { Button } from '../ui/Button.tsx';
import { Field, TextInput } from '../ui/Field.tsx';

interface Props {
  serverUrl: string | null;
  config: AuthConfig | null;
  mode: SignInMode;
  /** "Sign in again" after the server stopped accepting the token: the same buttons, other words. */
  again?: boolean;
  /** Offers "Join with an invite" (the options page; the popup sends people there). */
  invites?: boolean;
  /** The server's sign-in choices are still being asked for: their row keeps its place meanwhile. */
  pending?: boolean;
  onSignedIn?: () => void;
}

/**
 * "Sign in with <provider>" and "Join with an invite": both run in the background through the browser's web-auth
 * window (`auth.signIn`); a refusal or a closed window is said here and changes nothing.
 */
export function SignInButtons({
  serverUrl,
  config,
  mode,
  again = false,
  invites = false,
  pending = false,
  onSignedIn,
}: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [joining, setJoining] = useState(false);
  const [link, setLink] = useState('');
  const provider = mode !== 'token' ? (config?.oidc?.providerName ?? null) : null;
  const offerInvites = invites && mode !== 'token' && Boolean(config?.invites);

  async function run(data: Parameters<typeof sendMessage<'auth.signIn'>>[1]) {
    setBusy(true);
    setError(null);
    const answer = await sendMessage('auth.signIn', data);
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setJoining(false);
    setLink('');
    onSignedIn?.();
  }

  const join = () => void run({ kind: 'invite', link });

  // The row the buttons will take, held while the server is asked: the form below does not jump under the pointer
  // (a click aimed at Save landed elsewhere when the row appeared).
  if (pending && invites && mode !== 'token') {
    return <div className="h-8" data-signin="pending" aria-hidden="true" />;
  }
  if (!provider && !offerInvites) return null;
  return (
    <div className="flex flex-col gap-2" data-signin="choices">
      <div className="flex flex-wrap items-center gap-2">
        {provider && serverUrl ? (
          <Button
            variant="primary"
            disabled={busy}
            data-signin="provider"
            onClick={() => void run({ kind: 'provider', serverUrl })}
          >
            {again ? t('signIn.againWith', { provider }) : t('signIn.with', { provider })}
          </Button>
        ) : null}
        {offerInvites && !joining ? (
          <Button variant={provider ? 'ghost' : 'primary'} disabled={busy} onClick={() => setJoining(true)}>
            {t('signIn.joinInvite')}
          </Button>
        ) : null}
      </div>
      {joining ? (
        // Not a form of its own: the options page holds these buttons inside its server form, and forms do not nest.
        <div className="flex items-end gap-2" data-signin="invite">
          <div className="grow">
            <Field label={t('signIn.inviteLink')} hint={t('signIn.inviteHint')}>
              {(props) => (
                <TextInput
                  {...props}
                  name="inviteLink"
                  type="url"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="https://hallway.example.com/invite/…"
                  value={link}
                  onChange={(event) => setLink(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key !== 'Enter') return;
                    event.preventDefault();
                    join();
                  }}
                />
              )}
            </Field>
          </div>
          <Button variant="primary" disabled={busy || !link.trim()} onClick={join}>
            {t('signIn.join')}
          </Button>
        </div>
      ) : null}
      {busy ? (
        <p role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
          {t('signIn.finish')}
        </p>
      ) : null}
      {error ? (
        <p
          role="alert"
          data-signin-error={error.code}
          className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-800 dark:bg-red-950/50 dark:text-red-300"
        >
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
