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
  /** Slot -> its record's title length: the tie-break at the cut, read for thousands of slots per query. */
  private titleLengths: number[] = [];
  /** Per-query hit counts and the slots hit, reused between queries (fresh arrays per keystroke would be garbage). */
  private hits = new Uint16Array(0);
  private touched = new Int32Array(0);

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
    this.titleLengths.push(record.title.length);
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
   * way it would over the whole list). Ties at the cut go to shorter titles, which fuse.js scores higher, then to the
   * earlier record.
   *
   * Every posting of every query gram is counted (a common word's grams list tens of thousands of records), so this
   * loop is kept to typed arrays and plain indexes: one pass to count, one over the records touched to find the cut
   * and take what is above it.
   */
  candidates(query: string, cap: number): SearchRecord[] {
    const grams = new Set(tokenize(query).flatMap(queryGramsOfToken));
    if (this.hits.length < this.slots.length) {
      this.hits = new Uint16Array(Math.max(1024, Math.ceil(this.slots.length * 1.5)));
      this.touched = new Int32Array(this.hits.length);
    }
    const hits = this.hits;
    const touched = this.touched;
    let touchedCount = 0;
    for (const gram of grams) {
      const list = this.postings.get(gram);
      if (!list) continue;
      for (let at = 0, end = list.length; at < end; at += 1) {
        const slot = list[at] as number;
        if (hits[slot] === 0) touched[touchedCount++] = slot;
        hits[slot] = (hits[slot] as number) + 1;
      }
    }
    // How many live records share each number of grams; the cut is the count at which `cap` is reached.
    const perCount = new Int32Array(grams.size + 1);
    for (let at = 0; at < touchedCount; at += 1) {
      const slot = touched[at] as number;
      if (this.slots[slot] === undefined) hits[slot] = 0;
      else {
        const count = hits[slot] as number;
        perCount[count] = (perCount[count] as number) + 1;
      }
    }
    let cut = grams.size;
    let above = 0;
    while (cut > 1 && above + (perCount[cut] as number) < cap) {
      above += perCount[cut] as number;
      cut -= 1;
    }
    const takeAllAtCut = above + (perCount[cut] as number) <= cap;
    const chosen: number[] = [];
    const atCut: number[] = [];
    for (let at = 0; at < touchedCount; at += 1) {
      const slot = touched[at] as number;
      const count = hits[slot] as number;
      hits[slot] = 0;
      if (count > cut || (count === cut && takeAllAtCut)) chosen.push(slot);
      else if (count === cut) atCut.push(slot);
    }
    if (!takeAllAtCut) chosen.push(...this.shortestTitles(atCut, cap - above));
    return chosen.sort((a, b) => a - b).map((slot) => this.slots[slot] as SearchRecord);
  }

  /**
   * The `wanted` slots of `bucket` with the shortest titles, ties to the lower slot: what sorting the bucket by
   * (title length, slot) and taking its head gives, without sorting a bucket that can hold every record (a common
   * word's grams tie tens of thousands of them). Lengths are counted first; only the slots at the cut's length are
   * sorted.
   */
  private shortestTitles(bucket: readonly number[], wanted: number): number[] {
    const lengths = this.titleLengths;
    const perLength: number[] = [];
    for (const slot of bucket) {
      const length = lengths[slot] as number;
      perLength[length] = (perLength[length] ?? 0) + 1;
    }
    let cut = 0;
    let below = 0;
    for (; cut < perLength.length; cut += 1) {
      const count = perLength[cut] ?? 0;
      if (below + count >= wanted) break;
      below += count;
    }
    const shorter: number[] = [];
    const atCut: number[] = [];
    for (const slot of bucket) {
      const length = lengths[slot] as number;
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
    this.titleLengths = [];
    this.slotByKey.clear();
    this.postings.clear();
    this.dead = 0;
    for (const record of live) this.upsert(record);
  }
}
