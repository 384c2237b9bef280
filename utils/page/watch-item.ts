import type { ItemContext, ItemRef, Tool } from '../contract.ts';
import type { PageContext, SiteAdapter } from '../sites/types.ts';
import { boundPage } from './bounds.ts';
import { HISTORY_CHANGED_EVENT } from './history-event.ts';
import type { Identify } from './shared-identity.ts';

/** What the content script tells the background when the item in front of the user changes. */
export interface ItemReport {
  item: ItemRef | null;
  title: string;
  context: ItemContext;
}

/** The page's window; its own constructors are used so the watcher also runs against a test DOM. */
export type PageWindow = Window & Pick<typeof globalThis, 'MutationObserver'>;

export interface WatchItemOptions {
  window: PageWindow;
  /** Aborting stops every listener, observer and timer (the content script's context was invalidated). */
  signal: AbortSignal;
  /**
   * The tools this page may show, by their adapters: each tool's content script holds its own only (a Jira page
   * never loads Gmail's adapter); tests pass them all (`Object.values(siteAdapters)`).
   */
  sites: readonly SiteAdapter[];
  jiraHosts: readonly string[];
  report(report: ItemReport): void;
  /** How long to wait for the app to render a newly navigated item before reporting what the page shows. */
  renderTimeoutMs?: number;
  /**
   * The item with the identity it shares across accounts (a Gmail thread's Message-ID), read once it is rendered.
   * Absent: items keep the key of their URL.
   */
  identify?: Identify;
  /** How long a report waits for `identify`; a later answer is reported then, while the item is still shown. */
  identifyWaitMs?: number;
}

/** The Navigation API's event target; lib.dom does not declare it yet. */
type WindowWithNavigation = PageWindow & { navigation?: EventTarget };

const RENDER_TIMEOUT_MS = 1500;
const IDENTIFY_WAIT_MS = 1500;

/**
 * Reports the page's item now and again after every in-app navigation that changes it (including to "no item").
 * Navigations are heard, not polled: the Navigation API's `currententrychange` (visible from isolated worlds in
 * Chromium), `popstate`, `hashchange` and, where the Navigation API is missing, a MAIN-world history hook. Bursts of
 * them are coalesced into one check per animation frame. A page without an item costs one URL parse per navigation.
 */
export function watchItem(options: WatchItemOptions): void {
  const { window: win, signal, sites, jiraHosts, report, renderTimeoutMs, identify } = options;
  const adapterOf = (tool: Tool) => sites.find((site) => site.tool === tool) as SiteAdapter;
  /** `detectItem` over this page's adapters (utils/detect/index.ts holds all four). */
  const detect = (href: string): ItemRef | null => {
    const parsed = URL.parse(href);
    if (!parsed) return null;
    for (const site of sites) {
      const item = site.detect(parsed, { jiraHosts });
      if (item) return item;
    }
    return null;
  };
  const identifyWaitMs = options.identifyWaitMs ?? IDENTIFY_WAIT_MS;
  let checkScheduled = false;
  let lastHref: string | undefined;
  /** The key of the item the URL shows now (null: none); undefined before the first check. */
  let currentKey: string | null | undefined;
  let reported: { key: string | null; title: string } | undefined;
  let waitForRender: AbortController | undefined;

  /** Stops observing the state of the item last reported. */
  let stateWatch: AbortController | undefined;

  const send = ({ item, ...page }: ItemReport) => {
    // The previous title is kept whole: it is compared with what the page shows, before any cut.
    reported = { key: item?.key ?? null, title: page.title };
    report({ item, ...boundPage(page) });
    stateWatch?.abort();
    stateWatch = undefined;
    const site = item && adapterOf(item.tool);
    if (!site?.stateScope) return;
    // The item's status may change on the page itself (an issue moved to Done): reported again with it.
    stateWatch = new AbortController();
    watchState(win, site, AbortSignal.any([signal, stateWatch.signal]), page.context, (next) =>
      send({ item, ...next }),
    );
  };

  const check = () => {
    checkScheduled = false;
    const href = win.location.href;
    if (href === lastHref) return;
    lastHref = href;
    const item = detect(href);
    const key = item?.key ?? null;
    // Query and hash changes within one item (a Gmail draft, a Notion peek mode, a Jira comment) are not changes.
    if (key === currentKey) return;
    currentKey = key;
    waitForRender?.abort();
    waitForRender = undefined;
    stateWatch?.abort();
    stateWatch = undefined;
    if (reported && key === reported.key) return;
    if (!item) {
      send({ item: null, title: '', context: {} });
      return;
    }
    waitForRender = new AbortController();
    const stopWaiting = AbortSignal.any([signal, waitForRender.signal]);
    const site = adapterOf(item.tool);
    whenRendered(win, site, item, reported?.title, renderTimeoutMs ?? RENDER_TIMEOUT_MS, stopWaiting, (page) => {
      if (!identify) return send({ item, ...page });
      // Reported with its shared identity when that comes in time, else with its URL's, then again once it comes.
      let sent = false;
      const timer = win.setTimeout(() => {
        sent = true;
        send({ item, ...page });
      }, identifyWaitMs);
      void identify(item, win.document, stopWaiting).then((identified) => {
        win.clearTimeout(timer);
        if (stopWaiting.aborted || (sent && identified.key === item.key)) return;
        send({ item: identified, ...page });
      });
    });
  };

  const scheduleCheck = () => {
    if (checkScheduled || signal.aborted) return;
    checkScheduled = true;
    nextFrame(win, check);
  };

  const listen = { signal };
  (win as WindowWithNavigation).navigation?.addEventListener('currententrychange', scheduleCheck, listen);
  win.addEventListener('popstate', scheduleCheck, listen);
  win.addEventListener('hashchange', scheduleCheck, listen);
  win.addEventListener(HISTORY_CHANGED_EVENT, scheduleCheck, listen);
  check();
}

