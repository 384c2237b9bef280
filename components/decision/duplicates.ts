/**
 * The duplicate check at capture time: a decision being logged about the same item or goal as a current decision
 * with a similar title is probably a change of mind, which Hallway records by superseding the old one.
 */
import Fuse from 'fuse.js';
import type { Decision } from '../../utils/contract.ts';

/** fuse.js score below which two titles read as the same decision (0 identical, 1 unrelated). */
const SIMILAR = 0.35;
const MIN_TITLE = 4;

export interface DuplicateScope {
  itemKey: string | null;
  goalId: string | null;
}

/** Current decisions on the same item or goal whose titles are similar to `title`, the most similar first. */
export function similarDecisions(title: string, decisions: readonly Decision[], scope: DuplicateScope): Decision[] {
  const wanted = title.trim();
  if (wanted.length < MIN_TITLE) return [];
  const inScope = decisions.filter(
    (decision) =>
      (decision.status === 'accepted' || decision.status === 'proposed') &&
      ((scope.itemKey !== null && decision.itemKeys.includes(scope.itemKey)) ||
        (scope.goalId !== null && decision.goalId === scope.goalId)),
  );
  // Without the field-length norm: a reworded title is often a little longer or shorter, and still the same decision.
  const fuse = new Fuse(inScope, {
    keys: ['title'],
    includeScore: true,
    ignoreLocation: true,
    ignoreFieldNorm: true,
    threshold: SIMILAR,
  });
  return fuse
    .search(wanted, { limit: 3 })
    .filter((result) => (result.score ?? 1) <= SIMILAR)
    .map((result) => result.item);
}
