/** The tab the popup acts on: what the user was looking at when they opened it. */
import { type Browser, browser } from 'wxt/browser';
import type { MessageHandlers } from '../messaging/router.ts';
import type { TabItems } from './tab-items.ts';

/**
 * The active tab of the last focused normal window; when that is the asking page itself (popup.html opened in a
 * tab), the most recently used other tab, which is the page the user came from.
 */
export async function currentTab(askingTabId: number | undefined): Promise<Browser.tabs.Tab | undefined> {
  // With no normal window focused yet (only a popup window open), there is no "last focused": fall through.
  const window = await browser.windows.getLastFocused({ windowTypes: ['normal'] }).catch(() => undefined);
  const [active] = window ? await browser.tabs.query({ active: true, windowId: window.id }) : [];
  if (active && active.id !== askingTabId) return active;
  const others = (await browser.tabs.query({ windowType: 'normal' })).filter((tab) => tab.id !== askingTabId);
  return others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

export function createCurrentTabHandler(tabItems: TabItems): Pick<MessageHandlers, 'popup.currentTab'> {
  return {
    'popup.currentTab': async (_data, { sender }) => {
      const tab = await currentTab(sender.tab?.id);
      if (tab?.id === undefined) return null;
      const known = await tabItems.get(tab.id);
      return {
        tabId: tab.id,
        item: known?.item ?? null,
        title: known?.title ?? tab.title ?? '',
        context: known?.context ?? {},
      };
    },
  };
}