/** A burst of mutations in the state's element (a re-render) gives one read, this long after its first. */
const STATE_READ_DELAY_MS = 200;
/** Where the page renders the state after the item (a lazily loaded field), it is looked for again after these. */
const STATE_LOOKS_MS = [500, 2000, 6000];

/**
 * Reports the item again when the state its page shows changes (`itemState`, `itemStatus`) while it stays shown.
 * One MutationObserver on the adapter's `stateScope` element only, and on its parent's children (a re-render that
 * replaces the element); each burst of changes costs one read. A read that finds no state (the element between two
 * renders) changes nothing.
 */
function watchState(
  win: PageWindow,
  adapter: SiteAdapter,
  signal: AbortSignal,
  shown: ItemContext,
  changed: (page: PageContext) => void,
): void {
  const doc = win.document;
  let scope: Element | null = null;
  let readTimer: number | undefined;
  const observer = new win.MutationObserver(() => {
    readTimer ??= win.setTimeout(read, STATE_READ_DELAY_MS);
  });
  const attach = () => {
    const next = adapter.stateScope?.(doc) ?? null;
    if (next === scope) return;
    observer.disconnect();
    scope = next;
    if (!scope) return;
    observer.observe(scope, { subtree: true, childList: true, characterData: true, attributes: true });
    if (scope.parentNode) observer.observe(scope.parentNode, { childList: true });
  };
  const read = () => {
    readTimer = undefined;
    if (signal.aborted) return;
    if (!scope?.isConnected) attach();
    const page = adapter.extractContext(doc);
    const { itemState, itemStatus } = page.context;
    if ((!itemState && !itemStatus) || (itemState === shown.itemState && itemStatus === shown.itemStatus)) return;
    shown = page.context;
    changed(page);
  };
  attach();
  const looks = STATE_LOOKS_MS.map((ms) =>
    win.setTimeout(() => {
      if (scope?.isConnected) return;
      attach();
      if (scope) read();
    }, ms),
  );
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      win.clearTimeout(readTimer);
      for (const look of looks) win.clearTimeout(look);
    },
    { once: true },
  );
}

/** Runs `callback` in the next animation frame, or on the next task when the tab is hidden (frames are paused). */
function nextFrame(win: Window, callback: () => void): void {
  if (win.document.hidden) win.setTimeout(callback, 0);
  else win.requestAnimationFrame(callback);
}

/**
 * Calls `done` once the page renders `item`: the id the DOM shows (where the tool exposes one) is the item's and its
 * title is present; where the DOM shows no id, a title that is not the previous item's. Titles alone cannot tell two
 * items apart ("Re: invoice", "Weekly report"), ids can. Waits with a MutationObserver, checking at most once per
 * frame, and gives up after `timeoutMs` with whatever the page shows. Calls `done` at most once.
 */
function whenRendered(
  win: PageWindow,
  adapter: SiteAdapter,
  item: ItemRef,
  previousTitle: string | undefined,
  timeoutMs: number,
  signal: AbortSignal,
  done: (page: PageContext) => void,
): void {
  const doc = win.document;
  const read = () => adapter.extractContext(doc);
  /** `stale`: the DOM shows another item's id; `pending`: the new item is not (recognisably) there yet. */
  const assess = (page: PageContext): 'rendered' | 'pending' | 'stale' => {
    const shownId = adapter.renderedId?.(doc, item);
    if (shownId === undefined) return page.title && page.title !== previousTitle ? 'rendered' : 'pending';
    if (shownId === null || !page.title) return 'pending';
    return shownId === item.id ? 'rendered' : 'stale';
  };
  /** On timeout, report the item with what the page shows, unless its ids name another item. */
  const settle = () => {
    const page = read();
    finish(assess(page) === 'stale' ? { title: '', context: {} } : page);
  };

  const first = read();
  if (assess(first) === 'rendered') {
    done(first);
    return;
  }
  let checkScheduled = false;
  const finish = (page: PageContext) => {
    observer.disconnect();
    win.clearTimeout(timer);
    signal.removeEventListener('abort', cancel);
    done(page);
  };
  const cancel = () => {
    observer.disconnect();
    win.clearTimeout(timer);
  };
  const observer = new win.MutationObserver(() => {
    if (checkScheduled) return;
    checkScheduled = true;
    nextFrame(win, () => {
      checkScheduled = false;
      if (signal.aborted) return;
      const page = read();
      if (assess(page) === 'rendered') finish(page);
    });
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  const timer = win.setTimeout(settle, timeoutMs);
  signal.addEventListener('abort', cancel, { once: true });
}
