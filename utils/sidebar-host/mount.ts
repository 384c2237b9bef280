import { browser } from 'wxt/browser';
import { parseContentPush } from '../messaging/channels.ts';
import { sendMessage } from '../messaging/client.ts';
import type { ScriptContext } from '../page/script-context.ts';
import { createSidebarHost, type SidebarHost } from './host.ts';
import { registeredPanel } from './panel-global.ts';
import { readSidebarSettings, writeSitePrefs } from './settings.ts';

/**
 * Connects a supported tab to the background and mounts the launcher and sidebar once the background reports an
 * item: a page without one gets no element, no observer and no timer. Call it before the item is first reported:
 * the background answers that report with the launcher summary, pushed to this listener.
 */
export function mountSidebar(ctx: ScriptContext): void {
  let sidebar: SidebarHost | null = null;
  const mount = () =>
    createSidebarHost({
      window,
      signal: ctx.signal,
      sidebarUrl: browser.runtime.getURL('/sidebar.html'),
      readSettings: (tool) => readSidebarSettings(browser.storage.local, tool),
      writePrefs: (tool, prefs) => writeSitePrefs(browser.storage.local, tool, prefs),
      reportExposure: (verdict) => void sendMessage('sidebar.exposure', verdict),
      // sendMessage reaches runtime.sendMessage before its first await: the click's gesture goes with it.
      openPanel: async () => {
        const answer = await sendMessage('sidebar.openPanel', {});
        return answer.ok && answer.value.opened;
      },
      // The background runs the panel's script in this world (it leaves its code in this world's global).
      loadPanel: async () => {
        const ready = registeredPanel();
        if (ready) return ready;
        const answer = await sendMessage('sidebar.loadPanel', {});
        const loaded = registeredPanel();
        if (!loaded) throw new Error(answer.ok ? 'The sidebar panel did not load.' : answer.error.message);
        return loaded;
      },
    });
  const onPush = (message: unknown) => {
    const push = parseContentPush(message);
    if (!push) return;
    // Toggles and closes before the first item have nothing to act on.
    if (!sidebar && push.type === 'launcher.summary' && push.summary) sidebar = mount();
    sidebar?.receive(push);
  };
  const onStorage = (_changes: unknown, area: string) => {
    if (area === 'local') sidebar?.reloadSettings();
  };
  browser.runtime.onMessage.addListener(onPush);
  browser.storage.onChanged.addListener(onStorage);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onPush);
    browser.storage.onChanged.removeListener(onStorage);
  });
}
