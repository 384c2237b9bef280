/**
 * The first run under an admin's policy: when the policy names the server, the options page opens at "Sign in", so a
 * person on a managed browser needs nothing but their company account. Chrome may load the policy seconds after the
 * install, so the first run waits for it (a flag in storage.local), and stops waiting once someone is signed in.
 */
import { browser } from 'wxt/browser';
import type { HallwayDexie } from '../db/schema.ts';
import { loadPolicy, watchPolicy } from '../policy.ts';

const FIRST_RUN_KEY = 'firstRunSignIn';

export function openSignInOnFirstRun(db: HallwayDexie): void {
  const tryOpen = async () => {
    if ((await browser.storage.local.get(FIRST_RUN_KEY))[FIRST_RUN_KEY] !== 'waiting') return;
    if (await db.credentials.get('main')) {
      await browser.storage.local.remove(FIRST_RUN_KEY);
      return;
    }
    if (!(await loadPolicy()).serverUrl) return;
    await browser.storage.local.remove(FIRST_RUN_KEY);
    await browser.runtime.openOptionsPage();
  };
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    void browser.storage.local.set({ [FIRST_RUN_KEY]: 'waiting' }).then(tryOpen);
  });
  watchPolicy(() => void tryOpen());
  void tryOpen();
}
