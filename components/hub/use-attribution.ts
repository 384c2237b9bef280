/** The views' way to the attribution of every item (attribution.ts), for the mirror's current state. */
import { useMemo } from 'react';
import type { Attribution } from '../../utils/snapshot/ownership.ts';
import { attributionFor } from './attribution.ts';
import { useHubData } from './data.tsx';

/** Owner, goal and decisions of every item, computed once per mirror state; undefined while a table is loading. */
export function useAttribution(): Attribution | undefined {
  const { items, links, rules, teams, goals, decisions } = useHubData();
  return useMemo(
    () =>
      items && links && rules && teams && goals && decisions
        ? attributionFor({ items, links, rules, teams, goals, decisions })
        : undefined,
    [items, links, rules, teams, goals, decisions],
  );
}
