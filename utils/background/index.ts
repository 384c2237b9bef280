import { browser } from 'wxt/browser';
import { openDb } from '../db/index.ts';
import { syncJiraContentScripts } from '../jira-hosts.ts';
import { LIVE_PORT, SIDE_PANEL_PORT, SIDEBAR_WATCH_PORT } from '../messaging/channels.ts';
import { classifySender, createMessageRouter, type MessageHandlers } from '../messaging/router.ts';
import { watchPolicy } from '../policy.ts';
import { saveSettings } from '../settings.ts';
import { DISMISSALS_KEY, loadDismissals } from '../snapshot/dismissals.ts';
import { startSync } from '../sync/background.ts';
import { createAccountHandlers } from './account.ts';
import { createAuthHandlers } from './auth.ts';
import { createConnectorHandlers } from './connectors.ts';
import { createCurrentTabHandler } from './current-tab.ts';
import { createDigestHandlers } from './digest.ts';
import { openSignInOnFirstRun } from './first-run.ts';
import { createMirrorWriteHandler } from './mirror-writes.ts';
import { startNotifications } from './notifications.ts';
import { createPanelScriptHandler } from './panel-script.ts';
import { createPeopleHandlers } from './people.ts';
import { registerQuickCapture } from './quick-capture.ts';
import { startSearchService } from './search-service.ts';
import { browserPanelApi, createSidePanelService } from './side-panel.ts';
import { createSidebarService, TOGGLE_SIDEBAR_COMMAND } from './sidebar.ts';
import { createTabItems } from './tab-items.ts';

/** Wires the background's services and listeners. Listeners are registered synchronously, as MV3 requires. */
export function startBackground() {
  // First: the search index follows every connection to the mirror opened after this, the sync engine's included.
  const search = startSearchService();
  const tabItems = createTabItems(browser.storage.session);
  const db = openDb();
  void search.load(db);
  const sync = startSync(db);
  const sidebar = createSidebarService({
    db,
    tabItems,
    session: browser.storage.session,
    sendToTab: (tabId, push) => browser.tabs.sendMessage(tabId, push, { frameId: 0 }),
    openTabIds: async () => (await browser.tabs.query({})).flatMap((tab) => (tab.id === undefined ? [] : [tab.id])),
    dismissed: async () => new Set(await loadDismissals()),
    isPanelPage: (url) => url !== undefined && url.split(/[?#]/)[0] === browser.runtime.getURL('/sidepanel.html'),
  });
  // The browser's own side panel, where the user chose it: the same sidebar page, following the window's active tab.
  const sidePanel = createSidePanelService({
    api: browserPanelApi(browser as unknown as Parameters<typeof browserPanelApi>[0]),
    tabItems,
    watch: sidebar.watch,
    toggleInPage: (tabId) => void sidebar.toggle(tabId),
    storage: browser.storage.local,
    onStorageChanged: (listener) => browser.storage.onChanged.addListener(listener),
    saveSettings: (patch, beforeWrite) => saveSettings(patch, browser.storage.local, undefined, beforeWrite),
    tabs: () => browser.tabs.query({}),
  });
  const handlers: MessageHandlers = {
    'page.itemChanged': async (data, { tabId, sender }) => {
      if (tabId === undefined) throw new Error('page.itemChanged needs a tab');
      // The tab's item at once; resolving for the launcher does not wait for the report's storing.
      await sidebar.onTabItem(tabId, { ...data, reportedAt: Date.now() });
      sidePanel.tabChanged({ ...sender.tab, id: tabId });
      return { tabId };
    },
    'sync.now': () => sync.syncNow(),
    'settings.save': ({ patch }) => sidePanel.saveSettings(patch),
    'search.query': ({ query, limit, kinds }) => search.search(query, limit, kinds),
    'mirror.counts': () => search.counts(db),
    ...sidebar.handlers,
    // Synchronous up to the browser's open(): Chrome passes the launcher click's gesture only to this very call.
    'sidebar.openPanel': (_data, { sender }) => sidePanel.openFromLauncher(sender.tab ?? {}),
    ...createPanelScriptHandler(({ target, files, injectImmediately }) =>
      browser.scripting.executeScript({ target, files, injectImmediately }),
    ),
    ...createMirrorWriteHandler({ db, afterWrite: sync.afterWrite, contextOf: sidebar.contextAfterWrite }),
    ...createCurrentTabHandler(tabItems),
    ...createAccountHandlers({ db, fetch: (input, init) => fetch(input, init) }),
    ...createAuthHandlers({
      db,
      fetch: (input, init) => fetch(input, init),
      syncSoon: () => void sync.syncNow(),
      forget: sync.forget,
    }),
    ...createPeopleHandlers({ db, fetch: (input, init) => fetch(input, init) }),
    ...createConnectorHandlers({ db, fetch: (input, init) => fetch(input, init), afterRulesChanged: sync.afterWrite }),
    ...createDigestHandlers({ db, fetch: (input, init) => fetch(input, init) }),
  };
  const identity = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
  const route = createMessageRouter(handlers, identity);
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  // Hallway pages and work-item tabs hold the live stream while they are open (utils/sync/live.ts).
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== LIVE_PORT) return;
    if (!port.sender || !classifySender(port.sender, identity.extensionId, identity.extensionOrigin)) {
      return port.disconnect();
    }
    const release = sync.holdLive();
    port.onDisconnect.addListener(release);
    // Its pings only keep this background alive; nothing to answer.
    port.onMessage.addListener(() => undefined);
  });
  // Each sidebar iframe watches its own tab through a port, on both browsers.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== SIDEBAR_WATCH_PORT) return;
    const tabId = port.sender?.tab?.id;
    const from = port.sender ? classifySender(port.sender, identity.extensionId, identity.extensionOrigin) : null;
    if (from !== 'extension' || tabId === undefined) return port.disconnect();
    sidebar.watch(tabId, port);
  });
  // The browser's side panel names the tab it follows on its own port.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== SIDE_PANEL_PORT) return;
    const from = port.sender ? classifySender(port.sender, identity.extensionId, identity.extensionOrigin) : null;
    if (from !== 'extension') return port.disconnect();
    sidePanel.connect(port);
  });
  registerQuickCapture({ db, search, tabItems });
  browser.tabs.onRemoved.addListener((tabId) => {
    void sidebar.forgetTab(tabId);
    sidePanel.forgetTab(tabId);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    // Synchronous up to the browser's open(): the command's gesture lasts only while this listener runs.
    if (command === TOGGLE_SIDEBAR_COMMAND && tab) sidePanel.toggle(tab);
  });
  sidebar.watchMirror();
  startNotifications(db);
  // The admin's policy: saving the settings lays it over them (locked server, tools turned off), now and whenever
  // the browser loads or changes it; on the first run a policy that names the server opens the options at Sign in.
  const applyPolicy = () => void saveSettings({});
  applyPolicy();
  watchPolicy(applyPolicy);
  openSignInOnFirstRun(db);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && DISMISSALS_KEY in changes) void sidebar.refreshOpenTabs();
  });
  // Self-hosted Jira: keep the runtime-registered content scripts in step with the enabled hosts and permissions.
  browser.runtime.onInstalled.addListener(() => void syncJiraContentScripts());
  browser.runtime.onStartup.addListener(() => void syncJiraContentScripts());
  browser.permissions.onRemoved.addListener(() => void syncJiraContentScripts());
}
