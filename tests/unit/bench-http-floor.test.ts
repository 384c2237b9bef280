import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pullHttpFloor, type ServedPage } from '../../scripts/bench/http-floor.ts';

const page = (cursor: number, next: number | null): ServedPage => ({
  path: `/v1/sync?cursor=${cursor}&limit=2`,
  gzip: gzipSync(JSON.stringify({ changes: [{ seq: cursor }, { seq: cursor + 1 }] })),
  next: next === null ? null : `/v1/sync?cursor=${next}&limit=2`,
});

describe("the pull's HTTP floor", () => {
  it('serves the pages along their Link chain to every puller and times each page', async () => {
    const figures = await pullHttpFloor([page(0, 2), page(2, 4), page(4, null)], 4, undefined);
    // Four pullers, three pages each; the warm-up walk is not counted.
    expect(figures.samples).toBe(12);
    expect(figures.p50).toBeGreaterThan(0);
  });

  it('fails where a Link leads to a page it was not given, instead of timing a short walk', async () => {
    await expect(pullHttpFloor([page(0, 2), page(4, null)], 2, undefined)).rejects.toThrow(
      'the HTTP floor answered 404 for /v1/sync?cursor=2&limit=2',
    );
  });
});
