/**
 * The messages of the protocol that are not requests to the background: the background's pushes to a content
 * script (`tabs.sendMessage`), the sidebar's watch port, and the clickjacking guard's verdict they carry. Plain data
 * and hand-written checks only: content scripts import this module's values, so zod stays out of their bundle
 * (`protocol.ts` holds the requests and their zod schemas).
 */

export interface LauncherSummary {
  itemKey: string;
  team: string | null;
  goal: string | null;
  decisions: number;
  /** Local writes about this item not yet acknowledged by the server. */
  pending: number;
  /** How many stale warnings the item has (the sidebar lists them), and the first one's title. */
  stale?: number;
  staleTitle?: string | null;
}

/**
 * Background -> content script pushes (`tabs.sendMessage`). The content script checks their shape by hand
 * (`parseContentPush`): zod stays out of its bundle, and only the background can reach that listener.
 */
export type ContentPush =
  | { type: 'launcher.summary'; summary: LauncherSummary | null }
  | { type: 'sidebar.toggle' }
  | { type: 'sidebar.close' };

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isShortText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;
const isNullableText = (value: unknown, max: number) => value === null || isShortText(value, max);

function parseSummary(value: unknown): LauncherSummary | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object') return undefined;
  const { itemKey, team, goal, decisions, pending, stale = 0, staleTitle = null } = value as Record<string, unknown>;
  if (!isShortText(itemKey, 512) || !isNullableText(team, 200) || !isNullableText(goal, 200)) return undefined;
  if (!isCount(decisions) || !isCount(pending) || !isCount(stale) || !isNullableText(staleTitle, 400)) return undefined;
  return {
    itemKey,
    team: team as string | null,
    goal: goal as string | null,
    decisions,
    pending,
    stale,
    staleTitle: staleTitle as string | null,
  };
}

/**
 * Checks a message to the content script by shape. Only Hallway's background can send one (web pages cannot call
 * `runtime.sendMessage` to an extension without `externally_connectable`), so this guards against bugs and version
 * skew, cheaply and without zod.
 */
export function parseContentPush(message: unknown): ContentPush | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, summary } = message as Record<string, unknown>;
  if (type === 'sidebar.toggle' || type === 'sidebar.close') return { type };
  if (type !== 'launcher.summary') return null;
  const parsed = parseSummary(summary);
  return parsed === undefined ? null : { type, summary: parsed };
}

/** The clickjacking guard's last verdict on a tab: actions in the sidebar are enabled only while `clear`. */
export interface Exposure {
  clear: boolean;
  /** Why the sidebar counts as hidden or covered; empty when clear. */
  reason: string;
  /** Epoch milliseconds of the verdict. */
  at: number;
}

/** Until the content script has looked, the sidebar is treated as covered: actions start disabled. */
export const UNCHECKED_EXPOSURE: Exposure = { clear: false, reason: 'not checked yet', at: 0 };

/**
 * The browser's side panel is drawn by the browser beside the page, never inside it: nothing the page does can hide,
 * cover or fade it, so the guard has nothing to check there. The sidebar's own waits still hold (its visibility, and
 * a new item: a page that swaps the item under the pointer gets the pause of any item change).
 */
export const PANEL_EXPOSURE: Exposure = { clear: true, reason: '', at: 0 };

/**
 * The port each sidebar iframe opens to the background, on both browsers: the background posts
 * `SidebarWatchMessage` on it whenever that tab's state changes (its item, the guard's verdict, what the mirror says
 * about the item), and the sidebar asks for its context again.
 */
export const SIDEBAR_WATCH_PORT = 'sidebar.watch';

/**
 * The port a Hallway page, or the content script of a tab that shows a work item, holds open while it wants the
 * live stream (utils/sync/live.ts); it sends `{ type: 'ping' }` every LIVE_PING_MS, which keeps the background
 * alive on both browsers. Nothing comes back on it.
 */
export const LIVE_PORT = 'hallway.live';
/** Under the 30 s idle limits of both browsers' backgrounds, with room for a busy page. */
export const LIVE_PING_MS = 20_000;

export interface SidebarWatchMessage {
  type: 'sidebar.changed';
}

/**
 * The port the browser's side panel opens to the background (the sidebar page hosted by the browser: Chrome's
 * `sidePanel`, Firefox's `sidebar_action`). A panel belongs to a window, not a tab: it posts `SidePanelFollow` at
 * once and whenever its window's active tab changes, and the background posts `SidebarWatchMessage` on it for that
 * tab's changes, as on a sidebar's watch port. The background also knows from it which windows show the panel.
 */
export const SIDE_PANEL_PORT = 'sidebar.panel';

export interface SidePanelFollow {
  type: 'panel.follow';
  windowId: number;
  /** The window's active tab; null while the window has none. */
  tabId: number | null;
}

const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** Checks a side panel's message by shape (only extension pages can connect, so this guards against bugs). */
export function parseSidePanelFollow(message: unknown): SidePanelFollow | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, windowId, tabId } = message as Record<string, unknown>;
  if (type !== 'panel.follow' || !isId(windowId) || !(tabId === null || isId(tabId))) return null;
  return { type, windowId, tabId };
}
