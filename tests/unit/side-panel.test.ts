import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import {
  browserPanelApi,
  createSidePanelService,
  type PanelApi,
  type PanelPort,
} from '../../utils/background/side-panel.ts';
import { createSidebarService, type WatchPort } from '../../utils/background/sidebar.ts';
import { createTabItems, type TabItem } from '../../utils/background/tab-items.ts';
import { openDb } from '../../utils/db/index.ts';
import { PANEL_EXPOSURE, parseSidePanelFollow, UNCHECKED_EXPOSURE } from '../../utils/messaging/channels.ts';
import type { Settings } from '../../utils/settings.ts';
import { jiraRef, uuid } from '../support/sync-fixtures.ts';

const JIRA_URL = 'https://acme.atlassian.net/browse/PAY-1';
const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs';

/**
 * The browser's panel: records every call in order, answering `open` as `refuse` says. `chrome`: Chrome's, which
 * keeps each tab's own options, and opens the panel in a tab (`openInTab`) only where the tab has none.
 */
function fakeApi(refuse = false, chrome = false) {
  const calls: string[] = [];
  const tabOptions = new Map<number, boolean>();
  const api: PanelApi = {
    open: ({ windowId, tabId }) => {
      calls.push(`open ${windowId} ${tabId}`);
      return refuse ? Promise.reject(new Error('may only be called in response to a user gesture')) : Promise.resolve();
    },
    close: async (windowId) => {
      calls.push(`close ${windowId}`);
    },
    ...(chrome
      ? {
          openInTab: ({ windowId, tabId }: { windowId: number; tabId: number }) => {
            calls.push(`open ${windowId} ${tabId} in tab`);
            return tabOptions.has(tabId)
              ? Promise.reject(new Error(`No active side panel for tabId: ${tabId}`))
              : Promise.resolve();
          },
          tabEnabled: async (tabId: number) => tabOptions.get(tabId) !== false,
          setTabEnabled: async (tabId: number, enabled: boolean) => {
            tabOptions.set(tabId, enabled);
          },
        }
      : {}),
  };
  return { api, calls, tabOptions };
}

/** Settings as the real save writes them: the patch over what is stored (`stored`), announced just before the write. */
function fakeSave(stored: { current: unknown }, fail = false) {
  const checks: (() => void)[] = [];
  const save = async (patch: Partial<Settings>, beforeWrite: (next: Settings) => void): Promise<Settings> => {
    const next = { ...(stored.current as Settings), ...patch };
    beforeWrite(next);
    for (const check of checks) check();
    await Promise.resolve();
    if (fail) throw new Error('QUOTA_BYTES quota exceeded');
    stored.current = next;
    return next;
  };
  return { save, checks };
}

function panelService(
  options: {
    settings?: unknown;
    refuse?: boolean;
    chrome?: boolean;
    items?: Map<number, TabItem | null>;
    tabs?: { id: number; url: string }[];
    saveSettings?: (patch: Partial<Settings>, beforeWrite: (next: Settings) => void) => Promise<Settings>;
  } = {},
) {
  const { api, calls, tabOptions } = fakeApi(options.refuse, options.chrome);
  const inPage: number[] = [];
  const watched: [number, WatchPort][] = [];
  let loadSettings: (() => void) | undefined;
  const storageListeners: ((changes: Record<string, { newValue?: unknown }>, area: string) => void)[] = [];
  const settingsRead = new Promise<void>((resolve) => {
    loadSettings = resolve;
  });
  const service = createSidePanelService({
    api,
    tabItems: { peek: (tabId) => options.items?.get(tabId) },
    watch: (tabId, port) => void watched.push([tabId, port]),
    toggleInPage: (tabId) => void inPage.push(tabId),
    storage: {
      get: (async () => {
        await settingsRead;
        return { settings: options.settings };
      }) as unknown as Browser.storage.StorageArea['get'],
    },
    onStorageChanged: (listener) => void storageListeners.push(listener),
    saveSettings: options.saveSettings ?? (async () => Promise.reject(new Error('no settings writes here'))),
    tabs: async () => options.tabs ?? [],
  });
  const changeSettings = (settings: unknown) => {
    for (const listener of storageListeners) listener({ settings: { newValue: settings } }, 'local');
  };
  const ready = async () => {
    loadSettings?.();
    await settingsRead;
    await Promise.resolve();
  };
  return { service, calls, inPage, watched, changeSettings, ready, tabOptions };
}

