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
 * The current item of each tab, in one write-through cache: read from memory, every change written through to
 * `storage.session`, where it survives a service-worker restart (a fresh worker reads a tab's item back on first
 * use), stays in memory (nothing about visited pages touches the disk) and is hidden from content scripts.
 */
export function createTabItems(storage: Browser.storage.StorageArea) {
  const cache = new Map<number, TabItem | null>();
  return {
    /** Takes a tab's report: readers get this very entry at once, before `storage.session` has it. */
    async set(tabId: number, entry: TabItem): Promise<void> {
      cache.set(tabId, entry);
      await storage.set({ [keyOf(tabId)]: entry });
    },
    /** What memory holds for a tab, without waiting: undefined when only `storage.session` may know. */
    peek(tabId: number): TabItem | null | undefined {
      return cache.get(tabId);
    },
    async get(tabId: number): Promise<TabItem | null> {
      const cached = cache.get(tabId);
      if (cached !== undefined) return cached;
      const stored = ((await storage.get(keyOf(tabId)))[keyOf(tabId)] as TabItem | undefined) ?? null;
      // A report that came in while storage answered is newer than what storage held.
      if (!cache.has(tabId)) cache.set(tabId, stored);
      return cache.get(tabId) ?? null;
    },
    async forget(tabId: number): Promise<void> {
      cache.delete(tabId);
      await storage.remove(keyOf(tabId));
    },
  };
}
export type TabItems = ReturnType<typeof createTabItems>;
