/**
 * The import's writer alone: pages are written while the next ones are read, those arriving during a write go
 * together in the next one, a full batch holds the reader back, and a write's failure ends the import.
 */
import { describe, expect, it } from 'vitest';
import { BatchWriter, WRITE_BATCH_MAX } from './imports.ts';
import type { ImportedContainer } from './source.ts';

const page = (n: number, size = 2): ImportedContainer[] =>
  Array.from({ length: size }, (_, i) => ({
    tool: 'jira',
    kind: 'project',
    externalId: `${n}-${i}`,
    name: `P${n}`,
    hints: {},
  }));

function controlledWrites() {
  const writes: { batch: ImportedContainer[]; progress: { pages: number; containers: number } }[] = [];
  const finish: ((error?: Error) => void)[] = [];
  const write = (batch: ImportedContainer[], progress: { pages: number; containers: number }) =>
    new Promise<void>((resolve, reject) => {
      writes.push({ batch, progress });
      finish.push((error) => (error ? reject(error) : resolve()));
    });
  return { writes, finish, write };
}

describe('BatchWriter', () => {
  it('writes the first page at once and the pages read meanwhile together, counting them', async () => {
    const { writes, finish, write } = controlledWrites();
    const writer = new BatchWriter(write);
    await writer.add(page(1));
    // The reader is not held up by the write under way.
    await writer.add(page(2));
    await writer.add(page(3, 3));
    expect(writes.map((w) => w.progress)).toEqual([{ pages: 1, containers: 2 }]);
    finish[0]?.();
    await Promise.resolve();
    await Promise.resolve();
    expect(writes[1]?.progress).toEqual({ pages: 2, containers: 5 });
    expect(writes[1]?.batch.map((c) => c.externalId)).toEqual(['2-0', '2-1', '3-0', '3-1', '3-2']);
    const drained = writer.drain();
    finish[1]?.();
    await drained;
    expect(writes).toHaveLength(2);
  });

  it('holds the reader back while the next batch is full, and ends on a write that failed', async () => {
    const { writes, finish, write } = controlledWrites();
    const writer = new BatchWriter(write);
    await writer.add(page(1));
    await writer.add(page(2, WRITE_BATCH_MAX - 1));
    let added = false;
    const third = writer.add(page(3, 2)).then(() => {
      added = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(added).toBe(false);
    finish[0]?.();
    await third;
    expect(writes[1]?.progress.pages).toBe(1);
    finish[1]?.(new Error('the database went away'));
    await expect(writer.drain()).rejects.toThrow('the database went away');
    await expect(writer.add(page(4))).rejects.toThrow('the database went away');
  });
});
