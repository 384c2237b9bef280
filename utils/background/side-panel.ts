/**
 * The sidebar's second host: the browser's own side panel (Chrome's `sidePanel`, Firefox's `sidebar_action`), which
 * shows the same sidebar page (`entrypoints/sidepanel/`) for its window's active tab. This service knows which
 * windows show it and which tab each follows, and opens or closes it for the toggle shortcut and the launcher where
 * the user chose "browser side panel" (`utils/settings.ts`, `sidebarPlace` and `sitePlaces`).
 *
 * Both browsers open their panel only in answer to the user's own gesture, and only while the event that carried it
 * is being handled: after a single `await`, even of a storage read, Chrome refuses ("may only be called in response
 * to a user gesture"). So the choice is made synchronously, from memory: the settings (read at start, kept by
 * `storage.onChanged`, and set before the write for every save made through the background, `saveSettings`: the
 * extension pages save theirs there, so the memory never lags a choice the user can already see stored) and the tab's
 * item (the tab items cache, else the tab's URL).
 *
 * A background that the shortcut itself woke has no settings in memory yet. For that moment Chrome keeps the choice:
 * in each work-item tab whose site chose "in the page" the panel is disabled (`sidePanel.setOptions`, set ahead of
 * time whenever the settings or a tab's item change, and kept by Chrome while the background sleeps). The woken
 * background asks Chrome at once for the panel in that very tab, and Chrome answers: it opens the panel, or refuses
 * in a tab where it is disabled, and the refusal opens the sidebar in the page. What Chrome does (Chromium 14x):
 * - `open({ windowId })` opens the window's panel whatever a tab's options say; `open({ windowId, tabId })` refuses
 *   in a tab that has options of its own without a path ("No active side panel for tabId"), and opens otherwise.
 * - A tab's options with a path make a panel of that tab only (it no longer follows tab switches), and a tab's
 *   options cannot be removed. So a tab is only ever given `enabled: false`, or `enabled: true` again (without path)
 *   when its site's choice comes back to the panel: the panel then opens there by window as before. But the woken
 *   background's request by tab is refused in such a tab (Chromium 156), and by the time the settings say "panel" the
 *   gesture is gone: in that tab a shortcut that wakes the background opens the page's sidebar instead, and the
 *   next one the panel. Giving the tab a path instead would cost it the panel that follows tab switches at every
 *   open, a worse trade (tests/e2e/side-panel.test.ts checks both).
 * - Tabs without a work item are given nothing: the sidebar in the page does not exist there.
 * Firefox has no such state: a woken background there waits for the settings, and its sidebar opens in the page.
 *
 * What carries a gesture:
 * - the toggle command (`commands.onCommand`), in Chrome and Firefox;
 * - the launcher's click: the content script's message carries it to the background in Chrome, not in Firefox,
 *   where the launcher opens the sidebar in the page instead (`opened: false`);
 * - a click in an extension page (the popup's "Side panel" button), in both.
 */
import type { Browser } from 'wxt/browser';
import type { Tool } from '../contract.ts';
import { detectItem } from '../detect/index.ts';
import { parseSidePanelFollow, type SidebarWatchMessage } from '../messaging/channels.ts';
import type { Settings, SidebarPlace } from '../settings.ts';
import { SHARED_SETTINGS_KEY, sidebarPlaceOf } from '../sidebar-host/settings.ts';
import type { WatchPort } from './sidebar.ts';
import type { TabItems } from './tab-items.ts';

/** The browser's panel. `open` must be called synchronously in the handler of the user's gesture. */
export interface PanelApi {
  open(target: { windowId: number; tabId: number }): Promise<unknown>;
  close(windowId: number): Promise<unknown>;
  /** Chrome only: opens the panel in `tabId`'s window, refused in a tab where it is disabled (see the top). */
  openInTab?(target: { windowId: number; tabId: number }): Promise<unknown>;
  /** Chrome only: whether the panel is enabled in a tab, and setting it (never with a path, see the top). */
  tabEnabled?(tabId: number): Promise<boolean>;
  setTabEnabled?(tabId: number, enabled: boolean): Promise<unknown>;
}

