import { browser } from 'wxt/browser';

/**
 * The browser's own side panel from an extension page: the panel page itself (`entrypoints/sidepanel/`) and the
 * popup's "Side panel" button. The background's side (toggle shortcut, launcher) is `utils/background/side-panel.ts`.
 */

/** The two browsers' panel APIs, as far as extension pages use them (neither is in both browsers' types). */
interface PanelApis {
  sidePanel?: {
    open(options: { windowId: number }): Promise<void>;
    close?(options: { windowId: number }): Promise<void>;
  };
  sidebarAction?: { open(): Promise<void>; close(): Promise<void> };
}
const apis = browser as unknown as PanelApis;

let windowOfPanel: Promise<number> | null = null;
let knownWindow: number | undefined;

/** The window this page belongs to (a side panel is its window's, in both browsers); asked once. */
export function panelWindow(): Promise<number> {
  windowOfPanel ??= browser.windows.getCurrent().then((window) => {
    if (window.id === undefined) throw new Error('The side panel has no window');
    knownWindow = window.id;
    return window.id;
  });
  return windowOfPanel;
}

/**
 * Closes this side panel, synchronously within the click or key press that asked (Firefox closes its sidebar only
 * from a handler of the user's input): Firefox's `sidebarAction`, Chrome's `sidePanel.close` (Chrome 141), else the
 * page closes itself, which a Chrome side panel also obeys.
 */
export function closePanel(): void {
  if (apis.sidebarAction?.close) {
    void apis.sidebarAction.close();
    return;
  }
  if (apis.sidePanel?.close && knownWindow !== undefined) {
    void apis.sidePanel.close({ windowId: knownWindow }).catch(() => window.close());
    return;
  }
  window.close();
}

/** Whether this browser has a side panel Hallway can open (Chrome's `sidePanel`, Firefox's `sidebarAction`). */
export const canOpenPanel = () => Boolean(apis.sidebarAction?.open ?? apis.sidePanel?.open);

/**
 * Opens the browser's side panel in this page's window, synchronously within the click (Firefox opens its sidebar
 * only from a handler of the user's input; Chrome wants the click's activation). Call `panelWindow()` first, at mount:
 * Chrome needs the window's id, which is only known asynchronously.
 */
export function openPanel(): Promise<void> {
  if (apis.sidebarAction?.open) return apis.sidebarAction.open();
  if (apis.sidePanel?.open && knownWindow !== undefined) return apis.sidePanel.open({ windowId: knownWindow });
  return Promise.reject(new Error('This browser has no side panel for Hallway'));
}
