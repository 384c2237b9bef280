import { type RefObject, useEffect, useState } from 'react';

/** IntersectionObserver v2 options; lib.dom does not declare them yet. */
interface VisibilityObserverInit extends IntersectionObserverInit {
  trackVisibility: boolean;
  delay: number;
}
type VisibilityEntry = IntersectionObserverEntry & { isVisible?: boolean };

/**
 * Whether the browser itself vouches that `target` is painted unobscured and unfaded, across the host page:
 * IntersectionObserver v2, built for clickjacking defence. It also catches what the content script cannot, such as a
 * decoy overlay with `pointer-events: none`. Where the browser has no v2, this answers true and the content
 * script's checks stand alone.
 */
export function useOnScreen(target: RefObject<HTMLElement | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const element = target.current;
    if (!element || !('isVisible' in IntersectionObserverEntry.prototype)) return;
    setVisible(false);
    const options: VisibilityObserverInit = { threshold: [0], trackVisibility: true, delay: 100 };
    const observer = new IntersectionObserver((entries) => {
      const last = entries.at(-1) as VisibilityEntry | undefined;
      if (last) setVisible(last.isVisible === true);
    }, options);
    observer.observe(element);
    return () => observer.disconnect();
  }, [target]);
  return visible;
}
