export interface RateLimitOptions {
  /** Sustained requests per second per token. */
  perSecond: number;
  /** Requests a token may send at once after being idle. */
  burst: number;
}

/** An in-memory token bucket per key (an API token, a client address). Each server process limits on its own. */
export class RateLimiter {
  readonly #options: RateLimitOptions;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #now: () => number;

  constructor(options: RateLimitOptions, now: () => number = () => performance.now()) {
    this.#options = options;
    this.#now = now;
  }

  /** The seconds until the bucket of `key` holds a request again, without taking one: 0 when it holds one now. */
  wait(key: string): number {
    const bucket = this.#buckets.get(key);
    if (!bucket) return 0;
    const { perSecond, burst } = this.#options;
    const tokens = Math.min(burst, bucket.tokens + ((this.#now() - bucket.at) / 1000) * perSecond);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perSecond);
  }

  /** Takes one request from the bucket of `key`: 0 when allowed, otherwise the seconds to wait. */
  take(key: string): number {
    const now = this.#now();
    const { perSecond, burst } = this.#options;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    if (this.#buckets.size > 10_000) this.#forgetIdle(now);
    return Math.ceil((1 - bucket.tokens) / perSecond);
  }

  #forgetIdle(now: number) {
    const { perSecond, burst } = this.#options;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * perSecond >= burst) this.#buckets.delete(key);
    }
  }
}
