import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { PulledPage } from './sync.ts';

const gzipAsync = promisify(gzip);

/**
 * A pull page as gzip bytes ready to send. A page of 500 changes is about 250 KB of JSON that compresses about 13
 * to 1 (the snapshots repeat their field names), so a cache hit costs neither JSON work nor compression, and a
 * gzip-accepting client (fetch and ky do) receives a twelfth of the bytes. Only the gzip form is kept: the JSON
 * would take twelve times the memory for the rare client that does not accept gzip, which gets it inflated.
 */
export interface PullPageBody {
  gzip: Uint8Array<ArrayBuffer>;
  cursor: string;
  hasMore: boolean;
}

/**
 * Full pull pages, kept in memory. When a team installs the extension, every client pulls the same first pages;
 * this answers them from one query each. Only pages with `hasMore` are kept: such a page can later become stale
 * only by an entity in it moving to a higher seq (a newer version or a tombstone), and that newer change lies past
 * the page's cursor, so a client that applies the cached page and resumes from its cursor still converges.
 * Each server process has its own cache; correctness does not depend on sharing it.
 */
export class PullPageCache {
  readonly #maxBytes: number;
  readonly #pages = new Map<string, Promise<PullPageBody>>();
  readonly #sizes = new Map<string, number>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  async get(key: string, load: () => Promise<PulledPage>): Promise<PullPageBody> {
    const cached = this.#pages.get(key);
    if (cached) {
      // Re-insert to keep the map in least-recently-used order.
      this.#pages.delete(key);
      this.#pages.set(key, cached);
      return cached;
    }
    const loading = load().then(async ({ json, cursor, hasMore }) => {
      // zlib runs on the libuv thread pool, so compressing a page does not hold up other requests.
      const body = { gzip: new Uint8Array(await gzipAsync(json, { level: 6 })), cursor, hasMore };
      const size = body.gzip.length;
      if (hasMore && size <= this.#maxBytes) this.#remember(key, size);
      else this.#pages.delete(key);
      return body;
    });
    // Concurrent pullers of the same page share one query; a failed load is forgotten so the next one retries.
    this.#pages.set(key, loading);
    loading.catch(() => this.#pages.delete(key));
    return loading;
  }

  #remember(key: string, size: number) {
    this.#sizes.set(key, size);
    this.#bytes += size;
    for (const oldest of this.#pages.keys()) {
      if (this.#bytes <= this.#maxBytes) break;
      const oldestSize = this.#sizes.get(oldest);
      if (oldestSize === undefined) continue;
      this.#pages.delete(oldest);
      this.#sizes.delete(oldest);
      this.#bytes -= oldestSize;
    }
  }
}
