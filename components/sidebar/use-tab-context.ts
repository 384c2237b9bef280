import { useEffect, useRef, useState } from 'react';
import { type Browser, browser } from 'wxt/browser';
import { SIDE_PANEL_PORT, SIDEBAR_WATCH_PORT, type SidePanelFollow } from '../../utils/messaging/channels.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { MessageResult, Result } from '../../utils/messaging/protocol.ts';
import { onWriteContext } from '../shared/item.ts';
import { panelWindow } from '../shared/side-panel.ts';
import { takeEarlyContext } from './early-context.ts';

export type TabContext = MessageResult<'sidebar.context'>;

/**
 * Where the one sidebar app runs: `frame`, the iframe the content script mounts inside the tool's page (it shows its
 * own tab); `panel`, the browser's side panel (`entrypoints/sidepanel/`), which shows its window's active tab.
 */
export type SidebarHostKind = 'frame' | 'panel';

const RECONNECT_MS = 1000;

/**
 * The item of the tab this sidebar shows, what the mirror says about it (the background's one resolution, shared
 * with the launcher) and the clickjacking guard's verdict, from the background. Never from the host page: it cannot
 * post anything this page listens to. Refreshed whenever the background posts on this sidebar's port (a navigation,
 * a new verdict, a mirror change about the item), on both browsers: other tabs' changes never reach it. In the
 * browser's side panel, also at each switch of the window's active tab. A write a sidebar in the page makes is
 * answered with the context over the written mirror, taken at once; the panel's writes reach it on its port.
 */
export function useTabContext(host: SidebarHostKind = 'frame'): TabContext | null {
  // The frame's page asked before this code loaded (early-context.ts): its answer, if it came, is the first render's.
  const [first] = useState(() => (host === 'frame' ? takeEarlyContext() : null));
  const [context, setContext] = useState<TabContext | null>(() => (first?.settled?.ok ? first.settled.value : null));
  const pending = useRef(first);
  useEffect(() => {
    // Taken over once: an effect run again watches and asks afresh.
    const early = pending.current;
    pending.current = null;
    let cancelled = false;
    let latest = 0;
    const take = (request: number, answer: Result<TabContext>) => {
      if (!cancelled && request === latest && answer.ok) setContext(answer.value);
    };
    const refresh = async (followed?: number) => {
      const request = ++latest;
      take(request, await sendMessage('sidebar.context', followed === undefined ? {} : { tabId: followed }));
    };
    // The early port, unless it closed meanwhile: its listeners make way for this one's in the same task, so no
    // post is missed between them.
    early?.release();
    const earlyPort = early && !early.disconnected ? early.port : undefined;
    const unwatch =
      host === 'panel'
        ? followActiveTab((tabId) => (tabId === null ? undefined : void refresh(tabId)))
        : watchBackground(() => void refresh(), earlyPort);
    // A write's answer carries the context over the written mirror: newer than any refresh still on its way.
    const unlisten = onWriteContext((answer) => {
      latest += 1;
      if (!cancelled) setContext(answer);
    });
    if (host === 'frame') {
      // The early ask stands in for this one unless the tab changed since, or it failed: then this one asks itself.
      if (!early || early.changed || !earlyPort || early.settled?.ok === false) void refresh();
      else {
        // Taken even when it had come already: it may have come after the first render read it, and no change will
        // follow on the port to ask again.
        const request = ++latest;
        void early.answer.then((answer) => {
          if (answer.ok) take(request, answer);
          else if (!cancelled && request === latest) void refresh();
        });
      }
    }
    return () => {
      cancelled = true;
      unwatch();
      unlisten();
    };
  }, [host]);
  return context;
}

/**
 * A port the background posts on at each change of this tab's state; reopened (and caught up) if it drops.
 * `opened`: the port the early ask opened, taken over.
 */
function watchBackground(onChange: () => void, opened?: Browser.runtime.Port): () => void {
  let stopped = false;
  let port: Browser.runtime.Port | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let first = opened;
  const connect = () => {
    if (stopped) return;
    port = first ?? browser.runtime.connect({ name: SIDEBAR_WATCH_PORT });
    first = undefined;
    port.onMessage.addListener(() => onChange());
    port.onDisconnect.addListener(() => {
      port = undefined;
      timer = setTimeout(() => {
        connect();
        onChange();
      }, RECONNECT_MS);
    });
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    port?.disconnect();
  };
}

/**
 * The side panel's watch: the window's active tab, told to the background on the panel's port (which then posts
 * that tab's changes on it), and `onTab` at once on each switch, without waiting for the background.
 */
function followActiveTab(onTab: (tabId: number | null) => void): () => void {
  let stopped = false;
  let port: Browser.runtime.Port | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let windowId: number | undefined;
  let tabId: number | null = null;
  const follow = () => {
    if (windowId === undefined) return;
    const message: SidePanelFollow = { type: 'panel.follow', windowId, tabId };
    try {
      port?.postMessage(message);
    } catch {
      // Disconnected meanwhile: the reconnect tells it again.
    }
  };
  const connect = () => {
    if (stopped) return;
    port = browser.runtime.connect({ name: SIDE_PANEL_PORT });
    port.onMessage.addListener(() => onTab(tabId));
    port.onDisconnect.addListener(() => {
      port = undefined;
      timer = setTimeout(() => {
        connect();
        follow();
        onTab(tabId);
      }, RECONNECT_MS);
    });
  };
  const onActivated = (info: { tabId: number; windowId: number }) => {
    if (info.windowId !== windowId) return;
    tabId = info.tabId;
    onTab(tabId);
    follow();
  };
  browser.tabs.onActivated.addListener(onActivated);
  connect();
  void panelWindow().then(async (id) => {
    const [active] = await browser.tabs.query({ active: true, windowId: id });
    if (stopped) return;
    windowId = id;
    tabId = active?.id ?? null;
    onTab(tabId);
    follow();
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
    browser.tabs.onActivated.removeListener(onActivated);
    port?.disconnect();
  };
}