interface ChromeSidePanel {
  open(options: { windowId?: number; tabId?: number }): Promise<void>;
  close?(options: { windowId?: number; tabId?: number }): Promise<void>;
  setOptions?(options: { tabId?: number; enabled?: boolean }): Promise<void>;
  getOptions?(options: { tabId?: number }): Promise<{ enabled?: boolean }>;
}
interface FirefoxSidebarAction {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The panel of the browser at hand: Chrome's `sidePanel` (a global panel, `side_panel.default_path`, opened in the
 * tab's window; `close` since Chrome 141), else Firefox's `sidebarAction` (it opens in the current window, the one the
 * gesture happened in). Null where neither exists.
 */
export function browserPanelApi(api: {
  sidePanel?: ChromeSidePanel;
  sidebarAction?: FirefoxSidebarAction;
}): PanelApi | null {
  const { sidePanel, sidebarAction } = api;
  if (sidePanel?.open) {
    const { setOptions, getOptions } = sidePanel;
    return {
      open: ({ windowId }) => sidePanel.open({ windowId }),
      close: async (windowId) => {
        if (!sidePanel.close) throw new Error('This browser cannot close its side panel for an extension');
        await sidePanel.close({ windowId });
      },
      ...(setOptions && getOptions
        ? {
            openInTab: ({ windowId, tabId }: { windowId: number; tabId: number }) =>
              sidePanel.open({ windowId, tabId }),
            tabEnabled: async (tabId: number) => (await getOptions.call(sidePanel, { tabId })).enabled !== false,
            setTabEnabled: (tabId: number, enabled: boolean) => setOptions.call(sidePanel, { tabId, enabled }),
          }
        : {}),
    };
  }
  if (sidebarAction?.open) {
    return { open: () => sidebarAction.open(), close: () => sidebarAction.close() };
  }
  return null;
}

/** The side panel's port, as the background sees it. */
export interface PanelPort {
  postMessage(message: SidebarWatchMessage): void;
  onMessage: { addListener(callback: (message: unknown) => void): void };
  onDisconnect: { addListener(callback: () => void): void };
}

export interface SidePanelDeps {
  api: PanelApi | null;
  tabItems: Pick<TabItems, 'peek'>;
  /** The sidebar service's watch: the panel hears of its followed tab's changes like a sidebar in that tab. */
  watch(tabId: number, port: WatchPort): void;
  /** The in-page sidebar's toggle, for a tab whose place is the page, or where the browser refused its panel. */
  toggleInPage(tabId: number): void;
  storage: Pick<Browser.storage.StorageArea, 'get'>;
  onStorageChanged(listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
  /** `utils/settings.ts`'s save: `beforeWrite` hears the settings about to be stored. */
  saveSettings(patch: Partial<Settings>, beforeWrite: (next: Settings) => void): Promise<Settings>;
  /** The open tabs, to set the panel's place in each work-item tab when the settings change. */
  tabs?(): Promise<GestureTab[]>;
}

/** The tab a gesture happened in, as the browser hands it to a command or a message's sender. */
export interface GestureTab {
  id?: number;
  windowId?: number;
  url?: string;
}

export function createSidePanelService(deps: SidePanelDeps) {
  const { api } = deps;
  /** The shared settings as stored (checked on read by `sidebarPlaceOf`); undefined until read. */
  let shared: unknown;
  let loaded = false;
  const ready = deps.storage.get(SHARED_SETTINGS_KEY).then(
    (found) => {
      if (!loaded) shared = found[SHARED_SETTINGS_KEY];
      loaded = true;
      void mirrorAll();
    },
    () => {
      loaded = true;
    },
  );
  /** Saves one after the other: each reads the settings the one before it wrote. */
  let saving: Promise<unknown> = Promise.resolve();
  deps.onStorageChanged((changes, area) => {
    if (area !== 'local' || !(SHARED_SETTINGS_KEY in changes)) return;
    shared = changes[SHARED_SETTINGS_KEY]?.newValue;
    loaded = true;
    void mirrorAll();
  });
  /** Each work-item tab's place as last given to the browser: false where the page is chosen. */
  const mirrored = new Map<number, boolean>();

  /** Gives the browser the place chosen for a work-item tab, ahead of the shortcut (see the top of this file). */
  async function mirrorTab(tab: GestureTab): Promise<void> {
    const tabId = tab.id;
    if (!loaded || !api?.setTabEnabled || !api.tabEnabled || tabId === undefined || !toolOf(tab)) return;
    const enabled = placeOf(tab) === 'panel';
    if (mirrored.get(tabId) === enabled) return;
    mirrored.set(tabId, enabled);
    try {
      // Enabled again only where it was disabled: options of a tab's own cost it the woken shortcut's panel.
      if (enabled && (await api.tabEnabled(tabId))) return;
      await api.setTabEnabled(tabId, enabled);
    } catch {
      mirrored.delete(tabId);
    }
  }

  /** Each work-item tab, after the settings were read or changed. */
  async function mirrorAll(): Promise<void> {
    if (!api?.setTabEnabled) return;
    mirrored.clear();
    for (const tab of (await deps.tabs?.().catch(() => [])) ?? []) void mirrorTab(tab);
  }

  /** The open panels of each window (a window shows one; a second port is a panel reloaded before the first left). */
  const panels = new Map<number, Set<PanelPort>>();
  /**
   * When the browser last opened a window's panel for us, until that panel's page tells its window on its port: a
   * toggle in that moment (its page still loading, or showing the tab before its port's message came in) closes it.
   */
  const openedAt = new Map<number, number>();
  const OPENING_MS = 10_000;
  const panelShown = (windowId: number) =>
    (panels.get(windowId)?.size ?? 0) > 0 ||
    Date.now() - (openedAt.get(windowId) ?? Number.NEGATIVE_INFINITY) < OPENING_MS;

  function toolOf(tab: GestureTab): Tool | null {
    const known = tab.id === undefined ? undefined : deps.tabItems.peek(tab.id);
    if (known !== undefined) return known?.item?.tool ?? null;
    return tab.url ? (detectItem(tab.url)?.tool ?? null) : null;
  }

  /** The place chosen for a tab, known without waiting; undefined until the settings were read. */
  function placeOf(tab: GestureTab): SidebarPlace | undefined {
    return loaded ? sidebarPlaceOf(shared, toolOf(tab)) : undefined;
  }

  /** Opens the browser's panel, synchronously up to the browser's call; false when the browser refused. */
  function openPanel(tabId: number, windowId: number): Promise<boolean> {
    if (!api) return Promise.resolve(false);
    return api.open({ windowId, tabId }).then(
      () => {
        if (!panels.has(windowId)) openedAt.set(windowId, Date.now());
        return true;
      },
      () => false,
    );
  }

  return {
    /** Which place a tab's sidebar opens in, as the toggle shortcut and the launcher would decide now. */
    placeOf,
    /**
     * A change of the settings from an extension page (`settings.save`): the memory holds the new settings from
     * before the write, so a gesture right after the page shows its choice saved is decided on it. A failed write
     * puts back what storage holds.
     */
    saveSettings(patch: Partial<Settings>): Promise<Settings> {
      const save = saving.then(() =>
        deps.saveSettings(patch, (next) => {
          shared = next;
          loaded = true;
        }),
      );
      saving = save.catch(async () => {
        const found = await deps.storage.get(SHARED_SETTINGS_KEY).catch(() => ({}) as Record<string, unknown>);
        shared = found[SHARED_SETTINGS_KEY];
      });
      return save;
    },
    /** A tab's item was reported (or changed): the browser learns the place chosen for it. */
    tabChanged: (tab: GestureTab) => void mirrorTab(tab),
    /** A tab closed. */
    forgetTab: (tabId: number) => void mirrored.delete(tabId),
    /** Whether a window shows the panel. */
    isOpen: panelShown,
    /**
     * The toggle shortcut on `tab`: the panel where it is chosen (closed if the window shows it), else the sidebar
     * in the page. Call synchronously from `commands.onCommand`: the browser's open() must still see the gesture.
     */
    toggle(tab: GestureTab): void {
      const { id: tabId, windowId } = tab;
      if (tabId === undefined) return;
      const place = placeOf(tab);
      if (place === undefined) {
        // A background that this very command woke: the settings come a moment later, the gesture is gone by then.
        // In a work-item tab Chrome knows the choice (the panel is disabled where the page is chosen): ask it now.
        const asked = Boolean(api?.openInTab && windowId !== undefined && toolOf(tab));
        const opening = asked
          ? (api?.openInTab?.({ windowId: windowId as number, tabId }) ?? Promise.reject()).then(
              () => {
                if (!panels.has(windowId as number)) openedAt.set(windowId as number, Date.now());
                return true;
              },
              () => false,
            )
          : Promise.resolve(false);
        void Promise.all([opening, ready]).then(async ([opened]) => {
          const chosen = placeOf(tab) === 'panel';
          if (opened && !chosen && windowId !== undefined) {
            // What the browser held was out of date (a tab that left its site): the settings decide.
            await api?.close(windowId).catch(() => undefined);
          }
          // Elsewhere (Firefox, a tab without a work item) the panel is tried late, and mostly refused.
          const late = !asked && chosen && windowId !== undefined && (await openPanel(tabId, windowId));
          if (!(opened && chosen) && !late) deps.toggleInPage(tabId);
        });
        return;
      }
      if (place === 'page' || !api || windowId === undefined) {
        deps.toggleInPage(tabId);
        return;
      }
      if (panelShown(windowId)) {
        openedAt.delete(windowId);
        void api.close(windowId).catch(() => undefined);
        return;
      }
      void openPanel(tabId, windowId).then((opened) => opened || deps.toggleInPage(tabId));
    },
    /**
     * The launcher's click, from the content script of `tab`: the panel if the window does not show it yet. Call
     * synchronously from the message's handler (Chrome passes the click's gesture with the message).
     */
    openFromLauncher(tab: GestureTab): Promise<{ opened: boolean }> {
      const { id: tabId, windowId } = tab;
      if (tabId === undefined || windowId === undefined) return Promise.resolve({ opened: false });
      if (panelShown(windowId)) return Promise.resolve({ opened: true });
      return openPanel(tabId, windowId).then((opened) => ({ opened }));
    },
    /** A side panel's port (`SIDE_PANEL_PORT`, from an extension page in no tab): it follows the tab it names. */
    connect(port: PanelPort): void {
      let windowId: number | null = null;
      let stopFollowing: (() => void) | null = null;
      const leaveWindow = () => {
        if (windowId === null) return;
        const open = panels.get(windowId);
        open?.delete(port);
        if (open?.size === 0) panels.delete(windowId);
        windowId = null;
      };
      port.onMessage.addListener((message) => {
        const follow = parseSidePanelFollow(message);
        if (!follow) return;
        if (windowId !== follow.windowId) {
          leaveWindow();
          windowId = follow.windowId;
          panels.set(windowId, (panels.get(windowId) ?? new Set()).add(port));
          openedAt.delete(windowId);
        }
        stopFollowing?.();
        stopFollowing = null;
        if (follow.tabId === null) return;
        // The watch of one tab: "disconnected" (dropped from that tab's watchers) when the panel follows another.
        const stops: (() => void)[] = [];
        let following = true;
        deps.watch(follow.tabId, {
          postMessage: (change) => {
            if (following) port.postMessage(change);
          },
          onDisconnect: { addListener: (callback) => void stops.push(callback) },
        });
        stopFollowing = () => {
          following = false;
          for (const stop of stops) stop();
        };
      });
      port.onDisconnect.addListener(() => {
        leaveWindow();
        stopFollowing?.();
        stopFollowing = null;
      });
    },
  };
}
export type SidePanelService = ReturnType<typeof createSidePanelService>;
