import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { MessageResult } from '../../utils/messaging/protocol.ts';

export type TabContext = MessageResult<'sidebar.context'>;

/**
 * The item of the tab this sidebar is in, and the clickjacking guard's verdict, from the background. Never from the
 * host page: it cannot post anything this page listens to. Refreshed on every change of the background's per-tab
 * state in `storage.session` (a navigation, a new verdict).
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
    const onChanged = (_changes: unknown, area: string) => {
      if (area === 'session') void refresh();
    };
    browser.storage.onChanged.addListener(onChanged);
    void refresh();
    return () => {
      cancelled = true;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return context;
}
