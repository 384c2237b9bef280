/** The decision log's filters and full-text search, and a decision's supersession chain. */
import type { Decision, DecisionStatus, Tool } from '../../../utils/contract.ts';
import { compareText } from '../../../utils/snapshot/ownership.ts';

export interface DecisionFilters {
  text: string;
  teamId: string | null;
  goalId: string | null;
  status: DecisionStatus | null;
  /** Inclusive `YYYY-MM-DD` bounds on the decision date. */
  from: string | null;
  to: string | null;
  /** Keeps decisions with at least one linked item in this tool. */
  tool: Tool | null;
}

export const NO_FILTERS: DecisionFilters = {
  text: '',
  teamId: null,
  goalId: null,
  status: null,
  from: null,
  to: null,
  tool: null,
};

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** Folded search text per decision, built once per list: 100,000 decisions are searched per keystroke. */
export function searchTextOf(decision: Decision): string {
  return fold(
    [decision.title, decision.rationale, decision.quote ?? '', decision.decidedBy, decision.itemKeys.join(' ')].join(
      '\n',
    ),
  );
}

export const newestFirst = (decisions: readonly Decision[]): Decision[] =>
  [...decisions].sort((a, b) => compareText(b.decidedAt, a.decidedAt) || compareText(b.id, a.id));

export const hasFilters = (filters: DecisionFilters) =>
  Object.entries(filters).some(([key, value]) => (key === 'text' ? String(value).trim() !== '' : value !== null));

/** Whether one decision passes the filters; every word of `text` must appear (accents and case ignored). */
export function decisionMatcher(
  filters: DecisionFilters,
  searchText: (decision: Decision) => string = searchTextOf,
): (decision: Decision) => boolean {
  const words = fold(filters.text).split(/\s+/).filter(Boolean);
  const toolPrefix = filters.tool ? `${filters.tool}:` : null;
  return (decision) => {
    if (filters.teamId && decision.teamId !== filters.teamId) return false;
    if (filters.goalId && decision.goalId !== filters.goalId) return false;
    if (filters.status && decision.status !== filters.status) return false;
    const day = decision.decidedAt.slice(0, 10);
    if (filters.from && day < filters.from) return false;
    if (filters.to && day > filters.to) return false;
    if (toolPrefix && !decision.itemKeys.some((key) => key.startsWith(toolPrefix))) return false;
    if (words.length === 0) return true;
    const haystack = searchText(decision);
    return words.every((word) => haystack.includes(word));
  };
}

/** Newest first, filtered. */
export function filterDecisions(
  decisions: readonly Decision[],
  filters: DecisionFilters,
  searchText: (decision: Decision) => string = searchTextOf,
): Decision[] {
  return newestFirst(decisions).filter(decisionMatcher(filters, searchText));
}

/** The whole chain a decision belongs to, oldest first: what it replaced, itself, what replaced it. */
export function supersessionChain(byId: ReadonlyMap<string, Decision>, decision: Decision): Decision[] {
  const older: Decision[] = [];
  const newer: Decision[] = [];
  const seen = new Set([decision.id]);
  for (let id = decision.supersedes; id && !seen.has(id); ) {
    const row = byId.get(id);
    if (!row) break;
    older.unshift(row);
    seen.add(id);
    id = row.supersedes;
  }
  for (let id = decision.supersededBy; id && !seen.has(id); ) {
    const row = byId.get(id);
    if (!row) break;
    newer.push(row);
    seen.add(id);
    id = row.supersededBy;
  }
  return [...older, decision, ...newer];
}
