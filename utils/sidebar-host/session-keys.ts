/**
 * State the background keeps per tab in `storage.session` for the sidebar iframe (content scripts cannot read that
 * area, and the host page cannot reach it at all).
 */

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

export const exposureKey = (tabId: number) => `sidebarExposure:${tabId}`;

/**
 * The port a sidebar iframe opens to the background when it cannot watch `storage.session` itself (Firefox exposes
 * no `storage.session` to an extension page inside a web page): the background posts on it whenever that tab's
 * state changes, and the sidebar asks for its context again.
 */
export const SIDEBAR_WATCH_PORT = 'sidebar.watch';
