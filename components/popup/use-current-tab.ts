import { useEffect, useState } from 'react';
import { sendMessage } from '../../utils/messaging/client.ts';
import { dexieSource, resolveContext } from '../../utils/resolve/index.ts';
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
      const answer = await sendMessage('popup.currentTab', {});
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
