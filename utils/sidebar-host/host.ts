/**
 * The sidebar in the host page: a launcher and a panel inside a closed shadow root, the panel holding the sidebar
 * page in an extension-origin iframe. Plain DOM, no framework: this runs at page load in every supported tab.
 * The panel's code (`panel.ts`: the resize separator, the push layout, the exposure guard) is not in the content
 * script: it is loaded into the tab when the sidebar is about to open (the launcher's hover or focus, its click, the
 * toggle), so a tab where the sidebar stays closed pays for the launcher only. The sidebar's frame is made here, at
 * that same moment: it loads while the panel's code is on its way, in the panel's box where it stays (a frame moved
 * in the DOM loads again). `mount.ts` creates all this only once the tab shows an item.
 */
import type { Tool } from '../contract.ts';
import { applyUiLocale, t } from '../i18n.ts';
import type { ContentPush, LauncherSummary } from '../messaging/channels.ts';
import { toolOfKey } from '../tools.ts';
import { isEditable } from './editable.ts';
import type { ExposureVerdict } from './exposure.ts';
import { drawLauncherLines } from './launcher-draw.ts';
import { launcherText } from './launcher-text.ts';
import { clampWidth } from './layout.ts';
import type { CreatePanel, PanelView } from './panel.ts';
import { DEFAULT_SITE_PREFS, type SidebarSettings, type SitePrefs } from './settings.ts';
import { HOST_CSS } from './styles.ts';
import { guardHost } from './tamper.ts';

export interface SidebarHostDeps {
  window: Window & Pick<typeof globalThis, 'MutationObserver'>;
  signal: AbortSignal;
  /** The sidebar page's URL (dynamic, per session, where the browser supports it). */
  sidebarUrl: string;
  readSettings(tool: Tool): Promise<SidebarSettings>;
  writePrefs(tool: Tool, prefs: SitePrefs): Promise<void>;
  reportExposure(verdict: ExposureVerdict): void;
  /**
   * Asks the background to open the browser's side panel (where the user chose it), synchronously within the
   * launcher's click, whose gesture the message carries; false: the browser refused, the page's sidebar opens instead.
   */
  openPanel?(): Promise<boolean>;
  /**
   * The panel's code (`panel.ts`), loaded into the tab on its first need; rejects where it cannot be (the extension
   * was updated or removed meanwhile), and a later need asks again.
   */
  loadPanel(): Promise<CreatePanel>;
  /** How often the open sidebar re-checks that it is visible and on top. */
  exposureIntervalMs?: number;
}

/** How long a frame preloaded on the launcher's hover or focus waits for the click before it is dropped. */
const PRELOAD_KEEP_MS = 15_000;

