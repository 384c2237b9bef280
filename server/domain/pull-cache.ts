/**
 * Full pull pages, kept in memory. When a team installs the extension, every client pulls the same first pages;
 * this answers them from one query each. Only pages with `hasMore` are kept: such a page can later become stale
 * only by an entity in it moving to a higher seq (a newer version or a tombstone), and that newer change lies past
 * the page's cursor, so a client that applies the cached page and resumes from its cursor still converges.
 * Each server process has its own cache; correctness does not depend on sharing it.
 */
export class PullPageCache {
  readonly #maxBytes: number;
  readonly #pages = new Map<string, Promise<string>>();
  readonly #sizes = new Map<string, number>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  async get(key: string, load: () => Promise<{ json: string; cacheable: boolean }>): Promise<string> {
    const cached = this.#pages.get(key);
    if (cached) {
      // Re-insert to keep the map in least-recently-used order.
      this.#pages.delete(key);
      this.#pages.set(key, cached);
      return cached;
    }
    const loading = load().then(({ json, cacheable }) => {
      if (cacheable && json.length <= this.#maxBytes) this.#remember(key, json.length);
      else this.#pages.delete(key);
      return json;
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
