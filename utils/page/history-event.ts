/**
 * The event a MAIN-world helper dispatches on `window` after the page calls `history.pushState`/`replaceState`.
 * Only needed where the Navigation API is missing (Firefox before it shipped there): an isolated content script
 * cannot see the page's history calls any other way, and popstate does not fire for them.
 */
export const HISTORY_CHANGED_EVENT = 'hallway:historychange';

/** Wraps the page's `history.pushState`/`replaceState` so each call is followed by `HISTORY_CHANGED_EVENT`. */
export function announceHistoryChanges(win: Window): void {
  if ('navigation' in win) return;
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = win.history[method];
    win.history[method] = function announced(this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      win.dispatchEvent(new Event(HISTORY_CHANGED_EVENT));
      return result;
    };
  }
}
