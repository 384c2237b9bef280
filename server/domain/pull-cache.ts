import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { FreshReads } from './fresh-read.ts';
import type { PulledPage } from './sync.ts';

const gzipAsync = promisify(gzip);

/** zlib runs on the libuv thread pool, so compressing a page does not hold up other requests. */
const gzipPage = async (json: string) => new Uint8Array(await gzipAsync(json, { level: 6 }));

/**
 * Pages loaded ahead of the one a puller asks for. Loading a page is a query, and compressing it; pullers walking
 * the feed together (a team's first sync) ask for the next page as soon as they have this one, so with one page
 * ahead the first of them still waited for most of each load; with two, a page is loaded while its predecessor is
 * being served.
 */
const READ_AHEAD_PAGES = 2;

/**
 * A pull page as gzip bytes ready to send. A page of 500 changes is about 250 KB of JSON that compresses about 13
 * to 1 (the snapshots repeat their field names), so a cache hit costs neither JSON work nor compression, and a
 * gzip-accepting client (fetch and ky do) receives a twelfth of the bytes. Only the gzip form is kept: the JSON
 * would take twelve times the memory for the rare client that does not accept gzip, which gets it inflated.
 */
export type PullPageBody = Omit<PulledPage, 'json'> & { gzip: Uint8Array<ArrayBuffer> };

/** Where a page ends, known once its query returned, before it is compressed: what reading ahead goes on from. */
type PageHead = Pick<PulledPage, 'cursor' | 'hasMore'>;

const keyOf = (workspaceId: string, cursor: string, limit: number) => `${workspaceId}:${cursor}:${limit}`;

/** Where pages come from: the database, in the server (see `pullChangesJson` and `lastSeqOf`). */
export interface PullPageSource {
  load: (workspaceId: string, cursor: string, limit: number) => Promise<PulledPage>;
  /** The workspace's last change now. */
  currentSeq: (workspaceId: string) => Promise<string>;
}

/**
 * Full pull pages, kept in memory. When a team installs the extension, every client pulls the same pages; this
 * answers them from one query each.
 * - A page with `hasMore` is served as it is: it can later become stale only by an entity in it moving to a higher
 *   seq (a newer version or a tombstone), and that newer change lies past the page's cursor, so a client that
 *   applies the page and resumes from its cursor still converges.
 * - The last page is different: the client stops there, so a stale one would leave it behind, or even show an
 *   entity's older version than the one it just wrote. It is served only while the workspace's last change is
 *   still the one it was read at, which one primary-key lookup tells, and loaded again otherwise.
 * - Reading ahead: a client that gets a page with more after it asks for the next one as soon as it has applied
 *   this one, so serving a page loads the next `READ_AHEAD_PAGES` that are not loaded yet. Pullers walking the
 *   feed together find each page ready instead of all waiting on its query.
 * Each server process has its own cache; correctness does not depend on sharing it.
 */
export class PullPageCache {
  readonly #maxBytes: number;
  readonly #source: PullPageSource;
  readonly #compress: (json: string) => Promise<Uint8Array<ArrayBuffer>>;
  readonly #pages = new Map<string, Promise<PullPageBody>>();
  /** Pages being loaded: each one's query, whose answer says where the next page begins before it is compressed. */
  readonly #heads = new Map<string, Promise<PageHead>>();
  readonly #sizes = new Map<string, number>();
  /** Pullers of a workspace's last page arrive together: one lookup of its last change answers a whole burst. */
  readonly #lastSeqs = new FreshReads<string>();
  #bytes = 0;

  constructor(
    maxBytes: number,
    source: PullPageSource,
    compress: (json: string) => Promise<Uint8Array<ArrayBuffer>> = gzipPage,
  ) {
    this.#maxBytes = maxBytes;
    this.#source = source;
    this.#compress = compress;
  }

  async get(workspaceId: string, cursor: string, limit: number): Promise<PullPageBody> {
    const page = await this.#current(workspaceId, cursor, limit);
    if (page.hasMore && this.#maxBytes > 0) void this.#readAhead(workspaceId, page.cursor, limit, READ_AHEAD_PAGES);
    return page;
  }

  async #current(workspaceId: string, cursor: string, limit: number): Promise<PullPageBody> {
    const key = keyOf(workspaceId, cursor, limit);
    const cached = this.#pages.get(key);
    if (!cached) return this.#load(key, workspaceId, cursor, limit);
    // Re-insert to keep the map in least-recently-used order.
    this.#pages.delete(key);
    this.#pages.set(key, cached);
    const page = await cached;
    if (page.hasMore) return page;
    const lastSeq = await this.#lastSeqs.read(workspaceId, () => this.#source.currentSeq(workspaceId));
    if (lastSeq === page.lastSeq) return page;
    // Stale. Whatever replaced it in the meantime was loaded after this request arrived, so it is fresh enough.
    if (this.#pages.get(key) === cached) this.#forget(key);
    return this.#pages.get(key) ?? this.#load(key, workspaceId, cursor, limit);
  }

  #load(key: string, workspaceId: string, cursor: string, limit: number): Promise<PullPageBody> {
    const read = this.#source.load(workspaceId, cursor, limit);
    const loading = read.then(async ({ json, ...page }) => {
      const body = { gzip: await this.#compress(json), ...page };
      if (this.#pages.get(key) === loading) this.#remember(key, body.gzip.length);
      return body;
    });
    // Concurrent pullers of the same page share one query; a failed load is forgotten so the next one retries.
    this.#pages.set(key, loading);
    this.#heads.set(key, read);
    void loading
      .catch(() => {
        if (this.#pages.get(key) === loading) this.#pages.delete(key);
      })
      .finally(() => {
        if (this.#heads.get(key) === read) this.#heads.delete(key);
      });
    return loading;
  }

  /**
   * Makes sure the `pages` pages from `cursor` on are loaded or loading; never more than that ahead. Each goes on
   * from where the previous one ends as soon as its query has returned: the next query runs while this page is
   * being compressed, so the chain keeps ahead of pullers that take a page about as fast as one is loaded.
   */
  async #readAhead(workspaceId: string, cursor: string, limit: number, pages: number): Promise<void> {
    const key = keyOf(workspaceId, cursor, limit);
    if (!this.#pages.has(key)) this.#load(key, workspaceId, cursor, limit);
    const head: Promise<PageHead> | undefined = this.#heads.get(key) ?? this.#pages.get(key);
    // A failure is forgotten by #load; the puller that asks for the page later loads it again and sees the error.
    const page = await head?.catch(() => undefined);
    if (page?.hasMore && pages > 1) await this.#readAhead(workspaceId, page.cursor, limit, pages - 1);
  }

  #remember(key: string, size: number) {
    if (size > this.#maxBytes) {
      this.#pages.delete(key);
      return;
    }
    this.#sizes.set(key, size);
    this.#bytes += size;
    for (const oldest of this.#pages.keys()) {
      if (this.#bytes <= this.#maxBytes) break;
      if (this.#sizes.has(oldest)) this.#forget(oldest);
    }
  }

  #forget(key: string) {
    this.#pages.delete(key);
    this.#bytes -= this.#sizes.get(key) ?? 0;
    this.#sizes.delete(key);
  }
}
