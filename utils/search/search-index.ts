/**
 * Typo-tolerant search over the mirror that stays fast at 50,000 records: the candidate index narrows the records
 * to those sharing grams with the query, fuse.js scores only those, and `rankHits` orders the result.
 */
import Fuse, { type FuseIndex, type FuseResult, type IFuseOptions, type RangeTuple } from 'fuse.js';
import { CandidateIndex } from './candidate-index.ts';
import { normalizeText, tokenize } from './normalize.ts';
import { recordKey, type SearchKind, type SearchRecord } from './records.ts';

const FUSE_KEYS = [
  { name: 'title', weight: 3 },
  { name: 'aka', weight: 1 },
];

/** The options of every fuse.js search here; the benchmark runs plain fuse.js with the same ones to compare. */
export const FUSE_OPTIONS: IFuseOptions<SearchRecord> = {
  keys: FUSE_KEYS,
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

/**
 * `FUSE_OPTIONS` for text folded beforehand (see `foldedText`): fuse.js would otherwise lowercase and strip the
 * diacritics of every candidate's title once per query word, on every query. The query is folded the same way
 * (`fuseQuery`), so the scores are those of `FUSE_OPTIONS` over the titles as shown.
 */
const FOLDED_OPTIONS: IFuseOptions<SearchRecord> = { ...FUSE_OPTIONS, isCaseSensitive: true, ignoreDiacritics: false };
/** A record's text as fuse.js compares it: the form the candidate index and the query use. */
type FoldedText = { title: string; aka: string };
const foldedText = (record: SearchRecord): FoldedText => ({
  title: normalizeText(record.title),
  aka: normalizeText(record.aka),
});
/** One record's entry in a fuse.js index (what `FuseIndex.toJSON` lists). */
type FuseEntry = ReturnType<FuseIndex<FoldedText>['toJSON']>['records'][number]['$'];
/** fuse.js's keys as its index holds them, for indexes put together from kept entries (`Fuse.parseIndex`). */
const INDEX_KEYS = Fuse.createIndex<FoldedText>(FUSE_KEYS, []).toJSON().keys;

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

/** A work item's key as people type it (PAY-12, ops-7): a key either matches exactly or as a prefix, never fuzzily. */
const ITEM_KEY = /^[\p{L}][\p{L}\p{N}_]*-\d+$/u;

/** How long one slice of deferred work may hold the thread before it yields (see `defer`). */
const SLICE_MS = 4;

export function createSearchIndex({ candidateCap = CANDIDATE_CAP } = {}) {
  const candidates = new CandidateIndex();
  /**
   * Work handed in with `defer` (the follower's committed writes), in order: applied in slices when the thread has
   * nothing else to do, and all of it before anything reads or writes the index, so no caller sees the index behind
   * the mirror.
   */
  const backlog: (() => void)[] = [];
  let next = 0;
  let applying = false;
  /** Runs the backlog's tasks in order until it is empty or `deadline` (a `performance.now()` time) has passed. */
  function applyBacklog(deadline = Number.POSITIVE_INFINITY): void {
    // A task's own calls into the index (it replaces sources) must not start the backlog over again.
    if (applying) return;
    applying = true;
    try {
      while (next < backlog.length) {
        const task = backlog[next] as () => void;
        next += 1;
        task();
        if (performance.now() >= deadline) break;
      }
    } finally {
      if (next >= backlog.length) {
        backlog.length = 0;
        next = 0;
      }
      applying = false;
    }
  }
  /** Every public method: the deferred work first. */
  const current =
    <A extends unknown[], R>(run: (...args: A) => R) =>
    (...args: A): R => {
      applyBacklog();
      return run(...args);
    };
  let scheduled = false;
  function scheduleSlice(): void {
    if (scheduled) return;
    scheduled = true;
    later(() => {
      scheduled = false;
      try {
        applyBacklog(performance.now() + SLICE_MS);
      } finally {
        if (next < backlog.length) scheduleSlice();
      }
    });
  }
  /** Normalized alias (a key, a slug, an email) -> the records it names exactly. */
  const byAlias = new Map<string, Set<string>>();
  /** A mirror row (`table:id`) -> the records made from it: a team row is the team and each of its members. */
  const bySource = new Map<string, string[]>();
  /** How many rows of each table (`table` of `table:id`) the index holds records of. */
  const rowsPerTable = new Map<string, number>();
  const countRow = (source: string, delta: number) => {
    const table = source.slice(0, source.indexOf(':'));
    rowsPerTable.set(table, (rowsPerTable.get(table) ?? 0) + delta);
  };

  const aliasOf = (record: SearchRecord) => normalizeText(record.aka).trim();
  function put(record: SearchRecord): void {
    remove(record.kind, record.id);
    candidates.upsert(record);
    const alias = aliasOf(record);
    if (!alias) return;
    const keys = byAlias.get(alias) ?? new Set<string>();
    keys.add(recordKey(record.kind, record.id));
    byAlias.set(alias, keys);
  }
  function remove(kind: SearchKind, id: string): void {
    const key = recordKey(kind, id);
    const old = candidates.get(key);
    if (!old) return;
    candidates.remove(key);
    const alias = aliasOf(old);
    const keys = byAlias.get(alias);
    keys?.delete(key);
    if (keys?.size === 0) byAlias.delete(alias);
  }
  /** The records whose alias is exactly the query: PAY-9 is that item, not every PAY issue with a 9 somewhere. */
  function exact(query: string): SearchHit[] {
    const keys = byAlias.get(normalizeText(query.slice(0, QUERY_MAX)).trim()) ?? [];
    return [...keys]
      .map((key) => candidates.get(key))
      .filter((record): record is SearchRecord => record !== undefined)
      .map((record) => ({ record, score: 0, titleMatches: [] }));
  }

  /**
   * Each record's entry in a fuse.js index of its folded text, made the first time the record is a candidate and
   * kept while the record is (a changed row is a new record): a query's candidates are mostly those of the queries
   * before it, and fuse.js would otherwise index them anew on every keystroke.
   */
  const fuseEntries = new WeakMap<SearchRecord, FuseEntry>();
  /** One fuse.js searcher, handed each query's candidates (`setCollection`). */
  const fuse = new Fuse<SearchRecord>([], FOLDED_OPTIONS);
  function fuseIndexOf(records: readonly SearchRecord[]): FuseIndex<SearchRecord> {
    const missing = records.filter((record) => !fuseEntries.has(record));
    if (missing.length > 0) {
      for (const entry of Fuse.createIndex(FUSE_KEYS, missing.map(foldedText)).toJSON().records) {
        fuseEntries.set(missing[entry.i] as SearchRecord, entry.$);
      }
    }
    const entries = records.map((record, i) => ({ i, $: fuseEntries.get(record) }));
    return Fuse.parseIndex<SearchRecord>({ keys: INDEX_KEYS, records: entries });
  }

  /** fuse.js over the candidates, in fuse.js's own order: what the benchmark compares with plain fuse.js. */
  function fuzzy(query: string, limit: number): SearchHit[] {
    const text = fuseQuery(query);
    if (!text) return [];
    const found = candidates.candidates(text, candidateCap);
    fuse.setCollection(found, fuseIndexOf(found));
    return fuse.search(text, { limit }).map(toHit);
  }

  /** Replaces every record made from one mirror row (`source`, e.g. `teams:<id>`) with `records`. */
  function replaceSource(source: string, records: readonly SearchRecord[]): void {
    for (const key of bySource.get(source) ?? []) {
      const [kind, ...id] = key.split(':');
      remove(kind as SearchKind, id.join(':'));
    }
    for (const record of records) put(record);
    const had = bySource.has(source);
    if (records.length > 0)
      bySource.set(
        source,
        records.map((record) => recordKey(record.kind, record.id)),
      );
    else bySource.delete(source);
    if (had !== records.length > 0) countRow(source, had ? -1 : 1);
  }

  /** The best `limit` hits for what the user typed, ranked for people (see `rankHits`). */
  function search(query: string, limit = 8, kinds?: readonly SearchKind[]): SearchHit[] {
    const wanted = (hit: SearchHit) => !kinds || kinds.includes(hit.record.kind);
    const exactHits = exact(query).filter(wanted);
    const exactKeys = new Set(exactHits.map((hit) => recordKey(hit.record.kind, hit.record.id)));
    // Rank a wider set than is shown: an exact title match may sit below fuzzier ones in fuse.js's order.
    let ranked = rankHits(
      query,
      fuzzy(query, Math.max(limit * 5, 40) * (kinds ? 4 : 1)).filter(
        (hit) => wanted(hit) && !exactKeys.has(recordKey(hit.record.kind, hit.record.id)),
      ),
    );
    // A key is precise: PAY-9 means that issue or keys starting with it, not fuzzy neighbours sharing "PAY".
    if (ITEM_KEY.test(query.trim())) {
      const tierOf = tierFor(query);
      ranked = ranked.filter((hit) => tierOf(hit.record) <= 1);
    }
    return withTitleMatches(query, [...exactHits, ...ranked].slice(0, limit));
  }

  return {
    get size() {
      applyBacklog();
      return candidates.size;
    },
    upsert: current(put),
    remove: current(remove),
    replaceSource: current(replaceSource),
    /**
     * Takes `task` (changes to this index, made with its methods) off the caller's path: it runs in a later slice
     * of at most a few milliseconds when the thread is idle, or at the latest before the index is next used. The
     * follower hands in a sync page's rows this way, so the page's writer goes on to the next page at once.
     */
    defer(task: () => void): void {
      backlog.push(task);
      scheduleSlice();
    },
    /** How many deferred tasks have not run yet. */
    get deferred() {
      return backlog.length - next;
    },
    /** How many rows of `table` (a mirror table, e.g. `items`) the index holds records of. */
    rowCount: current((table: string): number => rowsPerTable.get(table) ?? 0),
    /** The mirror rows the index holds records of, as `table:id`. */
    sources: current(() => bySource.keys()),
    get: current((kind: SearchKind, id: string): SearchRecord | undefined => candidates.get(recordKey(kind, id))),
    records: current(() => candidates.records()),
    fuzzy: current(fuzzy),
    search: current(search),
  };
}

/**
 * Runs `task` in a later task of its own: a background-priority one where the platform has a task scheduler
 * (Chromium's workers and pages), so it waits for IndexedDB's and the network's callbacks; a timer elsewhere.
 */
function later(task: () => void): void {
  const platform = (globalThis as { scheduler?: { postTask?: (task: () => void, options: object) => Promise<void> } })
    .scheduler;
  if (typeof platform?.postTask === 'function') void platform.postTask(task, { priority: 'background' });
  else setTimeout(task, 0);
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
const KIND_ORDER: Record<SearchKind, number> = { team: 0, goal: 1, person: 2, decision: 3, item: 4 };

/**
 * How literally a record matches: 0 the title or alias is the query, 1 the title starts with it, 2 every query
 * word starts a word of the title, 3 a fuzzy match only.
 */
export function matchTier(query: string, record: SearchRecord): number {
  return tierFor(query)(record);
}

/** `matchTier` for one query over many records: the query is folded once, not once per hit. */
function tierFor(query: string): (record: SearchRecord) => number {
  const wanted = normalizeText(query).trim();
  const queryWords = tokenize(query);
  return (record) => {
    const title = normalizeText(record.title);
    if (title === wanted || normalizeText(record.aka) === wanted) return 0;
    if (title.startsWith(wanted) || (wanted.length > 1 && normalizeText(record.aka).startsWith(wanted))) return 1;
    const titleWords = tokenize(record.title);
    if (queryWords.length > 0 && queryWords.every((word) => titleWords.some((token) => token.startsWith(word)))) {
      return 2;
    }
    return 3;
  };
}

/**
 * Exact and prefix matches first; within a tier, clearly better fuse.js scores (in steps of 0.1, so near-equal
 * scores count as equal) first, then kind, then the most recent.
 */
export function rankHits(query: string, hits: SearchHit[]): SearchHit[] {
  const tierOf = tierFor(query);
  const keyed = hits.map((hit) => ({
    hit,
    tier: tierOf(hit.record),
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
