/**
 * Typo-tolerant search over the mirror that stays fast at 50,000 records: the candidate index narrows the records
 * to those sharing grams with the query, fuse.js scores only those, and `rankHits` orders the result.
 */
import Fuse, { type FuseResult, type IFuseOptions, type RangeTuple } from 'fuse.js';
import { CandidateIndex } from './candidate-index.ts';
import { normalizeText, tokenize } from './normalize.ts';
import { recordKey, type SearchKind, type SearchRecord } from './records.ts';

/** The options of every fuse.js search here; the benchmark runs plain fuse.js with the same ones to compare. */
export const FUSE_OPTIONS: IFuseOptions<SearchRecord> = {
  keys: [
    { name: 'title', weight: 3 },
    { name: 'aka', weight: 1 },
  ],
  includeScore: true,
  // Words anywhere in a title count: "checkout" should find "Move checkout to Stripe".
  ignoreLocation: true,
  ignoreDiacritics: true,
  threshold: 0.4,
  minMatchCharLength: 2,
  // Each word is matched on its own (all must match): "adyn card" finds "Keep Adyen for EU card payments", which
  // one fuzzy pattern over the whole phrase would not. `fuseQuery` strips the operator characters this enables.
  useExtendedSearch: true,
};

/**
 * The query as fuse.js gets it: its words, without punctuation (so `!`, `'`, `^`, `=` and `$` typed by the user
 * are not read as extended-search operators); one-letter words only when there is nothing else.
 */
export function fuseQuery(query: string): string {
  const words = tokenize(query.slice(0, QUERY_MAX));
  const meaningful = words.filter((word) => word.length > 1);
  return (meaningful.length > 0 ? meaningful : words).join(' ');
}

/** How many candidates fuse.js scores per query: enough that its top results match a search over everything. */
export const CANDIDATE_CAP = 300;
/** Longer input is cut: nobody types more into an omnibox, and it bounds the work per keystroke. */
export const QUERY_MAX = 200;

export interface SearchHit {
  record: SearchRecord;
  /** fuse.js score: 0 is a perfect match, 1 none. */
  score: number;
  /** Ranges of `record.title` that matched, for highlighting. */
  titleMatches: readonly RangeTuple[];
}

export function createSearchIndex({ candidateCap = CANDIDATE_CAP } = {}) {
  const candidates = new CandidateIndex();

  /** fuse.js over the candidates, in fuse.js's own order: what the benchmark compares with plain fuse.js. */
  function fuzzy(query: string, limit: number): SearchHit[] {
    const text = fuseQuery(query);
    if (!text) return [];
    const fuse = new Fuse(candidates.candidates(text, candidateCap), FUSE_OPTIONS);
    return fuse.search(text, { limit }).map(toHit);
  }

  return {
    get size() {
      return candidates.size;
    },
    upsert(record: SearchRecord): void {
      candidates.upsert(record);
    },
    remove(kind: SearchKind, id: string): void {
      candidates.remove(recordKey(kind, id));
    },
    get(kind: SearchKind, id: string): SearchRecord | undefined {
      return candidates.get(recordKey(kind, id));
    },
    records: () => candidates.records(),
    fuzzy,
    /** The best `limit` hits for what the user typed, ranked for people (see `rankHits`). */
    search(query: string, limit = 8): SearchHit[] {
      // Rank a wider set than is shown: an exact title match may sit below fuzzier ones in fuse.js's order.
      return withTitleMatches(query, rankHits(query, fuzzy(query, Math.max(limit * 5, 40))).slice(0, limit));
    },
  };
}
export type SearchIndex = ReturnType<typeof createSearchIndex>;

function toHit(result: FuseResult<SearchRecord>): SearchHit {
  return { record: result.item, score: result.score ?? 1, titleMatches: [] };
}

/** Match ranges cost fuse.js real time per record, so they are computed for the few hits shown, not every candidate. */
function withTitleMatches(query: string, hits: SearchHit[]): SearchHit[] {
  const fuse = new Fuse(
    hits.map((hit) => hit.record),
    { ...FUSE_OPTIONS, includeMatches: true },
  );
  const rangesById = new Map(
    fuse
      .search(fuseQuery(query))
      .map((result) => [
        result.item.id,
        result.matches?.filter((match) => match.key === 'title').flatMap((match) => match.indices) ?? [],
      ]),
  );
  return hits.map((hit) => ({ ...hit, titleMatches: rangesById.get(hit.record.id) ?? [] }));
}

/** Teams and goals first: they are what people navigate to; decisions next, then items (which have other homes). */
const KIND_ORDER: Record<SearchKind, number> = { team: 0, goal: 1, decision: 2, item: 3 };

/**
 * How literally a record matches: 0 the title or alias is the query, 1 the title starts with it, 2 every query
 * word starts a word of the title, 3 a fuzzy match only.
 */
export function matchTier(query: string, record: SearchRecord): number {
  const wanted = normalizeText(query).trim();
  const title = normalizeText(record.title);
  if (title === wanted || normalizeText(record.aka) === wanted) return 0;
  if (title.startsWith(wanted)) return 1;
  const titleWords = tokenize(record.title);
  const queryWords = tokenize(query);
  if (queryWords.length > 0 && queryWords.every((word) => titleWords.some((token) => token.startsWith(word)))) {
    return 2;
  }
  return 3;
}

/**
 * Exact and prefix matches first; within a tier, clearly better fuse.js scores (in steps of 0.1, so near-equal
 * scores count as equal) first, then kind, then the most recent.
 */
export function rankHits(query: string, hits: SearchHit[]): SearchHit[] {
  const keyed = hits.map((hit) => ({
    hit,
    tier: matchTier(query, hit.record),
    band: Math.round(hit.score * 10),
  }));
  keyed.sort(
    (a, b) =>
      a.tier - b.tier ||
      a.band - b.band ||
      KIND_ORDER[a.hit.record.kind] - KIND_ORDER[b.hit.record.kind] ||
      b.hit.record.recency - a.hit.record.recency,
  );
  return keyed.map((entry) => entry.hit);
}
