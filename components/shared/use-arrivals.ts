/**
 * What just arrived from someone else while a view was open: a decision that a poke's pull brought in, marked as
 * new for a moment. Nothing is marked on the view's first answer (that is what was already there), nor the local
 * user's own writes (they appear the moment they are made).
 */
import { useEffect, useRef, useState } from 'react';

/** How long an arrival stays marked. */
export const ARRIVAL_MS = 8_000;

export interface Arrival {
  id: string;
  /** Who wrote it, to tell the local user's own writes apart. */
  by: string;
}

/**
 * The ids among `items` that appeared after the first answer for `scope` (an item's key, a view), written by
 * someone other than `me`, during the last `holdMs`. `items` undefined: still loading.
 */
export function useArrivals(
  items: readonly Arrival[] | undefined,
  me: string | undefined,
  scope: string,
  holdMs = ARRIVAL_MS,
): ReadonlySet<string> {
  const seen = useRef<{ scope: string; ids: Set<string> } | null>(null);
  const [arrived, setArrived] = useState<ReadonlySet<string>>(() => new Set());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    };
  }, []);
  useEffect(() => {
    if (!items) return;
    if (seen.current?.scope !== scope) {
      seen.current = { scope, ids: new Set(items.map((item) => item.id)) };
      setArrived(new Set());
      return;
    }
    const known = seen.current.ids;
    const fresh = items.filter((item) => !known.has(item.id));
    for (const item of fresh) known.add(item.id);
    const theirs = fresh.filter((item) => me === undefined || item.by !== me).map((item) => item.id);
    if (theirs.length === 0) return;
    setArrived((current) => new Set([...current, ...theirs]));
    // Unmarked after a while, whatever else arrives meanwhile (another pull re-runs this effect).
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setArrived((current) => new Set([...current].filter((id) => !theirs.includes(id))));
    }, holdMs);
    timers.current.add(timer);
  }, [items, me, scope, holdMs]);
  return arrived;
}
