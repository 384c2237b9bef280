/**
 * Pickers search through the background's engine (the omnibox's), so a typed query finds the same things, in the
 * same order, in every picker, the hub and the address bar.
 */
import { RefusedError } from '../../utils/errors.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { SearchKind } from '../../utils/search/records.ts';
import type { SearchHit } from '../../utils/search/search-index.ts';
import type { PickerOption, PickerSearch } from '../ui/Picker.tsx';

/** A picker's search over `kinds`; `toOption` turns a hit into an option, or leaves it out (null). */
export function engineSearch(
  kinds: readonly SearchKind[],
  toOption: (hit: SearchHit) => PickerOption | null | undefined,
): PickerSearch {
  return async (query, limit) => {
    const answer = await sendMessage('search.query', { query, limit: Math.min(200, limit * 3), kinds: [...kinds] });
    if (!answer.ok) throw new RefusedError(answer.error);
    return answer.value.flatMap((hit) => toOption(hit) ?? []).slice(0, limit);
  };
}

/** For a picker over a known list (teams, goals): the engine ranks, the list says which ids may be offered. */
export function searchAmong(kinds: readonly SearchKind[], options: readonly PickerOption[]): PickerSearch {
  const byId = new Map(options.map((option) => [option.id, option]));
  return engineSearch(kinds, (hit) => byId.get(hit.record.id));
}
