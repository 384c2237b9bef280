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

/**
 * Slack for scrollbars: the panel spans the viewport without them (`innerWidth` and `innerHeight` count them).
 * Anything a page does to shrink the sidebar unreadable is far beyond it.
 */
const SCROLLBAR_SLACK = 24;

/** What the panel measures in the page (`getBoundingClientRect`) and its CSS zoom where the browser tells it. */
export interface PanelGeometry {
  left: number;
  top: number;
  right: number;
  width: number;
  height: number;
  /** `currentCSSZoom`: the product of every ancestor's `zoom`; undefined where the browser has no such property. */
  zoom?: number;
}

/**
 * Whether the panel is drawn at the size and place the host laid it out: `width` wide, the viewport's height, at
 * its right edge, unzoomed. A page can zoom the root down and the body back up (the sidebar, outside the body,
 * shrinks to a sliver), scale or move the root, or make it the panel's containing block: all show here. Returns the
 * reason it is not, or null.
 */
export function geometryProblem(panel: PanelGeometry, width: number, viewport: { width: number; height: number }) {
  if (panel.zoom !== undefined && Math.abs(panel.zoom - 1) > 0.01) return 'zoomed by the page';
  if (Math.abs(panel.width - width) > 2) return 'resized by the page';
  if (panel.height > viewport.height + 1 || panel.height < viewport.height - SCROLLBAR_SLACK) {
    return 'resized by the page';
  }
  const offScreen = panel.left < -1 || panel.top < -1 || panel.right > viewport.width + 1;
  if (offScreen || panel.top + panel.height > viewport.height + 1) return 'moved off screen';
  if (panel.right < viewport.width - SCROLLBAR_SLACK || panel.top > 1) return 'moved by the page';
  return null;
}

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

/** `width`: the panel's width as the host set it. */
export function assessExposure(host: Element, panel: Element, win: Window, width: number): ExposureVerdict {
  const doc = win.document;
  if (doc.visibilityState !== 'visible') return covered('tab hidden');
  const rect = panel.getBoundingClientRect();
  if (rect.width < 1 || rect.height < 1) return covered('no size');
  const zoom = (panel as Element & { currentCSSZoom?: number }).currentCSSZoom;
  const misplaced = geometryProblem(
    { left: rect.left, top: rect.top, right: rect.right, width: rect.width, height: rect.height, zoom },
    width,
    { width: win.innerWidth, height: win.innerHeight },
  );
  if (misplaced) return covered(misplaced);
  for (let node: Element | null = panel; node; node = parentAcrossShadow(node)) {
    const style = win.getComputedStyle(node);
    if (Number(style.opacity) < MIN_OPACITY) return covered('transparent ancestor');
    if (style.visibility !== 'visible') return covered('invisible ancestor');
    if (node === host || node.getRootNode() !== doc) continue;
    // Filters can fade (opacity(), brightness()) or blur the sidebar; transforms can turn or mirror it in place. The
    // page has no reason to do either to the root the sidebar hangs from.
    if (style.filter !== 'none') return covered('filtered ancestor');
    if ([style.transform, style.rotate, style.scale].some((value) => value && value !== 'none')) {
      return covered('transformed ancestor');
    }
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
