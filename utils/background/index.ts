import { browser } from 'wxt/browser';
import { createMessageRouter, type MessageHandlers } from '../messaging/router.ts';
import { createTabItems } from './tab-items.ts';

/** Wires the background's services and listeners. Listeners are registered synchronously, as MV3 requires. */
export function startBackground() {
  const tabItems = createTabItems(browser.storage.session);
  const handlers: MessageHandlers = {
    'page.itemChanged': async (data, { tabId }) => {
      if (tabId === undefined) throw new Error('page.itemChanged needs a tab');
      await tabItems.set(tabId, data);
      return { tabId };
    },
  };
  const route = createMessageRouter(handlers, {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
  });
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  browser.tabs.onRemoved.addListener((tabId) => void tabItems.forget(tabId));
}
