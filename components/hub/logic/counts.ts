/**
 * The overview's counts. The tables' own lengths once all of them are in memory: they are the rows every view shows,
 * and they follow each change. Until then the background's (its search index follows every write to the mirror, so
 * it answers without IndexedDB walking 100,000 rows, and without the hub counting in IndexedDB at the same time, which
 * held the background's own small count back behind the hub's big ones). Undefined until one of them is there.
 */
import type { MirrorCounts } from '../../../utils/messaging/protocol.ts';

export interface CountedTables {
  teams: readonly unknown[] | undefined;
  goals: readonly unknown[] | undefined;
  decisions: readonly unknown[] | undefined;
  rules: readonly unknown[] | undefined;
  items: readonly unknown[] | undefined;
}

/** `fromBackground`: undefined while asked, null when the background could not say. */
export function overviewCounts(
  tables: CountedTables,
  fromBackground: MirrorCounts | null | undefined,
): MirrorCounts | undefined {
  const { teams, goals, decisions, rules, items } = tables;
  if (teams && goals && decisions && rules && items) {
    return {
      teams: teams.length,
      goals: goals.length,
      decisions: decisions.length,
      rules: rules.length,
      items: items.length,
    };
  }
  return fromBackground ?? undefined;
}
