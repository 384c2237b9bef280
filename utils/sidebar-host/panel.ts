/**
 * The open sidebar's part of the host (`host.ts`): the panel at the page's right edge around the sidebar page's
 * extension-origin iframe (which the host makes, see `host.ts`), its resize separator, the push layout and the
 * clickjacking guard's exposure checks.
 * It is not in the content script: a tab pays for it only when the sidebar is about to open (the launcher pointed at
 * or focused, clicked, the toggle shortcut, an open remembered). The background injects it into the tab's content
 * script world on the content script's ask (`entrypoints/sidebar-panel.ts`, `panel-script.ts`), never as a
 * web-accessible file: the page can neither load it nor reach what it registers (the content script's world has its
 * own globals).
 */
import { t } from '../i18n.ts';
import { assessExposure, type ExposureVerdict } from './exposure.ts';
import { clampWidth, createPushLayout, effectiveMode, MAX_WIDTH, MIN_WIDTH } from './layout.ts';
import type { SitePrefs } from './settings.ts';

export interface PanelDeps {
  window: Window;
  signal: AbortSignal;
  /** Hallway's element in the page and its closed shadow root, which takes the panel's styles. */
  host: HTMLElement;
  shadow: ShadowRoot;
  /** The panel's box in the shadow root, made hidden by the host with the sidebar's frame in it, maybe loading. */
  panel: HTMLElement;
  reportExposure(verdict: ExposureVerdict): void;
  exposureIntervalMs?: number;
  /** The separator moved the width: `persist` on a key press or a drag's release, not on each pointer move. */
  resize(width: number, persist: boolean): void;
  /** A drag of the separator begins (true) or ends (false). */
  dragging(on: boolean): void;
}

export interface PanelView {
  /** Shows or hides the panel at the width and layout mode of the prefs. */
  render(shown: boolean, prefs: SitePrefs): void;
  unmount(): void;
}

export type CreatePanel = (deps: PanelDeps) => PanelView;

const KEYBOARD_RESIZE_STEP = 16;

export const PANEL_CSS = `
.panel {
  box-sizing: border-box; position: fixed; top: 0; right: 0; bottom: 0; display: flex; background: var(--bg);
  border-left: 1px solid var(--border); box-shadow: var(--shadow);
}
.panel[hidden] { display: none; }
.handle {
  flex: none; width: 6px; margin-left: -3px; cursor: col-resize; background: transparent; touch-action: none;
}
.handle:hover, .handle:focus-visible, .handle.dragging { background: var(--accent); outline: none; }
iframe { flex: 1; width: 100%; height: 100%; border: 0; background: var(--bg); color-scheme: normal; }
`;

export const createPanel: CreatePanel = (deps) => {
  const { window: win, signal, host, panel } = deps;
  const doc = win.document;
  const style = doc.createElement('style');
  style.textContent = PANEL_CSS;
  const handle = doc.createElement('div');
  handle.className = 'handle';
  handle.tabIndex = 0;
  handle.setAttribute('role', 'separator');
  handle.setAttribute('aria-orientation', 'vertical');
  handle.setAttribute('aria-label', t('launcher.resize'));
  handle.setAttribute('aria-valuemin', String(MIN_WIDTH));
  handle.setAttribute('aria-valuemax', String(MAX_WIDTH));
  // Before the frame, which keeps loading: inserting beside it does not move it.
  panel.prepend(handle);
  deps.shadow.prepend(style);

  const push = createPushLayout(doc.documentElement);
  let width = 0;
  let exposureTimer: number | undefined;
  let lastVerdict: string | undefined;

  function checkExposure() {
    const verdict = assessExposure(host, panel, win, width);
    const serialized = `${verdict.clear}:${verdict.reason}`;
    if (serialized === lastVerdict) return;
    lastVerdict = serialized;
    deps.reportExposure(verdict);
  }

  function watchExposure(on: boolean) {
    if (on && exposureTimer === undefined) {
      checkExposure();
      exposureTimer = win.setInterval(checkExposure, deps.exposureIntervalMs ?? 250);
    } else if (!on && exposureTimer !== undefined) {
      win.clearInterval(exposureTimer);
      exposureTimer = undefined;
      lastVerdict = undefined;
      deps.reportExposure({ clear: false, reason: 'closed' });
    }
  }

  handle.addEventListener('pointerdown', (event) => {
    if (!event.isTrusted || event.button !== 0) return;
    handle.setPointerCapture(event.pointerId);
    handle.classList.add('dragging');
    deps.dragging(true);
  });
  handle.addEventListener('pointermove', (event) => {
    if (handle.hasPointerCapture(event.pointerId)) deps.resize(win.innerWidth - event.clientX, false);
  });
  const endDrag = (event: PointerEvent) => {
    if (!handle.hasPointerCapture(event.pointerId)) return;
    handle.releasePointerCapture(event.pointerId);
    handle.classList.remove('dragging');
    deps.dragging(false);
  };
  handle.addEventListener('pointerup', endDrag);
  handle.addEventListener('pointercancel', endDrag);
  handle.addEventListener('keydown', (event) => {
    const delta = { ArrowLeft: KEYBOARD_RESIZE_STEP, ArrowRight: -KEYBOARD_RESIZE_STEP }[event.key];
    if (delta !== undefined) deps.resize(width + delta, true);
    else if (event.key === 'Home') deps.resize(MIN_WIDTH, true);
    else if (event.key === 'End') deps.resize(MAX_WIDTH, true);
    else return;
    event.preventDefault();
  });

  const view: PanelView = {
    render(shown, prefs) {
      width = clampWidth(prefs.width, win.innerWidth);
      panel.hidden = !shown;
      panel.style.width = `${width}px`;
      handle.setAttribute('aria-valuenow', String(width));
      push.apply(shown && effectiveMode(prefs.mode, width, win.innerWidth) === 'push' ? width : null);
      watchExposure(shown);
    },
    unmount() {
      watchExposure(false);
      push.apply(null);
      panel.remove();
      style.remove();
    },
  };
  signal.addEventListener('abort', view.unmount, { once: true });
  return view;
};
