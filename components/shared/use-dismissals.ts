import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { DISMISSALS_KEY, loadDismissals } from '../../utils/snapshot/dismissals.ts';

/**
 * The stale warnings and snapshot pairs this user dismissed, kept current: a dismissal in the sidebar, the hub or
 * another tab shows everywhere. Undefined until read, so a first resolution does not flash dismissed warnings.
 */
export function useDismissals(): ReadonlySet<string> | undefined {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>();
  useEffect(() => {
    let live = true;
    const load = () => void loadDismissals().then((keys) => live && setDismissed(new Set(keys)));
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && DISMISSALS_KEY in changes) load();
    };
    load();
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return dismissed;
}