/** The side panel's port as the background sees it; `send` plays the panel posting, `disconnect` it closing. */
function panelPort() {
  const heard: string[] = [];
  const onMessage: ((message: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const port: PanelPort = {
    postMessage: (message) => heard.push(message.type),
    onMessage: { addListener: (callback) => onMessage.push(callback) },
    onDisconnect: { addListener: (callback) => onDisconnect.push(callback) },
  };
  return {
    port,
    heard,
    send: (message: unknown) => {
      for (const callback of onMessage) callback(message);
    },
    disconnect: () => {
      for (const callback of onDisconnect) callback();
    },
  };
}

const PANEL = { sidebarPlace: 'panel' };

describe('the toggle shortcut and the launcher, where the browser side panel is chosen', () => {
  it("opens the browser's panel synchronously, in the gesture's own call, for the tab's window", async () => {
    const { service, calls, inPage, ready } = panelService({ settings: PANEL });
    await ready();
    service.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    // Not one await between the command and the browser's open(): the gesture would be gone.
    expect(calls).toEqual(['open 3 7']);
    await Promise.resolve();
    expect(inPage).toEqual([]);

    const launcher = service.openFromLauncher({ id: 8, windowId: 4, url: JIRA_URL });
    expect(calls).toEqual(['open 3 7', 'open 4 8']);
    expect(await launcher).toEqual({ opened: true });
  });

  it('closes the panel its window shows, and toggles the page where the page is chosen, globally or for the site', async () => {
    const items = new Map<number, TabItem | null>([
      [7, { item: jiraRef('PAY-1'), title: 'PAY-1', context: {}, reportedAt: 1 }],
    ]);
    const { service, calls, inPage, changeSettings, ready } = panelService({ settings: PANEL, items });
    await ready();
    const panel = panelPort();
    service.connect(panel.port);
    panel.send({ type: 'panel.follow', windowId: 3, tabId: 7 });
    expect(service.isOpen(3)).toBe(true);
    service.toggle({ id: 7, windowId: 3 });
    expect(calls).toEqual(['close 3']);
    // The launcher of a window that shows the panel has nothing to open.
    expect(await service.openFromLauncher({ id: 7, windowId: 3 })).toEqual({ opened: true });
    expect(calls).toEqual(['close 3']);
    panel.disconnect();
    expect(service.isOpen(3)).toBe(false);

    // Jira's own choice wins over the global one; the tab's reported item names the tool, else its URL does.
    changeSettings({ sidebarPlace: 'panel', sitePlaces: { jira: 'page' } });
    service.toggle({ id: 7, windowId: 3 });
    service.toggle({ id: 9, windowId: 3, url: 'https://acme.atlassian.net/browse/PAY-9' });
    service.toggle({ id: 10, windowId: 3, url: GMAIL_URL });
    expect(inPage).toEqual([7, 9]);
    expect(calls).toEqual(['close 3', 'open 3 10']);
    // A tab without a work item follows the global choice.
    changeSettings({ sidebarPlace: 'page', sitePlaces: { gmail: 'panel' } });
    service.toggle({ id: 11, windowId: 3, url: 'https://example.com/' });
    service.toggle({ id: 10, windowId: 3, url: GMAIL_URL });
    expect(inPage).toEqual([7, 9, 11]);
    expect(calls).toEqual(['close 3', 'open 3 10', 'open 3 10']);
    expect(service.placeOf({ id: 12, url: GMAIL_URL })).toBe('panel');
    expect(service.placeOf({ id: 12 })).toBe('page');
  });

  it('closes a panel it has just opened whose page has not told its window yet, and opens it again once it closed', async () => {
    const { service, calls, inPage, ready } = panelService({ settings: PANEL });
    await ready();
    service.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    await Promise.resolve();
    await Promise.resolve();
    // The panel's page is still loading: its port has said nothing yet, but the window shows it.
    expect(service.isOpen(3)).toBe(true);
    service.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    expect(calls).toEqual(['open 3 7', 'close 3']);
    expect(service.isOpen(3)).toBe(false);
    // Opened again, its page connects and later closes: the next toggle opens it.
    service.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    await Promise.resolve();
    await Promise.resolve();
    const panel = panelPort();
    service.connect(panel.port);
    panel.send({ type: 'panel.follow', windowId: 3, tabId: 7 });
    panel.disconnect();
    expect(service.isOpen(3)).toBe(false);
    service.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    expect(calls).toEqual(['open 3 7', 'close 3', 'open 3 7', 'open 3 7']);
    expect(inPage).toEqual([]);
  });

  it("opens the page's sidebar where the browser refuses its panel (no gesture; Firefox's launcher)", async () => {
    const { service, calls, inPage, ready } = panelService({ settings: PANEL, refuse: true });
    await ready();
    service.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    expect(calls).toEqual(['open 3 7']);
    await vi.waitFor(() => expect(inPage).toEqual([7]));
    expect(await service.openFromLauncher({ id: 7, windowId: 3, url: JIRA_URL })).toEqual({ opened: false });
  });

  it('waits for the settings in a background this very shortcut woke, then acts on them', async () => {
    const { service, calls, inPage, ready } = panelService({ settings: { sidebarPlace: 'page' } });
    service.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    expect(service.placeOf({ id: 7, url: JIRA_URL })).toBeUndefined();
    expect(inPage).toEqual([]);
    await ready();
    await vi.waitFor(() => expect(inPage).toEqual([7]));
    expect(calls).toEqual([]);
  });

  it('decides on a place saved through the background at once, before storage.onChanged brings it; a failed save changes nothing', async () => {
    const stored = { current: PANEL as unknown };
    const { save, checks } = fakeSave(stored);
    const { service, calls, inPage, ready } = panelService({ settings: PANEL, saveSettings: save });
    await ready();
    // The place is what the next gesture gets from the moment the write can be read anywhere, not after the event.
    const seenAtWrite: (string | undefined)[] = [];
    checks.push(() => seenAtWrite.push(service.placeOf({ id: 7, url: JIRA_URL })));
    const saved = await service.saveSettings({ sitePlaces: { jira: 'page' } });
    expect(saved.sitePlaces).toEqual({ jira: 'page' });
    expect(seenAtWrite).toEqual(['page']);
    service.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    expect(inPage).toEqual([7]);
    expect(calls).toEqual([]);

    // A write that fails leaves the stored choice in force (read again from storage).
    const failing = panelService({ settings: PANEL, saveSettings: fakeSave({ current: PANEL }, true).save });
    await failing.ready();
    await expect(failing.service.saveSettings({ sitePlaces: { jira: 'page' } })).rejects.toThrow(/quota/);
    await vi.waitFor(() => expect(failing.service.placeOf({ id: 7, url: JIRA_URL })).toBe('panel'));
  });

  it("opens Chrome's panel within the gesture in a background the shortcut woke, where Chrome keeps it chosen", async () => {
    // Before the background slept: global "browser side panel", Jira "in the page", told to Chrome ahead of time.
    const settings = { sidebarPlace: 'panel', sitePlaces: { jira: 'page' } };
    const tabs = [
      { id: 7, url: JIRA_URL },
      { id: 10, url: GMAIL_URL },
      { id: 11, url: 'https://example.com/' },
    ];
    const before = panelService({ settings, chrome: true, tabs });
    await before.ready();
    await vi.waitFor(() => expect(Object.fromEntries(before.tabOptions)).toEqual({ 7: false }));

    // Woken by the shortcut: nothing in memory, Chrome still holds the tabs' options.
    const { api, calls, tabOptions } = fakeApi(false, true);
    for (const [tab, enabled] of before.tabOptions) tabOptions.set(tab, enabled);
    const inPage: number[] = [];
    let loadSettings: (() => void) | undefined;
    const read = new Promise<void>((resolve) => {
      loadSettings = resolve;
    });
    const woken = createSidePanelService({
      api,
      tabItems: { peek: () => undefined },
      watch: () => undefined,
      toggleInPage: (tabId) => void inPage.push(tabId),
      storage: {
        get: (async () => {
          await read;
          return { settings };
        }) as unknown as Browser.storage.StorageArea['get'],
      },
      onStorageChanged: () => undefined,
      saveSettings: async () => Promise.reject(new Error('no settings writes here')),
      tabs: async () => tabs,
    });
    woken.toggle({ id: 10, windowId: 3, url: GMAIL_URL });
    woken.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    // Both asked at once, in the gesture's own call: the settings are not read yet.
    expect(calls).toEqual(['open 3 10 in tab', 'open 3 7 in tab']);
    loadSettings?.();
    // Gmail's panel opened; Chrome refused Jira's (the page is chosen there), whose sidebar opens in the page.
    await vi.waitFor(() => expect(inPage).toEqual([7]));
    expect(calls).toEqual(['open 3 10 in tab', 'open 3 7 in tab']);
  });

  it("disables Chrome's panel in the work-item tabs whose site chose the page, as settings and items change", async () => {
    const items = new Map<number, TabItem | null>();
    const { service, tabOptions, changeSettings, ready } = panelService({
      settings: PANEL,
      chrome: true,
      items,
      tabs: [
        { id: 7, url: JIRA_URL },
        { id: 8, url: 'https://example.com/' },
        { id: 12, url: 'https://jira.acme.internal/browse/PAY-2' },
      ],
    });
    await ready();
    changeSettings({ sidebarPlace: 'panel', sitePlaces: { jira: 'page' } });
    await vi.waitFor(() => expect(Object.fromEntries(tabOptions)).toEqual({ 7: false }));
    // A self-hosted Jira tab, known as Jira once its content script reports its item.
    items.set(12, { item: jiraRef('PAY-2'), title: 'PAY-2', context: {}, reportedAt: 1 });
    service.tabChanged({ id: 12, url: 'https://jira.acme.internal/browse/PAY-2' });
    await vi.waitFor(() => expect(Object.fromEntries(tabOptions)).toEqual({ 7: false, 12: false }));
    // Back to the panel: enabled again where it was disabled; a tab never disabled keeps no options of its own.
    changeSettings({ sidebarPlace: 'panel' });
    await vi.waitFor(() => expect(Object.fromEntries(tabOptions)).toEqual({ 7: true, 12: true }));
    service.tabChanged({ id: 13, url: GMAIL_URL });
    await Promise.resolve();
    expect(tabOptions.has(13)).toBe(false);
  });

  it('closes a panel Chrome opened at wake where the settings, once read, say the page (a tab that left its site)', async () => {
    const { service, calls, inPage, ready } = panelService({ settings: { sidebarPlace: 'page' }, chrome: true });
    service.toggle({ id: 7, windowId: 3, url: JIRA_URL });
    expect(calls).toEqual(['open 3 7 in tab']);
    await ready();
    await vi.waitFor(() => expect(inPage).toEqual([7]));
    expect(calls).toEqual(['open 3 7 in tab', 'close 3']);
  });

  it('uses the browser at hand: Chrome by window, Firefox in the current window, neither where there is none', async () => {
    const chrome = { open: vi.fn(async () => undefined), close: vi.fn(async () => undefined) };
    await browserPanelApi({ sidePanel: chrome })?.open({ windowId: 3, tabId: 7 });
    await browserPanelApi({ sidePanel: chrome })?.close(3);
    expect(chrome.open).toHaveBeenCalledWith({ windowId: 3 });
    expect(chrome.close).toHaveBeenCalledWith({ windowId: 3 });
    const firefox = { open: vi.fn(async () => undefined), close: vi.fn(async () => undefined) };
    await browserPanelApi({ sidebarAction: firefox })?.open({ windowId: 3, tabId: 7 });
    expect(firefox.open).toHaveBeenCalledWith();
    await expect(browserPanelApi({ sidePanel: { open: chrome.open } })?.close(3)).rejects.toThrow(/cannot close/);
    expect(browserPanelApi({})).toBeNull();
  });
});

describe("the side panel's port: the panel follows its window's active tab", () => {
  it("hears only the followed tab's changes, and no longer the previous tab's once it follows another", async () => {
    const { service, watched } = panelService({ settings: PANEL });
    const panel = panelPort();
    service.connect(panel.port);
    panel.send({ type: 'panel.follow', windowId: 3, tabId: 7 });
    const [[firstTab, first] = []] = watched;
    expect(firstTab).toBe(7);
    const stopFirst: (() => void)[] = [];
    first?.onDisconnect.addListener(() => stopFirst.push(() => undefined));
    first?.postMessage({ type: 'sidebar.changed' });
    expect(panel.heard).toEqual(['sidebar.changed']);

    panel.send({ type: 'panel.follow', windowId: 3, tabId: 8 });
    expect(watched.map(([tabId]) => tabId)).toEqual([7, 8]);
    // The first tab's watch was let go (its watchers drop it), and a late post from it reaches nobody.
    expect(stopFirst).toHaveLength(1);
    first?.postMessage({ type: 'sidebar.changed' });
    watched[1]?.[1].postMessage({ type: 'sidebar.changed' });
    expect(panel.heard).toEqual(['sidebar.changed', 'sidebar.changed']);

    // Malformed messages are ignored; a window without an active tab follows nothing.
    panel.send({ type: 'panel.follow', windowId: '3', tabId: 9 });
    panel.send({ type: 'panel.follow', windowId: 3, tabId: null });
    expect(watched).toHaveLength(2);
    expect(service.isOpen(3)).toBe(true);
    expect(parseSidePanelFollow({ type: 'panel.follow', windowId: 3, tabId: 1.5 })).toBeNull();
  });
});

describe("the sidebar's context in the browser's side panel", () => {
  const session = () => {
    const values = new Map<string, unknown>();
    return {
      get: async (key: string) => (values.has(key) ? { [key]: values.get(key) } : {}),
      set: async (items: Record<string, unknown>) => {
        for (const [key, value] of Object.entries(items)) values.set(key, value);
      },
      remove: async (key: string) => void values.delete(key),
    } as unknown as Browser.storage.StorageArea;
  };

  it('answers the panel for the tab it names, never covered by the page; a sidebar in a tab only for its own tab', async () => {
    const storage = session();
    const sidebar = createSidebarService({
      db: openDb(`panel-${uuid()}`, { indexedDB, IDBKeyRange }),
      tabItems: createTabItems(storage),
      session: storage,
      sendToTab: async () => undefined,
      openTabIds: async () => [7, 8],
      isPanelPage: (url) => url === 'chrome-extension://hallway/sidepanel.html',
    });
    await sidebar.onTabItem(7, { item: jiraRef('PAY-1'), title: 'PAY-1', context: {}, reportedAt: 1 });
    await sidebar.onTabItem(8, { item: jiraRef('PAY-2'), title: 'PAY-2', context: {}, reportedAt: 1 });
    const panel = { url: 'chrome-extension://hallway/sidepanel.html' };
    const inPanel = await sidebar.handlers['sidebar.context']({ tabId: 7 }, { sender: panel, tabId: undefined });
    expect(inPanel).toMatchObject({ tabId: 7, title: 'PAY-1', exposure: PANEL_EXPOSURE });
    expect(inPanel.item?.key).toBe(jiraRef('PAY-1').key);

    // The iframe in tab 8 asking about tab 7 gets its own tab, with the guard's verdict (none yet: covered).
    const frame = { url: 'chrome-extension://hallway/sidebar.html', tab: { id: 8 } };
    const inFrame = await sidebar.handlers['sidebar.context']({ tabId: 7 }, { sender: frame, tabId: undefined });
    expect(inFrame).toMatchObject({ tabId: 8, title: 'PAY-2', exposure: UNCHECKED_EXPOSURE });
    await expect(sidebar.handlers['sidebar.context']({}, { sender: panel, tabId: undefined })).rejects.toThrow(
      /follows one/,
    );
  });
});
