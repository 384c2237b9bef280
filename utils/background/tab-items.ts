import type { Browser } from 'wxt/browser';
import type { ItemContext, ItemRef } from '../contract.ts';

/** What the background knows about the item shown in one tab. */
export interface TabItem {
  item: ItemRef | null;
  title: string;
  context: ItemContext;
  /** Epoch milliseconds of the report, to order reports from one tab. */
  reportedAt: number;
}

const keyOf = (tabId: number) => `tab:${tabId}`;

/**
 * The current item of each tab, kept in `storage.session`: it survives a service-worker restart, stays in memory
 * (nothing about visited pages touches the disk) and is hidden from content scripts by default.
 */
export function createTabItems(storage: Browser.storage.StorageArea) {
  return {
    async set(tabId: number, report: Omit<TabItem, 'reportedAt'>): Promise<TabItem> {
      const entry: TabItem = { ...report, reportedAt: Date.now() };
      await storage.set({ [keyOf(tabId)]: entry });
      return entry;
    },
    async get(tabId: number): Promise<TabItem | null> {
      const stored = await storage.get(keyOf(tabId));
      return (stored[keyOf(tabId)] as TabItem | undefined) ?? null;
    },
    async forget(tabId: number): Promise<void> {
      await storage.remove(keyOf(tabId));
    },
  };
}
export type TabItems = ReturnType<typeof createTabItems>;
