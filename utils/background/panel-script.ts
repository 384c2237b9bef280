import type { ScriptPublicPath } from 'wxt/utils/inject-script';
import type { MessageHandlers } from '../messaging/router.ts';

/** The built panel script (`entrypoints/sidebar-panel.ts`), an unlisted script: not web-accessible. */
export const PANEL_SCRIPT: ScriptPublicPath = '/sidebar-panel.js';

interface Injection {
  target: { tabId: number; frameIds: number[] };
  files: ScriptPublicPath[];
  /** At once, not at the document's idle time (the tab waits for it to open its sidebar). */
  injectImmediately: boolean;
}

/**
 * `sidebar.loadPanel`: runs the sidebar panel's script in the asking tab's top frame, in the content script's world
 * (the default of `scripting.executeScript`), where that content script picks its code up. Only a content script can
 * ask (the router checks the sender), for its own tab; the page itself can neither ask nor load the file.
 */
export function createPanelScriptHandler(
  executeScript: (injection: Injection) => Promise<unknown>,
): Pick<MessageHandlers, 'sidebar.loadPanel'> {
  return {
    'sidebar.loadPanel': async (_data, { tabId }) => {
      if (tabId === undefined) throw new Error('sidebar.loadPanel needs a tab');
      await executeScript({ target: { tabId, frameIds: [0] }, files: [PANEL_SCRIPT], injectImmediately: true });
      return { loaded: true };
    },
  };
}
