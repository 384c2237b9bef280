/** The tab the popup acts on: what the user was looking at when they opened it. */
import { type Browser, browser } from 'wxt/browser';
import type { MessageHandlers } from '../messaging/router.ts';
import type { TabItems } from './tab-items.ts';

type TabsQuery = (query: Browser.tabs.QueryInfo) => Promise<Browser.tabs.Tab[]>;

/**
 * The active tab of the last focused normal window; when that is the asking page itself (popup.html opened in a
 * tab), or the last focused window is not a normal one (popup.html in a window of its own), the most recently used
 * other tab of a normal window, which is the page the user came from. Asked of `tabs.query` alone: the
 * `windowTypes` filter of `windows.getLastFocused` is deprecated.
 */
export async function currentTab(
  askingTabId: number | undefined,
  query: TabsQuery = (info) => browser.tabs.query(info),
): Promise<Browser.tabs.Tab | undefined> {
  const [active] = await query({ active: true, lastFocusedWindow: true, windowType: 'normal' });
  if (active && active.id !== askingTabId) return active;
  const others = (await query({ windowType: 'normal' })).filter((tab) => tab.id !== askingTabId);
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
