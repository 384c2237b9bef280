import { useEffect, useState } from 'react';
import { type Browser, browser } from 'wxt/browser';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { MessageResult } from '../../utils/messaging/protocol.ts';
import { SIDEBAR_WATCH_PORT } from '../../utils/sidebar-host/session-keys.ts';

export type TabContext = MessageResult<'sidebar.context'>;

/**
 * The item of the tab this sidebar is in, and the clickjacking guard's verdict, from the background. Never from the
 * host page: it cannot post anything this page listens to. Refreshed on every change of the background's per-tab
 * state in `storage.session` (a navigation, a new verdict). Where this page sees no `storage.session` (Firefox, for an
 * extension page inside a web page), the background tells it of those changes through a port instead.
 */
export function useTabContext(): TabContext | null {
  const [context, setContext] = useState<TabContext | null>(null);
  useEffect(() => {
    let cancelled = false;
    let latest = 0;
    const refresh = async () => {
      const request = ++latest;
      const answer = await sendMessage('sidebar.context', {});
      if (!cancelled && request === latest && answer.ok) setContext(answer.value);
    };
    const unwatch = browser.storage.session ? watchSession(refresh) : watchBackground(refresh);
    void refresh();
    return () => {
      cancelled = true;
      unwatch();
    };
  }, []);
  return context;
}

function watchSession(onChange: () => Promise<void>): () => void {
  const onChanged = (_changes: unknown, area: string) => {
    if (area === 'session') void onChange();
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

/** A port the background posts on at each change of this tab's state; reopened (and caught up) if it drops. */
function watchBackground(onChange: () => Promise<void>, reconnectMs = 1000): () => void {
  let stopped = false;
  let port: Browser.runtime.Port | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connect = () => {
    if (stopped) return;
    port = browser.runtime.connect({ name: SIDEBAR_WATCH_PORT });
    port.onMessage.addListener(() => void onChange());
    port.onDisconnect.addListener(() => {
      port = undefined;
      timer = setTimeout(() => {
        connect();
        void onChange();
      }, reconnectMs);
    });
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    port?.disconnect();
  };
}
