import type { DecisionTransition } from '../../utils/contract.ts';
import type { OutboxRow } from '../../utils/db/schema.ts';
import { sayErrorOf, t } from '../../utils/i18n.ts';
import type { PickerOption } from '../ui/Picker.tsx';

/** Where a refused write was made: the section that shows it. */
export type RefusalPlace = 'owner' | 'goal' | 'related' | 'decisions' | 'notes';

/** A write about this item the server refused (or that conflicts), to be shown where it was made. */
export interface Refusal {
  mutationId: string;
  place: RefusalPlace;
  /** What the write would have done, in the user's words, e.g. "Owner: Growth". */
  what: string;
  reason: string;
  /** The item capture refused with it, dismissed together. */
  companions: string[];
}

/** Each move in words, said when a refusal is drawn (in the reader's language, never as the module loads). */
const MOVE_WORDS: Record<Exclude<DecisionTransition, 'supersede'>, () => string> = {
  accept: () => t('sidebar.refusal.accepting'),
  withdraw: () => t('sidebar.refusal.withdrawing'),
  revert: () => t('sidebar.refusal.reverting'),
};

/** The refused writes about `itemKey`, each placed in the section it was made from. */
export function refusalsOf(
  rows: readonly OutboxRow[],
  itemKey: string,
  names: {
    teams: readonly PickerOption[];
    goals: readonly PickerOption[];
    /** The item's decisions, for moves of one of them. */
    decisions?: readonly { id: string; title: string }[];
  },
): Refusal[] {
  const label = (options: readonly PickerOption[], id: string, row: OutboxRow) =>
    options.find((o) => o.id === id)?.label ?? row.targetName ?? t('sidebar.refusal.unknown');
  // Not the rows set aside: another person's writes, not shown in this person's sidebar.
  const failed = rows.filter((row) => row.status === 'rejected' || row.status === 'conflict');
  const companions = failed
    .filter(({ mutation }) => mutation.type === 'item.upsert' && mutation.data.ref.key === itemKey)
    .map((row) => row.mutationId);
  return failed.flatMap((row): Refusal[] => {
    const { mutation } = row;
    const reason = sayErrorOf(row.error) ?? t('refused.noReason');
    const refusal = (place: RefusalPlace, what: string): Refusal[] => [
      { mutationId: row.mutationId, place, what, reason, companions },
    ];
    if (mutation.type === 'link.create' && mutation.data.itemKey === itemKey) {
      const { data } = mutation;
      if (data.kind === 'owner')
        return refusal('owner', t('sidebar.refusal.owner', { name: label(names.teams, data.teamId, row) }));
      if (data.kind === 'goal')
        return refusal('goal', t('sidebar.refusal.goal', { name: label(names.goals, data.goalId, row) }));
      return refusal('related', t('sidebar.refusal.related'));
    }
    if (mutation.type === 'decision.create' && mutation.data.itemKeys.includes(itemKey)) {
      return refusal('decisions', t('sidebar.refusal.decision', { title: mutation.data.title }));
    }
    if (mutation.type === 'decision.transition') {
      const decision = names.decisions?.find((each) => each.id === mutation.id);
      if (decision)
        return refusal(
          'decisions',
          t('sidebar.refusal.move', { move: MOVE_WORDS[mutation.data.transition](), title: decision.title }),
        );
    }
    if (mutation.type === 'note.create' && mutation.data.itemKeys.includes(itemKey)) {
      return refusal('notes', t('sidebar.refusal.note', { title: mutation.data.title }));
    }
    return [];
  });
}
