import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { listJiraHosts } from '../jira-hosts.ts';
import { sendMessage } from '../messaging/client.ts';
import { holdLiveWhileOpen } from '../sync/live-port.ts';
import { sharedIdentityReader } from './shared-identity.ts';
import { type ItemReport, watchItem } from './watch-item.ts';

/** Reports the page's item to the background now and after every in-app navigation that changes it. */
export async function startItemReporting(ctx: ContentScriptContext): Promise<void> {
  // Self-hosted Jira hosts come from the options page; this script runs on them only once the user enabled them.
  const jiraHosts = await listJiraHosts(browser.storage.local);
  if (ctx.isInvalid) return;
  // Reports go out one after another, so the background never stores an older item over a newer one.
  let delivered: Promise<unknown> = Promise.resolve();
  // While the tab shows a work item, it holds the live stream: a colleague's write reaches its launcher at once.
  let release: (() => void) | null = null;
  ctx.onInvalidated(() => release?.());
  const report = (next: ItemReport) => {
    delivered = delivered.then(() => sendMessage('page.itemChanged', next));
    if (next.item && !release) release = holdLiveWhileOpen();
    else if (!next.item && release) {
      release();
      release = null;
    }
  };
  // A Gmail thread's Message-ID comes from Gmail's own "Show original" view, fetched on the page's origin.
  const identify = sharedIdentityReader(
    () => new URL(window.location.href),
    (url, init) => fetch(url, init),
  );
  watchItem({ window, signal: ctx.signal, jiraHosts, report, identify });
}
