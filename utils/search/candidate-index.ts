/**
 * An inverted index from grams (see `gramsOfToken`) to records, kept up to date one record at a time. It does not
 * rank: it narrows 50,000 records to the few hundred that share the most grams with the query, so fuse.js only has
 * to score those.
 */
import { gramsOfText, queryGramsOfToken, tokenize } from './normalize.ts';
import { recordKey, type SearchRecord } from './records.ts';

/** Compact when dead slots outnumber live ones, so a long session of updates does not grow memory without bound. */
const COMPACT_MIN_DEAD = 1024;

export class CandidateIndex {
  /** Slot -> record; `undefined` once the record was removed or replaced (its postings are skipped, then compacted). */
  private slots: (SearchRecord | undefined)[] = [];
  private slotByKey = new Map<string, number>();
  private postings = new Map<string, number[]>();
  private dead = 0;
  /** Per-query hit counts, reused between queries (a fresh array per keystroke would be garbage for the GC). */
  private hits = new Uint16Array(0);

  get size(): number {
    return this.slotByKey.size;
  }

  get(key: string): SearchRecord | undefined {
    const slot = this.slotByKey.get(key);
    return slot === undefined ? undefined : this.slots[slot];
  }

  *records(): IterableIterator<SearchRecord> {
    for (const record of this.slots) if (record) yield record;
  }

  upsert(record: SearchRecord): void {
    const key = recordKey(record.kind, record.id);
    this.kill(key);
    this.compactIfSparse();
    const slot = this.slots.length;
    this.slots.push(record);
    this.slotByKey.set(key, slot);
    for (const gram of gramsOfText(`${record.title} ${record.aka}`)) {
      const list = this.postings.get(gram);
      if (list) list.push(slot);
      else this.postings.set(gram, [slot]);
    }
  }

  remove(key: string): void {
    this.kill(key);
    this.compactIfSparse();
  }

  /**
   * The records sharing the most query grams, at most `cap`, in insertion order (so fuse.js breaks score ties the
   * way it would over the whole list). Ties at the cut go to shorter titles, which fuse.js scores higher.
   */
  candidates(query: string, cap: number): SearchRecord[] {
    const grams = new Set(tokenize(query).flatMap(queryGramsOfToken));
    if (this.hits.length < this.slots.length) this.hits = new Uint16Array(Math.max(1024, this.slots.length * 1.5));
    const hits = this.hits;
    const touched: number[] = [];
    for (const gram of grams) {
      const list = this.postings.get(gram);
      if (!list) continue;
      for (const slot of list) {
        if (hits[slot] === 0) touched.push(slot);
        hits[slot] = (hits[slot] ?? 0) + 1;
      }
    }
    // Bucket by hit count instead of sorting: tens of thousands of slots can share a common gram.
    const buckets: number[][] = Array.from({ length: grams.size + 1 }, () => []);
    for (const slot of touched) {
      if (this.slots[slot] !== undefined) buckets[hits[slot] ?? 0]?.push(slot);
      hits[slot] = 0;
    }
    const chosen: number[] = [];
    for (let count = grams.size; count > 0 && chosen.length < cap; count -= 1) {
      const bucket = buckets[count] ?? [];
      if (chosen.length + bucket.length > cap) chosen.push(...this.shortestTitles(bucket, cap - chosen.length));
      else chosen.push(...bucket);
    }
    return chosen.sort((a, b) => a - b).map((slot) => this.slots[slot] as SearchRecord);
  }

  /**
   * The `wanted` slots of `bucket` with the shortest titles, ties to the lower slot: what sorting the bucket by
   * (title length, slot) and taking its head gives, without sorting a bucket that can hold every record (a common
   * word's grams tie tens of thousands of them). Lengths are counted first; only the slots at the cut's length are
   * sorted.
   */
  private shortestTitles(bucket: readonly number[], wanted: number): number[] {
    const lengthOf = (slot: number) => this.slots[slot]?.title.length ?? 0;
    const perLength = new Map<number, number>();
    for (const slot of bucket) perLength.set(lengthOf(slot), (perLength.get(lengthOf(slot)) ?? 0) + 1);
    let cut = 0;
    let below = 0;
    for (const [length, count] of [...perLength].sort((a, b) => a[0] - b[0])) {
      cut = length;
      if (below + count >= wanted) break;
      below += count;
    }
    const shorter: number[] = [];
    const atCut: number[] = [];
    for (const slot of bucket) {
      const length = lengthOf(slot);
      if (length < cut) shorter.push(slot);
      else if (length === cut) atCut.push(slot);
    }
    atCut.sort((a, b) => a - b);
    return [...shorter, ...atCut.slice(0, wanted - shorter.length)];
  }

  private kill(key: string): void {
    const slot = this.slotByKey.get(key);
    if (slot === undefined) return;
    this.slots[slot] = undefined;
    this.slotByKey.delete(key);
    this.dead += 1;
  }

  private compactIfSparse(): void {
    if (this.dead >= COMPACT_MIN_DEAD && this.dead > this.slotByKey.size) this.compact();
  }

  /** Re-adds the live records in their order: the relative order, and so fuse.js's tie-breaking, stays the same. */
  private compact(): void {
    const live = [...this.records()];
    this.slots = [];
    this.slotByKey.clear();
    this.postings.clear();
    this.dead = 0;
    for (const record of live) this.upsert(record);
  }
}