export function createSidebarHost(deps: SidebarHostDeps) {
  const { window: win, signal } = deps;
  const doc = win.document;

  const host = doc.createElement('hallway-sidebar');
  // Closed: the page cannot reach the launcher or the iframe through `shadowRoot`.
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = HOST_CSS;
  const root = doc.createElement('div');
  root.className = 'root system';
  // The launcher's words in the browser's language and its direction (an Arabic or Hebrew browser reads it rtl).
  applyUiLocale(root);

  const launcher = doc.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.hidden = true;
  launcher.setAttribute('aria-expanded', 'false');
  const mark = doc.createElement('span');
  mark.className = 'mark';
  mark.textContent = 'H';
  mark.setAttribute('aria-hidden', 'true');
  // The team, goal and decision count are drawn, not written: the page can read any text Hallway puts in its DOM.
  const lines = doc.createElement('canvas');
  lines.className = 'lines';
  lines.setAttribute('aria-hidden', 'true');
  launcher.append(mark, lines);

  root.append(launcher);
  shadow.append(style, root);
  doc.documentElement.append(host);

  /** The panel's box and the sidebar's frame in it, made at the first need; the panel's code fills the box. */
  let box: HTMLElement | null = null;
  let frame: HTMLIFrameElement | null = null;
  /** The panel, once its code is loaded (the first open, or the launcher's hover). */
  let panel: PanelView | null = null;
  let panelLoad: Promise<PanelView | null> | null = null;
  let summary: LauncherSummary | null = null;
  let tool: Tool | null = null;
  let settings: SidebarSettings | null = null;
  let prefs: SitePrefs = DEFAULT_SITE_PREFS;
  /** The separator is being dragged: the width in `prefs` is the pointer's, saved on release. */
  let dragging = false;
  /** Counts changes made here to `prefs`: a storage read that began before the latest one is older than it. */
  let localChanges = 0;
  /** Where focus was before the sidebar took it, to give it back on close. */
  let returnFocusTo: Element | null = null;

  /**
   * Opened in the page since this page loaded. Where the browser's side panel is chosen, an open remembered from
   * before does not bring the page's sidebar back; one opened here (the browser refused its panel, or the toggle
   * came to the page) shows.
   */
  let openedHere = false;
  const inPage = () => settings?.place !== 'panel' || openedHere;
  const isShown = () => Boolean(summary && settings?.enabled && prefs.open && inPage());

  function ensureBox(): HTMLElement {
    if (box) return box;
    box = doc.createElement('div');
    box.className = 'panel';
    box.hidden = true;
    root.append(box);
    return box;
  }

  /** Starts the sidebar's frame loading if there is none yet, even in the hidden box. */
  function ensureFrame() {
    if (frame) return;
    const made = doc.createElement('iframe');
    made.title = t('sidebar.windowTitle');
    made.src = deps.sidebarUrl;
    // No features for the frame beyond what an extension page already has.
    made.setAttribute('allow', '');
    made.addEventListener('load', () => (made.dataset.loaded = 'true'), { once: true });
    ensureBox().append(made);
    frame = made;
  }

  /** The panel, loading its code first where it is not loaded yet; null where it could not be (or was unmounted). */
  function withPanel(): Promise<PanelView | null> {
    if (panel) return Promise.resolve(panel);
    panelLoad ??= deps.loadPanel().then(
      (create) => {
        if (signal.aborted) return null;
        panel ??= create({
          window: win,
          signal,
          host,
          shadow,
          panel: ensureBox(),
          reportExposure: deps.reportExposure,
          exposureIntervalMs: deps.exposureIntervalMs,
          resize: resizeTo,
          dragging: (on) => {
            dragging = on;
            if (!on) resizeTo(prefs.width, true);
          },
        });
        render();
        return panel;
      },
      () => {
        // Asked again at the next need. An open it failed (the extension updated or removed meanwhile) did not
        // happen: the launcher is back, the open remembered for the next page stays as stored.
        panelLoad = null;
        box?.remove();
        box = null;
        frame = null;
        if (prefs.open && !signal.aborted) {
          prefs = { ...prefs, open: false };
          localChanges++;
          render();
        }
        return null;
      },
    );
    return panelLoad;
  }

  /** Gives the frame focus once the panel shows it and it is loaded (a frame that loads after a close takes none). */
  function focusFrame() {
    void withPanel().then((loaded) => {
      const target = frame;
      if (!loaded || !target || !isShown()) return;
      if (target.dataset.loaded) target.focus();
      else target.addEventListener('load', () => isShown() && target.focus(), { once: true });
    });
  }

  function render() {
    root.className = `root ${settings?.theme ?? 'system'}`;
    const available = Boolean(summary && settings?.enabled);
    launcher.hidden = !available || (prefs.open && inPage());
    if (summary) {
      const text = launcherText(summary);
      drawLauncherLines(lines, text, win);
      launcher.setAttribute('aria-label', text.label);
    }
    const shown = isShown();
    launcher.setAttribute('aria-expanded', String(shown));
    if (shown) ensureFrame();
    if (panel) panel.render(shown, prefs);
    else if (shown) void withPanel();
  }

  function savePrefs(next: SitePrefs) {
    prefs = next;
    localChanges++;
    render();
    if (tool) void deps.writePrefs(tool, next);
  }

  function setOpen(open: boolean) {
    if (open && !openedHere) {
      openedHere = true;
      // Open as remembered, but not shown while the browser's panel is chosen: shown now.
      if (prefs.open) {
        returnFocusTo = doc.activeElement;
        render();
        focusFrame();
        return;
      }
    }
    if (open === prefs.open) return;
    if (open) returnFocusTo = doc.activeElement;
    savePrefs({ ...prefs, open });
    if (open) {
      focusFrame();
      return;
    }
    const previous = returnFocusTo;
    returnFocusTo = null;
    if (previous instanceof HTMLElement && previous !== host && previous.isConnected) previous.focus();
    else if (!launcher.hidden) launcher.focus();
  }

  let loads = 0;
  /**
   * Storage changes come back here, our own writes included, a moment after they are made. A read that is older
   * than a change made here meanwhile, or that lands during a drag, must not put older prefs back: the width would
   * jump back and forth under quick key presses, and a drag's release would save the old width. The latest read
   * still brings the settings (theme, on or off), and prefs changed elsewhere arrive with the next change event.
   */
  async function loadSettings(next: Tool) {
    const load = ++loads;
    const changesBefore = localChanges;
    const loaded = await deps.readSettings(next);
    if (load !== loads || tool !== next || signal.aborted) return;
    settings = loaded;
    if (!dragging && changesBefore === localChanges) prefs = loaded.prefs;
    render();
  }

  function resizeTo(width: number, persist: boolean) {
    const clamped = clampWidth(width, win.innerWidth);
    if (persist) savePrefs({ ...prefs, width: clamped });
    else {
      prefs = { ...prefs, width: clamped };
      localChanges++;
      render();
    }
  }

  /**
   * The panel's code and the frame start loading when the user points at or focuses the launcher, so most of the
   * load is done by the click. Intent only: a frame preloaded for nothing is dropped again, its memory is not kept
   * for an open that may never come.
   */
  let discardTimer: number | undefined;
  const preload = (event: Event) => {
    if (!event.isTrusted || settings?.place === 'panel') return;
    win.clearTimeout(discardTimer);
    ensureFrame();
    void withPanel();
  };
  const discardUnused = () => {
    win.clearTimeout(discardTimer);
    discardTimer = win.setTimeout(() => {
      if (isShown() || !frame) return;
      frame.remove();
      frame = null;
    }, PRELOAD_KEEP_MS);
  };
  launcher.addEventListener('pointerenter', preload);
  launcher.addEventListener('focus', preload);
  launcher.addEventListener('pointerleave', discardUnused);
  launcher.addEventListener('blur', discardUnused);
  launcher.addEventListener('click', () => {
    if (settings?.place !== 'panel' || !deps.openPanel) return setOpen(true);
    // The browser's panel, asked for within this click; where the browser refuses it, the page's own sidebar.
    void deps.openPanel().then((opened) => opened || signal.aborted || setOpen(true));
  });
  // A resize may be a browser zoom (a new pixel ratio for the drawn lines); the system theme recolours them.
  win.addEventListener('resize', render, { signal });
  win.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', render, { signal });

  const guard = guardHost({
    host,
    parent: doc.documentElement,
    signal,
    MutationObserver: win.MutationObserver,
    onGiveUp: () => unmount(),
  });

  function unmount() {
    guard.stop();
    win.clearTimeout(discardTimer);
    panel?.unmount();
    host.remove();
  }
  signal.addEventListener('abort', unmount, { once: true });

  return {
    /** A push from the background: a new launcher summary, or a toggle or close request. */
    receive(message: ContentPush) {
      if (signal.aborted) return;
      if (message.type === 'launcher.summary') {
        summary = message.summary;
        const next = summary ? toolOfKey(summary.itemKey) : null;
        if (next && next !== tool) {
          tool = next;
          void loadSettings(next);
        }
        render();
      } else if (message.type === 'sidebar.close') {
        setOpen(false);
      } else if (summary && settings?.enabled) {
        // The browser command is global: while the user types in the page's editor, the keystroke is theirs.
        const active = doc.activeElement;
        if (active !== host && isEditable(active)) return;
        setOpen(!isShown());
      }
    },
    /** Settings changed in storage (the options page, the popup, the sidebar's layout switch). */
    reloadSettings() {
      if (tool) void loadSettings(tool);
    },
    unmount,
  };
}
export type SidebarHost = ReturnType<typeof createSidebarHost>;
