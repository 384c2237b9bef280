import { useLiveQuery } from 'dexie-react-hooks';
import type { OutboxRow, Touch } from '../../utils/db/schema.ts';
import { dexieSource, type ResolvedContext, resolveContext } from '../../utils/resolve/index.ts';
import type { CurrentItem } from '../shared/item.ts';
import { mirrorDb } from '../shared/mirror-db.ts';
import { type WriteState, writeStateOf } from '../shared/write-state.ts';

export interface WriteStates {
  /** By the entity a write touches, e.g. `decision:<id>`. */
  byTouch: ReadonlyMap<Touch, WriteState>;
  /** The newest unsynced link of `kind` from `itemKey` (to `target` for related links), if any. */
  link(itemKey: string, kind: 'owner' | 'goal' | 'related', target?: string): WriteState | undefined;
}

/**
 * Everything the sidebar shows for `item`, live: Dexie re-runs the queries whenever sync or a write changes them.
 * Until the first query answers, `fromBackground`: the background's resolution, sent with the same answer as `item`
 * (the sidebar then renders without waiting for its own connection to the mirror). Undefined while neither has
 * answered: the previous item's answer is never shown as this one's.
 */
export function useResolvedItem(
  item: CurrentItem | null,
  fromBackground: ResolvedContext | null | undefined,
): ResolvedContext | null | undefined {
  const db = mirrorDb();
  const key = item?.ref.key ?? null;
  const answer = useLiveQuery(
    async () => ({ key, resolved: item ? await resolveContext(dexieSource(db), item.ref, item.context) : null }),
    [key, JSON.stringify(item?.context ?? {})],
  );
  return answer && answer.key === key ? answer.resolved : fromBackground;
}

/** Pending and refused writes by the entity they touch; a refused write wins over a pending one. */
export function useWriteStates(): WriteStates {
  const db = mirrorDb();
  const rows = useLiveQuery(() => db.outbox.toArray(), []) ?? [];
  const rowsByTouch = new Map<Touch, OutboxRow[]>();
  for (const row of rows) {
    for (const touch of row.touches) {
      const touching = rowsByTouch.get(touch);
      if (touching) touching.push(row);
      else rowsByTouch.set(touch, [row]);
    }
  }
  const byTouch = new Map<Touch, WriteState>();
  for (const [touch, touching] of rowsByTouch) {
    const state = writeStateOf(touching);
    if (state) byTouch.set(touch, state);
  }
  return {
    byTouch,
    link(itemKey, kind, target) {
      const row = rows.findLast(
        ({ mutation }) =>
          mutation.type === 'link.create' &&
          mutation.data.itemKey === itemKey &&
          mutation.data.kind === kind &&
          (mutation.data.kind !== 'related' || mutation.data.relatedItemKey === target),
      );
      return writeStateOf(row ? [row] : []);
    },
  };
}
