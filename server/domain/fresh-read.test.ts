import { describe, expect, it } from 'vitest';
import { FreshReads } from './fresh-read.ts';

/** A value the test changes, read by queries the test finishes one at a time. */
function store() {
  let value = 0;
  const started: { valueAtStart: number; finish: () => void }[] = [];
  const query = () =>
    new Promise<number>((resolve) => {
      const valueAtStart = value;
      started.push({ valueAtStart, finish: () => resolve(valueAtStart) });
    });
  return {
    query,
    started,
    write: () => {
      value++;
    },
    finishNext: async () => {
      const next = started.find((query) => query.finish !== noop);
      next?.finish();
      if (next) next.finish = noop;
      // Let the queued read start.
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}
const noop = () => undefined;

describe('FreshReads', () => {
  it('answers every caller with a read that started after it arrived, in two reads for a burst', async () => {
    const db = store();
    const reads = new FreshReads<number>();
    const first = reads.read('ws', db.query);
    // A write lands while the first read runs; callers arriving now must see it.
    db.write();
    const burst = Array.from({ length: 10 }, () => reads.read('ws', db.query));
    expect(db.started).toHaveLength(1);
    await db.finishNext();
    expect(await first).toBe(0);
    expect(db.started).toHaveLength(2);
    await db.finishNext();
    expect(await Promise.all(burst)).toEqual(Array(10).fill(1));
    expect(db.started).toHaveLength(2);
  });

  it('keeps keys apart, and a failed read neither blocks the queue nor is shared with later callers', async () => {
    const reads = new FreshReads<string>();
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error('connection reset');
      return 'ok';
    };
    const failing = reads.read('a', flaky);
    const queued = reads.read('a', async () => 'queued');
    await expect(failing).rejects.toThrow('connection reset');
    await expect(queued).resolves.toBe('queued');
    fail = false;
    await expect(reads.read('a', flaky)).resolves.toBe('ok');
    await expect(reads.read('b', async () => 'other')).resolves.toBe('other');
  });
});
