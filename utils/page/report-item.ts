import { browser } from 'wxt/browser';
import { listJiraHosts } from '../jira-hosts.ts';
import { sendMessage } from '../messaging/client.ts';
import type { SiteAdapter } from '../sites/types.ts';
import { holdLiveWhileOpen } from '../sync/live-port.ts';
import type { ScriptContext } from './script-context.ts';
import type { Identify } from './shared-identity.ts';
import { type ItemReport, watchItem } from './watch-item.ts';

/**
 * Reports the page's item (one of `site`'s) to the background now and after every in-app navigation that changes it;
 * `identify` gives an item its shared identity (a Gmail thread's Message-ID), where the tool has one.
 */
export async function startItemReporting(ctx: ScriptContext, site: SiteAdapter, identify?: Identify): Promise<void> {
  // Self-hosted Jira hosts come from the options page; this script runs on them only once the user enabled them.
  const jiraHosts = site.tool === 'jira' ? await listJiraHosts(browser.storage.local) : [];
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
  watchItem({ window, signal: ctx.signal, sites: [site], jiraHosts, report, identify });
}
