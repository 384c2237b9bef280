import { useState } from 'react';
import { browser } from 'wxt/browser';
import type { Me } from '../../utils/contract.ts';
import { formatNumber, t } from '../../utils/i18n.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import { signInModeOf } from '../../utils/policy.ts';
import { roleName } from '../shared/role-name.ts';
import { SignInButtons } from '../shared/SignInButtons.tsx';
import { useAccount, useAuthConfig, usePolicy } from '../shared/use-account.ts';
import { Button } from '../ui/Button.tsx';
import { useSettingsServerUrl } from './use-server-url.ts';
import { useTabInvite } from './use-tab-invite.ts';

/**
 * Not signed in, or the server stopped accepting this browser: the popup says so first and offers "Sign in" (the
 * web-auth window runs in the background, so the popup closing as it opens loses nothing). Captures still work
 * meanwhile: they wait in the outbox. Signed in, one line says as whom.
 */
export function PopupSignIn() {
  const account = useAccount();
  const policy = usePolicy();
  const serverUrl = useSettingsServerUrl(policy?.serverUrl ?? null);
  const auth = useAuthConfig(serverUrl);
  const invite = useTabInvite();
  if (!account || !policy) return null;
  if (account.me && !account.signInAgain) return <SignedInAs me={account.me} />;
  if (invite && signInModeOf(policy) !== 'token') return <JoinFromTab {...invite} />;
  const config = auth.state === 'ready' ? auth.config : null;
  const openOptions = () => void browser.runtime.openOptionsPage();
  return (
    <section
      aria-label={t('signIn.signIn')}
      data-popup="sign-in"
      className="flex flex-col gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <p className="font-medium">{account.signInAgain ? t('signIn.again') : t('popup.signIn.title')}</p>
      {account.signInAgain ? (
        <p>
          {account.deactivated ? t('signIn.deactivated') : t('popup.signIn.notAccepted')}{' '}
          {account.unsent > 0 ? t('popup.signIn.unsentKept', account.unsent, [formatNumber(account.unsent)]) : ''}
        </p>
      ) : null}
      {serverUrl ? (
        <SignInButtons serverUrl={serverUrl} config={config} mode={signInModeOf(policy)} again={account.signInAgain} />
      ) : null}
      {!serverUrl || !config?.oidc ? (
        <Button size="sm" onClick={openOptions}>
          {serverUrl ? t('popup.signIn.inOptions') : t('popup.signIn.connectInOptions')}
        </Button>
      ) : null}
    </section>
  );
}

/** Who this browser is signed in as: name, email and role, as the server last confirmed them. */
function SignedInAs({ me }: { me: Me }) {
  return (
    <p className="truncate text-[11px] text-zinc-500 dark:text-zinc-400" data-popup="account">
      {t('popup.signedInAs', { name: me.user.name, role: roleName(me.user.role) })}
      {me.user.email ? ` · ${me.user.email}` : ''}
    </p>
  );
}

/** The tab shows an invite link: one click joins with it (the web-auth window opens the server's invite page). */
function JoinFromTab({ link, serverUrl }: { link: string; serverUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const join = async () => {
    setBusy(true);
    setError(null);
    const answer = await sendMessage('auth.signIn', { kind: 'invite', link });
    setBusy(false);
    if (!answer.ok) setError(answer.error.message);
  };
  return (
    <section
      aria-label={t('popup.signIn.join')}
      data-popup="join-invite"
      className="flex flex-col gap-2 rounded-md border border-brand-200 bg-brand-50 px-3 py-2 text-xs dark:border-brand-900 dark:bg-brand-950/40"
    >
      <p>{t('popup.signIn.inviteAt', { server: serverUrl })}</p>
      <Button size="sm" variant="primary" disabled={busy} onClick={() => void join()}>
        {t('popup.signIn.join')}
      </Button>
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </section>
  );
}
