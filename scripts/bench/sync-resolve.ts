/**
 * Context resolution as the extension runs it (the background resolves over `dexieSource` for the launcher and the
 * sidebar): sync.ts bundles this module with Vite, as the extension's pages are bundled, and runs it in one of the
 * extension's pages over the IndexedDB mirror that the extension's own first sync filled. Nothing here ships.
 */
import type { ItemContext, ItemRef } from '../../utils/contract.ts';
import { openDb } from '../../utils/db/index.ts';
import { dexieSource, resolveContext } from '../../utils/resolve/index.ts';

export interface ResolveSample {
  ref: ItemRef;
  context: ItemContext;
}

/** Milliseconds per resolution, in sample order; the database is opened first, as the sidebar keeps it open. */
export async function timeResolutions(samples: readonly ResolveSample[]): Promise<number[]> {
  const db = openDb();
  await db.open();
  try {
    const source = dexieSource(db);
    const timings: number[] = [];
    for (const { ref, context } of samples) {
      const started = performance.now();
      await resolveContext(source, ref, context);
      timings.push(performance.now() - started);
    }
    return timings;
  } finally {
    db.close();
  }
}
