/**
 * The sidebar's background side: the launcher summary of each tab (resolved from the mirror, never the network),
 * pushed on navigation and whenever the mirror changes; the view of its tab for the sidebar iframe and for the
 * browser's side panel (`side-panel.ts`); the clickjacking guard's verdicts; the toggle command.
 */
import { Dexie } from 'dexie';
import type { Browser } from 'wxt/browser';
import type { HallwayDexie } from '../db/schema.ts';
import { say } from '../i18n.ts';
import {
  type ContentPush,
  type Exposure,
  type LauncherSummary,
  PANEL_EXPOSURE,
  type SidebarWatchMessage,
  UNCHECKED_EXPOSURE,
} from '../messaging/channels.ts';
import type { SidebarContextAnswer } from '../messaging/protocol.ts';
import type { MessageHandlers } from '../messaging/router.ts';
import { dexieSource, type ResolvedContext, resolveContext } from '../resolve/index.ts';
import type { TabItem, TabItems } from './tab-items.ts';

export const TOGGLE_SIDEBAR_COMMAND = 'toggle-sidebar';

/** Where the guard's verdict on a tab is kept: `storage.session`, which content scripts cannot read. */
const exposureKey = (tabId: number) => `sidebarExposure:${tabId}`;

export interface SidebarServiceDeps {
  db: HallwayDexie;
  tabItems: TabItems;
  session: Browser.storage.StorageArea;
  /** Delivers a push to a tab's top-frame content script; a tab without one rejects, which is ignored. */
  sendToTab(tabId: number, push: ContentPush): Promise<unknown>;
  /** The ids of the open tabs, to refresh their launchers when the mirror changes. */
  openTabIds(): Promise<number[]>;
  now?: () => number;
  /** Whether a sender is the browser's side panel page, which names the tab it follows; none when not given. */
  isPanelPage?: (url: string | undefined) => boolean;
  /** The stale warnings the user dismissed (`dismissalKey`s); none when not given. */
  dismissed?: () => Promise<ReadonlySet<string>>;
}

const NONE_DISMISSED = async (): Promise<ReadonlySet<string>> => new Set();

/**
 * The background's end of a sidebar's watch port, the one channel of sidebar state on both browsers: the
 * background posts on it only when that sidebar's own tab changed (its item, the guard's verdict, what the mirror
 * says about its item), and the sidebar asks for its context again.
 */
export interface WatchPort {
  postMessage(message: SidebarWatchMessage): void;
  onDisconnect: { addListener(callback: () => void): void };
}

type SidebarHandlers = Pick<MessageHandlers, 'sidebar.context' | 'sidebar.close' | 'sidebar.exposure'>;

/** The launcher line for an item: counted from the same resolution the sidebar shows, plus its pending writes. */
export async function summarizeItem(
  db: HallwayDexie,
  tab: TabItem,
  dismissed: ReadonlySet<string> = new Set(),
): Promise<LauncherSummary | null> {
  if (!tab.item) return null;
  return summaryOf(tab.item.key, await resolveContext(dexieSource(db), tab.item, tab.context, { dismissed }), db);
}

async function summaryOf(itemKey: string, resolved: ResolvedContext, db: HallwayDexie): Promise<LauncherSummary> {
  return {
    itemKey,
    team: resolved.team?.name ?? null,
    goal: resolved.goal?.goal.title ?? null,
    decisions: resolved.decisions.length,
    pending: await countPendingWrites(db, itemKey),
    stale: resolved.stale.length,
    // In the browser's language: the launcher shows it as it is (the content script carries no catalogue).
    staleTitle: resolved.stale[0] ? say(resolved.stale[0].title).slice(0, 400) : null,
  };
}

/** Outbox rows about one item: its capture, links from it and decisions that name it. The outbox stays small. */
export async function countPendingWrites(db: HallwayDexie, itemKey: string): Promise<number> {
  const rows = await db.outbox.toArray();
  return rows.filter(({ mutation }) => {
    switch (mutation.type) {
      case 'item.upsert':
        return mutation.data.ref.key === itemKey;
      case 'link.create':
        return mutation.data.itemKey === itemKey;
      case 'decision.create':
        return mutation.data.itemKeys.includes(itemKey);
      case 'decision.linkItems':
        return mutation.itemKeys.includes(itemKey);
      default:
        return false;
    }
  }).length;
}

