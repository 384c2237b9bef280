import { browser } from 'wxt/browser';
import { signInModeOf } from '../../utils/policy.ts';
import { SignInButtons } from '../shared/SignInButtons.tsx';
import { useAccount, useAuthConfig, usePolicy } from '../shared/use-account.ts';
import { Button } from '../ui/Button.tsx';
import { useSettingsServerUrl } from './use-server-url.ts';

/**
 * Not signed in, or the server stopped accepting this browser: the popup says so first and offers "Sign in" (the
 * web-auth window runs in the background, so the popup closing as it opens loses nothing). Captures still work
 * meanwhile: they wait in the outbox.
 */
export function PopupSignIn() {
  const account = useAccount();
  const policy = usePolicy();
  const serverUrl = useSettingsServerUrl(policy?.serverUrl ?? null);
  const auth = useAuthConfig(serverUrl);
  if (!account || !policy || (account.me && !account.signInAgain)) return null;
  const config = auth.state === 'ready' ? auth.config : null;
  const openOptions = () => void browser.runtime.openOptionsPage();
  return (
    <section
      aria-label="Sign in"
      data-popup="sign-in"
      className="flex flex-col gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <p className="font-medium">{account.signInAgain ? 'Sign in again' : 'Sign in to your team’s Hallway'}</p>
      {account.signInAgain ? (
        <p>
          The server no longer accepts this browser&apos;s sign-in.{' '}
          {account.unsent > 0
            ? `${account.unsent} unsent ${account.unsent === 1 ? 'change is' : 'changes are'} kept.`
            : ''}
        </p>
      ) : null}
      {serverUrl ? (
        <SignInButtons serverUrl={serverUrl} config={config} mode={signInModeOf(policy)} again={account.signInAgain} />
      ) : null}
      {!serverUrl || !config?.oidc ? (
        <Button size="sm" onClick={openOptions}>
          {serverUrl ? 'Sign in in the options' : 'Connect to your server in the options'}
        </Button>
      ) : null}
    </section>
  );
}
