import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendMessage } from '../messaging/client.ts';
import { createSidebarHost } from './host.ts';
import { parseContentPush } from './pushes.ts';
import { readSidebarSettings, writeSitePrefs } from './settings.ts';

/**
 * Mounts the launcher and sidebar in a supported tab and connects them to the background. Call it before the item
 * is first reported: the background answers that report with the launcher summary, pushed to this listener.
 */
export function mountSidebar(ctx: ContentScriptContext): void {
  const sidebar = createSidebarHost({
    window,
    signal: ctx.signal,
    sidebarUrl: browser.runtime.getURL('/sidebar.html'),
    readSettings: (tool) => readSidebarSettings(browser.storage.local, tool),
    writePrefs: (tool, prefs) => writeSitePrefs(browser.storage.local, tool, prefs),
    reportExposure: (verdict) => void sendMessage('sidebar.exposure', verdict),
  });
  const onPush = (message: unknown) => {
    const push = parseContentPush(message);
    if (push) sidebar.receive(push);
  };
  const onStorage = (_changes: unknown, area: string) => {
    if (area === 'local') sidebar.reloadSettings();
  };
  browser.runtime.onMessage.addListener(onPush);
  browser.storage.onChanged.addListener(onStorage);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onPush);
    browser.storage.onChanged.removeListener(onStorage);
  });
}
