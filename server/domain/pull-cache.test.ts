import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PullPageCache, type PullPageSource } from './pull-cache.ts';
import type { PulledPage } from './sync.ts';

/** A workspace whose last change the test moves, and a page source that counts its loads. */
function workspace(options: { hasMore: boolean; size?: number }) {
  let lastSeq = 10;
  let loads = 0;
  const gates: (() => void)[] = [];
  const page = (): PulledPage => ({
    json: JSON.stringify({ lastSeq, filler: 'x'.repeat(options.size ?? 10) }),
    cursor: String(lastSeq),
    hasMore: options.hasMore,
    lastSeq: String(lastSeq),
  });
  const source: PullPageSource = {
    load: async () => {
      loads++;
      const read = page();
      // A held load finishes only when the test opens its gate, with what it read when it started.
      if (held) await new Promise<void>((open) => gates.push(open));
      return read;
    },
    currentSeq: async () => String(lastSeq),
  };
  let held = false;
  return {
    source,
    commit: () => {
      lastSeq++;
    },
    hold: (on: boolean) => {
      held = on;
    },
    release: () => {
      for (const open of gates.splice(0)) open();
    },
    loads: () => loads,
  };
}

const seqIn = (body: { gzip: Uint8Array }) => JSON.parse(gunzipSync(body.gzip).toString()).lastSeq as number;

describe('the pull page cache', () => {
  it('answers concurrent pullers of a page from one load', async () => {
    const ws = workspace({ hasMore: true });
    const cache = new PullPageCache(1024 * 1024);
    const pages = await Promise.all(Array.from({ length: 20 }, () => cache.get('p', ws.source)));
    expect(ws.loads()).toBe(1);
    expect(new Set(pages).size).toBe(1);
  });

  it('keeps serving a page with more after it, even once the workspace has changed', async () => {
    const ws = workspace({ hasMore: true });
    const cache = new PullPageCache(1024 * 1024);
    await cache.get('p', ws.source);
    ws.commit();
    expect(seqIn(await cache.get('p', ws.source))).toBe(10);
    expect(ws.loads()).toBe(1);
  });

  it('serves the last page only while the workspace has not changed since it was read', async () => {
    const ws = workspace({ hasMore: false });
    const cache = new PullPageCache(1024 * 1024);
    await cache.get('tail', ws.source);
    expect(seqIn(await cache.get('tail', ws.source))).toBe(10);
    expect(ws.loads()).toBe(1);
    ws.commit();
    expect(seqIn(await cache.get('tail', ws.source))).toBe(11);
    expect(ws.loads()).toBe(2);
  });

  it('does not hand a puller a last page whose load began before a change it may have made', async () => {
    const ws = workspace({ hasMore: false });
    const cache = new PullPageCache(1024 * 1024);
    ws.hold(true);
    const early = cache.get('tail', ws.source);
    await Promise.resolve();
    // A write lands (say, this puller's own), then the puller asks while the earlier load is still running.
    ws.commit();
    const late = cache.get('tail', ws.source);
    ws.hold(false);
    ws.release();
    expect(seqIn(await early)).toBe(10);
    expect(seqIn(await late)).toBe(11);
  });

  it('forgets a failed load so the next puller retries, and evicts the least recently used pages over its budget', async () => {
    const cache = new PullPageCache(64 * 1024);
    let fail = true;
    const flaky: PullPageSource = {
      load: async () => {
        if (fail) throw new Error('database gone');
        return { json: '{}', cursor: '1', hasMore: true, lastSeq: '1' };
      },
      currentSeq: async () => '1',
    };
    await expect(cache.get('f', flaky)).rejects.toThrow('database gone');
    fail = false;
    await expect(cache.get('f', flaky)).resolves.toMatchObject({ cursor: '1' });

    // Random text barely compresses: each page takes about 40 KB of the 64 KB budget.
    const ws = workspace({ hasMore: true });
    const random = (): PullPageSource => ({
      ...ws.source,
      load: async () => ({
        ...(await ws.source.load()),
        json: Array.from({ length: 5000 }, () => Math.random().toString(36).slice(2)).join(''),
      }),
    });
    const first = random();
    await cache.get('a', first);
    await cache.get('b', random());
    const loadsBefore = ws.loads();
    await cache.get('a', first);
    expect(ws.loads()).toBe(loadsBefore + 1);
  });
});
