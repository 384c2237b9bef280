import { useEffect, useState } from 'react';
import { type Browser, browser } from 'wxt/browser';
import { SIDEBAR_WATCH_PORT } from '../../utils/messaging/channels.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { MessageResult } from '../../utils/messaging/protocol.ts';
import { onWriteContext } from '../shared/item.ts';

export type TabContext = MessageResult<'sidebar.context'>;

/**
 * The item of the tab this sidebar is in, what the mirror says about it (the background's one resolution, shared
 * with the launcher) and the clickjacking guard's verdict, from the background. Never from the host page: it cannot
 * post anything this page listens to. Refreshed whenever the background posts on this tab's watch port (a
 * navigation, a new verdict, a mirror change about the item), on both browsers: other tabs' changes never reach it.
 * A write this sidebar makes is answered with the context over the written mirror, which is taken at once.
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
    const unwatch = watchBackground(refresh);
    // A write's answer carries the context over the written mirror: newer than any refresh still on its way.
    const unlisten = onWriteContext((answer) => {
      latest += 1;
      if (!cancelled) setContext(answer);
    });
    void refresh();
    return () => {
      cancelled = true;
      unwatch();
      unlisten();
    };
  }, []);
  return context;
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
