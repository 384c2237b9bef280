/** Sizes and the push-content layout of the sidebar in the host page. */

export type LayoutMode = 'overlay' | 'push';

export const MIN_WIDTH = 280;
export const DEFAULT_WIDTH = 380;
export const MAX_WIDTH = 720;
/** The host page keeps at least this much of the window, so the sidebar never swallows the app. */
const MIN_PAGE_WIDTH = 320;

/** A width the sidebar may take in a window `viewportWidth` wide: at least MIN_WIDTH, even in a narrow window. */
export function clampWidth(width: number, viewportWidth: number): number {
  const ceiling = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, viewportWidth - MIN_PAGE_WIDTH));
  return Math.round(Math.min(ceiling, Math.max(MIN_WIDTH, width)));
}

/** Push mode only where the page keeps a usable width; otherwise the sidebar overlays. */
export function effectiveMode(mode: LayoutMode, width: number, viewportWidth: number): LayoutMode {
  return mode === 'push' && viewportWidth - width >= MIN_PAGE_WIDTH ? 'push' : 'overlay';
}

const PUSH_PROPERTY = 'margin-right';

/**
 * Makes room for the sidebar by narrowing the document (as Hypothesis does with a margin on the page), or gives the
 * room back (`width` null), restoring whatever inline margin the page had set itself.
 */
export function createPushLayout(root: HTMLElement) {
  let saved: { value: string; priority: string } | null = null;
  return {
    apply(width: number | null) {
      if (width === null) {
        if (!saved) return;
        root.style.setProperty(PUSH_PROPERTY, saved.value, saved.priority);
        saved = null;
        return;
      }
      saved ??= {
        value: root.style.getPropertyValue(PUSH_PROPERTY),
        priority: root.style.getPropertyPriority(PUSH_PROPERTY),
      };
      root.style.setProperty(PUSH_PROPERTY, `${width}px`, 'important');
    },
  };
}
