/**
 * The clickjacking guard's check: is the open sidebar actually visible and on top? A page can hide injected UI with
 * opacity on an ancestor, cover it with an overlay or a top-layer popover, and steer the user's click onto it
 * (DOM-based extension clickjacking, DEF CON 33). While the answer is "no", the sidebar disables its actions.
 * The sidebar page adds IntersectionObserver v2 on its side, which also sees overlays with `pointer-events: none`.
 */

export interface ExposureVerdict {
  clear: boolean;
  reason: string;
}

/** KeePassXC's threshold: below it, the UI may be invisible enough to be clicked unknowingly. */
export const MIN_OPACITY = 0.7;

const CLEAR: ExposureVerdict = { clear: true, reason: '' };
const covered = (reason: string): ExposureVerdict => ({ clear: false, reason });

/** The parent element, stepping out of a shadow root to its host. */
function parentAcrossShadow(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** Points inside the panel where the page's hit testing must find our host element, and nothing above it. */
function samplePoints(rect: DOMRect): [number, number][] {
  const xs = [0.2, 0.5, 0.8].map((f) => rect.left + rect.width * f);
  const ys = [0.15, 0.5, 0.85].map((f) => rect.top + rect.height * f);
  return xs.flatMap((x) => ys.map((y): [number, number] => [x, y]));
}

const intersects = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom && a.width > 0 && a.height > 0;

/** Elements of the page's top layer, which paints above every z-index. */
function topLayerElements(doc: Document): Element[] {
  const found: Element[] = [];
  for (const selector of [':popover-open', 'dialog:modal', ':fullscreen']) {
    try {
      found.push(...doc.querySelectorAll(selector));
    } catch {
      // A browser without this selector has no such top-layer element either.
    }
  }
  return found;
}

export function assessExposure(host: Element, panel: Element, win: Window): ExposureVerdict {
  const doc = win.document;
  if (doc.visibilityState !== 'visible') return covered('tab hidden');
  const rect = panel.getBoundingClientRect();
  if (rect.width < 1 || rect.height < 1) return covered('no size');
  if (rect.right > win.innerWidth + 1 || rect.left < -1) return covered('moved off screen');
  for (let node: Element | null = panel; node; node = parentAcrossShadow(node)) {
    const style = win.getComputedStyle(node);
    if (Number(style.opacity) < MIN_OPACITY) return covered('transparent ancestor');
    if (style.visibility !== 'visible') return covered('invisible ancestor');
    // Filters can fade (opacity(), brightness()) or blur the sidebar; the page has no reason to filter it.
    if (node !== host && node.getRootNode() === doc && style.filter !== 'none') return covered('filtered ancestor');
  }
  for (const [x, y] of samplePoints(rect)) {
    const hit = doc.elementFromPoint(x, y);
    if (hit !== host) return covered('covered by the page');
  }
  if (topLayerElements(doc).some((element) => element !== host && intersects(element.getBoundingClientRect(), rect))) {
    return covered('covered by a popover or dialog');
  }
  return CLEAR;
}
