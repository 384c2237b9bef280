import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { createSidebarService, type WatchPort } from '../../utils/background/sidebar.ts';
import { createTabItems } from '../../utils/background/tab-items.ts';
import { openDb } from '../../utils/db/index.ts';
import { jiraRef, uuid } from './sync-fixtures.ts';

/** `storage.session` in memory: get, set and remove are all the service uses. */
function memoryStorage(): Browser.storage.StorageArea {
  const values = new Map<string, unknown>();
  return {
    get: async (key: string) => (values.has(key) ? { [key]: values.get(key) } : {}),
    set: async (items: Record<string, unknown>) => {
      for (const [key, value] of Object.entries(items)) values.set(key, value);
    },
    remove: async (key: string) => {
      values.delete(key);
    },
  } as unknown as Browser.storage.StorageArea;
}

/** A sidebar's watch port as the background sees it; `disconnect` plays the sidebar going away. */
function port() {
  const heard: string[] = [];
  const onDisconnect: (() => void)[] = [];
  const watchPort: WatchPort = {
    postMessage: (message) => heard.push(message.type),
    onDisconnect: { addListener: (callback) => onDisconnect.push(callback) },
  };
  const disconnect = () => {
    for (const callback of onDisconnect) callback();
  };
  return { watchPort, heard, disconnect };
}

function service() {
  const session = memoryStorage();
  return createSidebarService({
    db: openDb(`watch-${uuid()}`, { indexedDB, IDBKeyRange }),
    tabItems: createTabItems(session),
    session,
    sendToTab: async () => undefined,
    openTabIds: async () => [],
  });
}

const report = (key: string) => ({ item: jiraRef(key), title: key, context: {}, reportedAt: Date.now() });

describe("the sidebar's watch port (where the sidebar cannot watch storage.session)", () => {
  it("tells a tab's sidebars of each new item and verdict, only that tab's, and only while connected", async () => {
    const sidebar = service();
    const seven = port();
    const eight = port();
    sidebar.watch(7, seven.watchPort);
    sidebar.watch(8, eight.watchPort);

    await sidebar.onTabItem(7, report('PAY-1'));
    await sidebar.handlers['sidebar.exposure']({ clear: true, reason: 'visible' }, { sender: {}, tabId: 7 });
    expect(seven.heard).toEqual(['sidebar.changed', 'sidebar.changed']);
    expect(eight.heard).toEqual([]);

    seven.disconnect();
    await sidebar.onTabItem(7, report('PAY-2'));
    expect(seven.heard).toHaveLength(2);

    await sidebar.forgetTab(8);
    await sidebar.onTabItem(8, report('PAY-3'));
    expect(eight.heard).toEqual([]);
  });
});
