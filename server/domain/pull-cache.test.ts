import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PullPageCache, type PullPageSource } from './pull-cache.ts';

const WS = 'ws';
const MB = 1024 * 1024;

/**
 * A fake feed of `pages` pages of one change each: the page after cursor n ends at n + 1. Its last change can be
 * moved by the test, loads are counted per cursor, and a held load finishes only when the test releases it, with
 * what it read when it started.
 */
function feed(pages: number, options: { filler?: () => string } = {}) {
  let lastSeq = 0;
  let held = false;
  const gates: (() => void)[] = [];
  const loads: string[] = [];
  const source: PullPageSource = {
    load: async (_workspaceId, cursor) => {
      loads.push(cursor);
      const end = Number(cursor) + 1;
      const read = {
        json: JSON.stringify({ cursor: end, lastSeq, filler: options.filler?.() ?? '' }),
        cursor: String(end),
        hasMore: end < pages,
        lastSeq: String(lastSeq),
      };
      if (held) await new Promise<void>((open) => gates.push(open));
      return read;
    },
    currentSeq: async () => String(lastSeq),
  };
  return {
    source,
    loads,
    commit: () => {
      lastSeq++;
    },
    hold: (on: boolean) => {
      held = on;
    },
    release: () => {
      for (const open of gates.splice(0)) open();
    },
  };
}

const read = (body: { gzip: Uint8Array }) => JSON.parse(gunzipSync(body.gzip).toString()) as { lastSeq: number };
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
/** Read-ahead loads chain (each needs its predecessor's cursor): waits until `count` loads have started, then settles. */
const loaded = async (pages: { loads: string[] }, count: number) => {
  for (const deadline = Date.now() + 5000; pages.loads.length < count && Date.now() < deadline; ) await settle();
  await settle();
  return pages.loads;
};

describe('the pull page cache', () => {
  it('answers concurrent pullers of a page from one load', async () => {
    const pages = feed(3);
    const cache = new PullPageCache(MB, pages.source);
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get(WS, '0', 1)));
    expect(pages.loads.filter((cursor) => cursor === '0')).toHaveLength(1);
    expect(new Set(answers).size).toBe(1);
  });

  it('reads ahead: serving a page with more after it loads the next two, and no more', async () => {
    const pages = feed(5);
    const cache = new PullPageCache(MB, pages.source);
    await cache.get(WS, '0', 1);
    expect(await loaded(pages, 3)).toEqual(['0', '1', '2']);
    await cache.get(WS, '1', 1);
    expect(await loaded(pages, 4)).toEqual(['0', '1', '2', '3']);
    await cache.get(WS, '3', 1);
    // The last page has nothing after it.
    expect(await loaded(pages, 5)).toEqual(['0', '1', '2', '3', '4']);
    await cache.get(WS, '4', 1);
    expect(await loaded(pages, 5)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('keeps serving a page with more after it, even once the workspace has changed', async () => {
    const pages = feed(3);
    const cache = new PullPageCache(MB, pages.source);
    await cache.get(WS, '0', 1);
    pages.commit();
    expect(read(await cache.get(WS, '0', 1)).lastSeq).toBe(0);
    expect(pages.loads.filter((cursor) => cursor === '0')).toHaveLength(1);
  });

  it('serves the last page only while the workspace has not changed since it was read', async () => {
    const pages = feed(1);
    const cache = new PullPageCache(MB, pages.source);
    await cache.get(WS, '0', 1);
    expect(read(await cache.get(WS, '0', 1)).lastSeq).toBe(0);
    expect(pages.loads).toHaveLength(1);
    pages.commit();
    expect(read(await cache.get(WS, '0', 1)).lastSeq).toBe(1);
    expect(pages.loads).toHaveLength(2);
  });

  it('does not hand a puller a last page whose load began before a change it may have made', async () => {
    const pages = feed(1);
    const cache = new PullPageCache(MB, pages.source);
    pages.hold(true);
    const early = cache.get(WS, '0', 1);
    await Promise.resolve();
    // A write lands (say, this puller's own), then the puller asks while the earlier load is still running.
    pages.commit();
    const late = cache.get(WS, '0', 1);
    pages.hold(false);
    pages.release();
    expect(read(await early).lastSeq).toBe(0);
    expect(read(await late).lastSeq).toBe(1);
  });

  it('forgets a failed load so the next puller retries', async () => {
    let fail = true;
    const cache = new PullPageCache(MB, {
      load: async () => {
        if (fail) throw new Error('database gone');
        return { json: '{}', cursor: '1', hasMore: false, lastSeq: '1' };
      },
      currentSeq: async () => '1',
    });
    await expect(cache.get(WS, '0', 1)).rejects.toThrow('database gone');
    fail = false;
    await expect(cache.get(WS, '0', 1)).resolves.toMatchObject({ cursor: '1' });
  });

  it("reads ahead without waiting for a page's compression: the next page's query starts once this one's is read", async () => {
    const pages = feed(5);
    let compressions = 0;
    let holding = true;
    const held: (() => void)[] = [];
    // The first page compresses at once; every later one waits for the test.
    const compress = async (json: string) => {
      if (compressions++ > 0 && holding) await new Promise<void>((open) => held.push(open));
      return new Uint8Array(gzipSync(json));
    };
    const cache = new PullPageCache(MB, pages.source, compress);
    await cache.get(WS, '0', 1);
    // Page 1 is read and compressing (held); page 2's query has started all the same.
    expect(await loaded(pages, 3)).toEqual(['0', '1', '2']);
    expect(held.length).toBeGreaterThan(0);
    holding = false;
    for (const open of held.splice(0)) open();
  });

  it('evicts the least recently used pages over its budget, and reads nothing ahead when turned off', async () => {
    // Random text barely compresses: each page takes about 40 KB of a 64 KB budget.
    const random = () => Array.from({ length: 5000 }, () => Math.random().toString(36).slice(2)).join('');
    const pages = feed(10, { filler: random });
    const cache = new PullPageCache(64 * 1024, pages.source);
    await cache.get(WS, '5', 1);
    await loaded(pages, 3);
    await cache.get(WS, '0', 1);
    expect(await loaded(pages, 6)).toEqual(['5', '6', '7', '0', '1', '2']);
    // Pages 5 to 7 made room for 0 to 2: asking for 5 again loads it (and 6 and 7 ahead) again.
    await cache.get(WS, '5', 1);
    expect(await loaded(pages, 9)).toEqual(['5', '6', '7', '0', '1', '2', '5', '6', '7']);

    const uncached = feed(10);
    const off = new PullPageCache(0, uncached.source);
    await off.get(WS, '0', 1);
    await off.get(WS, '0', 1);
    await settle();
    expect(uncached.loads).toEqual(['0', '0']);
  });
});
