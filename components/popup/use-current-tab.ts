import { useEffect, useState } from 'react';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { CurrentItem } from '../shared/item.ts';
import { mirrorDb } from '../shared/mirror-db.ts';

export interface CurrentTab {
  item: CurrentItem | null;
  url: string | null;
  teamId: string | null;
  goalId: string | null;
}

/** The item of the tab the user is looking at, with its owning team and goal resolved from the mirror. */
export function useCurrentTab(): CurrentTab | undefined {
  const [current, setCurrent] = useState<CurrentTab | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      // The resolution's modules load beside the background's answer, after the popup's first render (later.ts).
      const [answer, { dexieSource, resolveContext }] = await Promise.all([
        sendMessage('popup.currentTab', {}),
        import('./later.ts'),
      ]);
      const tab = answer.ok ? answer.value : null;
      const item = tab?.item ? { ref: tab.item, title: tab.title, context: tab.context } : null;
      const resolved = item ? await resolveContext(dexieSource(mirrorDb()), item.ref, item.context) : null;
      if (cancelled) return;
      setCurrent({
        item,
        url: item?.ref.url ?? null,
        teamId: resolved?.team?.id ?? null,
        goalId: resolved?.goal?.goal.id ?? null,
      });
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  return current;
}