export function createSidebarService(deps: SidebarServiceDeps) {
  const { db, tabItems, session, sendToTab, openTabIds, now = Date.now, dismissed = NONE_DISMISSED } = deps;
  const isPanelPage = deps.isPanelPage ?? (() => false);
  /** What each tab's launcher was last told, so a mirror change that does not concern a tab sends it nothing. */
  const lastSent = new Map<number, string>();
  /** What each tab's sidebar was last answered, so a mirror change that does not concern it is not posted. */
  const lastAnswered = new Map<number, string>();
  /** The newest push started per tab: resolutions run concurrently, and an older one must not land last. */
  const newestPush = new Map<number, number>();
  let pushes = 0;
  /** The open watch ports of each tab's sidebars. */
  const watchers = new Map<number, Set<WatchPort>>();
  /**
   * Each tab's one resolution of its current item, shared by its launcher and its sidebar: made once per
   * navigation, and again after the mirror changed (`mirrorState` counts those changes).
   */
  const resolutions = new Map<number, { tab: TabItem; state: number; resolved: Promise<ResolvedContext | null> }>();
  let mirrorState = 0;

  function resolutionOf(tabId: number, tab: TabItem): Promise<ResolvedContext | null> {
    const known = resolutions.get(tabId);
    if (known && known.tab === tab && known.state === mirrorState) return known.resolved;
    const item = tab.item;
    const resolved = item
      ? dismissed().then((keys) => resolveContext(dexieSource(db), item, tab.context, { dismissed: keys }))
      : Promise.resolve(null);
    // An older report (a slow reader of the tab's item) is answered, but never replaces the newer one's.
    if (known && known.tab.reportedAt > tab.reportedAt) return resolved;
    resolutions.set(tabId, { tab, state: mirrorState, resolved });
    resolved.catch(() => {
      if (resolutions.get(tabId)?.resolved === resolved) resolutions.delete(tabId);
    });
    return resolved;
  }

  function notifyWatchers(tabId: number): void {
    for (const port of watchers.get(tabId) ?? []) {
      try {
        port.postMessage({ type: 'sidebar.changed' });
      } catch {
        // Disconnected meanwhile: its onDisconnect removes it.
      }
    }
  }

  /** `onlyIfChanged`: for mirror refreshes; a report always answers, it may come from a freshly loaded page. */
  async function pushSummary(tabId: number, tab: TabItem | null, onlyIfChanged: boolean): Promise<void> {
    const ticket = ++pushes;
    newestPush.set(tabId, ticket);
    const resolved = tab ? await resolutionOf(tabId, tab) : null;
    const summary = tab?.item && resolved ? await summaryOf(tab.item.key, resolved, db) : null;
    if (newestPush.get(tabId) !== ticket) return;
    const serialized = JSON.stringify(summary);
    if (onlyIfChanged && lastSent.get(tabId) === serialized) return;
    lastSent.set(tabId, serialized);
    await sendToTab(tabId, { type: 'launcher.summary', summary }).catch(() => lastSent.delete(tabId));
  }

  /** Resolves every open tab again (`invalidate`: even if no mirror change was seen, e.g. a dismissal). */
  async function refreshOpenTabs(invalidate = true): Promise<void> {
    if (invalidate) mirrorState += 1;
    for (const tabId of await openTabIds()) {
      const tab = await tabItems.get(tabId);
      if (!tab) continue;
      await pushSummary(tabId, tab, true);
      if (watchers.has(tabId) && lastAnswered.get(tabId) !== JSON.stringify(await resolutionOf(tabId, tab))) {
        notifyWatchers(tabId);
      }
    }
  }

  /**
   * What a sidebar in tab `tabId` is told: its item, the one resolution of it, the guard's verdict; the browser's
   * side panel following that tab (`inPanel`) is never covered by the page.
   */
  async function contextOf(tabId: number, inPanel = false): Promise<SidebarContextAnswer> {
    const [tab, stored] = await Promise.all([
      tabItems.get(tabId),
      inPanel
        ? PANEL_EXPOSURE
        : session.get(exposureKey(tabId)).then((found) => found[exposureKey(tabId)] as Exposure | undefined),
    ]);
    const resolved = tab ? await resolutionOf(tabId, tab) : null;
    lastAnswered.set(tabId, JSON.stringify(resolved));
    return {
      tabId,
      item: tab?.item ?? null,
      title: tab?.title ?? '',
      context: tab?.context ?? {},
      exposure: stored ?? UNCHECKED_EXPOSURE,
      resolved,
    };
  }

  const handlers: SidebarHandlers = {
    'sidebar.context': async ({ tabId: followed }, { sender }) => {
      // The sidebar iframe is inside its tab; the browser's side panel names the tab it follows (its window's).
      const inPanel = isPanelPage(sender.url);
      const tabId = inPanel ? followed : sender.tab?.id;
      if (tabId === undefined) throw new Error('The sidebar runs inside a tab or follows one');
      return contextOf(tabId, inPanel);
    },
    'sidebar.close': async (_data, { sender }) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return { closed: false };
      await sendToTab(tabId, { type: 'sidebar.close' });
      return { closed: true };
    },
    'sidebar.exposure': async ({ clear, reason }, { tabId }) => {
      if (tabId === undefined) throw new Error('sidebar.exposure needs a tab');
      const exposure: Exposure = { clear, reason, at: now() };
      await session.set({ [exposureKey(tabId)]: exposure });
      notifyWatchers(tabId);
      return { tabId };
    },
  };

  return {
    handlers,
    /**
     * Call when a tab reports its item: it is the tab's item at once (the write-through cache), its sidebar hears
     * of it, and the launcher follows with the one resolution, which does not wait for `storage.session`. Resolves
     * when the report is stored; the launcher's push goes on meanwhile.
     */
    onTabItem: async (tabId: number, tab: TabItem): Promise<void> => {
      const stored = tabItems.set(tabId, tab);
      notifyWatchers(tabId);
      void pushSummary(tabId, tab, false);
      await stored;
    },
    /** Resolves every open tab again (the user dismissed a stale warning): launchers and sidebars follow. */
    refreshOpenTabs: () => refreshOpenTabs(true),
    /**
     * A sidebar's context right after a write it made: resolved over the written mirror (never a resolution cached
     * before the write), so the sidebar shows the write's effect with its pending mark, without waiting for the
     * debounced refresh. That refresh then finds this very resolution and tells the sidebar nothing new.
     */
    contextAfterWrite: (tabId: number): Promise<SidebarContextAnswer> => {
      mirrorState += 1;
      return contextOf(tabId);
    },
    /** Call with a sidebar's watch port (opened from an extension page in tab `tabId`): it hears of each change. */
    watch: (tabId: number, port: WatchPort) => {
      const ports = watchers.get(tabId) ?? new Set<WatchPort>();
      ports.add(port);
      watchers.set(tabId, ports);
      port.onDisconnect.addListener(() => {
        ports.delete(port);
        if (ports.size === 0 && watchers.get(tabId) === ports) watchers.delete(tabId);
      });
    },
    toggle: (tabId: number) => sendToTab(tabId, { type: 'sidebar.toggle' }).catch(() => undefined),
    forgetTab: async (tabId: number) => {
      lastSent.delete(tabId);
      lastAnswered.delete(tabId);
      resolutions.delete(tabId);
      newestPush.delete(tabId);
      watchers.delete(tabId);
      await Promise.all([tabItems.forget(tabId), session.remove(exposureKey(tabId))]);
    },
    /**
     * Refreshes every open tab's launcher when the mirror changes (sync, a write from any extension page). Dexie
     * reports mutations from this and other extension contexts; bursts are coalesced.
     */
    watchMirror(debounceMs = 50): () => void {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onMutated = () => {
        // At once, not after the debounce: until the refresh, a sidebar asking (its tab re-reported, a verdict came
        // in) would otherwise be answered the resolution cached before this change (the links e2e saw the old goal).
        // Dexie fires this in the committing transaction's completion, before its caller goes on.
        mirrorState += 1;
        clearTimeout(timer);
        timer = setTimeout(() => void refreshOpenTabs(false), debounceMs);
      };
      Dexie.on('storagemutated', onMutated);
      return () => {
        clearTimeout(timer);
        Dexie.on('storagemutated').unsubscribe(onMutated);
      };
    },
  };
}
