/**
 * Reads that are never older than the request asking for them, shared by the requests that arrive together.
 * A caller joins a read only if that read starts after the caller arrived: while one read of a key runs, the callers
 * arriving meanwhile queue for a single next read, which starts when the running one ends. A burst of N callers
 * costs two reads instead of N, and none of them is answered from before it arrived (a write it made just before is
 * always seen).
 */
export class FreshReads<Value> {
  readonly #running = new Map<string, Promise<Value>>();
  readonly #queued = new Map<string, Promise<Value>>();

  read(key: string, query: () => Promise<Value>): Promise<Value> {
    const queued = this.#queued.get(key);
    if (queued) return queued;
    const running = this.#running.get(key);
    if (!running) return this.#start(key, query);
    const next = running
      .catch(() => undefined)
      .then(() => {
        this.#queued.delete(key);
        return this.#start(key, query);
      });
    this.#queued.set(key, next);
    return next;
  }

  #start(key: string, query: () => Promise<Value>): Promise<Value> {
    const read = query().finally(() => {
      if (this.#running.get(key) === read) this.#running.delete(key);
    });
    this.#running.set(key, read);
    return read;
  }
}
