import type { Actor } from '../domain/actor.ts';

/**
 * Resolved tokens, kept for a short while so a client's burst of requests (a first sync pulls dozens of pages)
 * costs one token lookup instead of one per request. Only valid tokens are kept, keyed by the token's SHA-256, and
 * an entry is looked up again once it expires: a token revoked by another process (the token CLI, another server)
 * stops working within `ttlMs`; one revoked through this process's API stops at once (`clear`).
 */
export class TokenCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { actor: Actor; expiresAt: number }>();

  constructor(ttlMs: number, maxEntries = 10_000, now: () => number = () => performance.now()) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  get(tokenHash: string): Actor | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expiresAt > this.#now()) return entry.actor;
    this.#entries.delete(tokenHash);
    return undefined;
  }

  set(tokenHash: string, actor: Actor) {
    if (this.#ttlMs <= 0) return;
    const now = this.#now();
    if (this.#entries.size >= this.#maxEntries) {
      for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
      // Still full of live entries: start over rather than grow without bound.
      if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
    }
    this.#entries.set(tokenHash, { actor, expiresAt: now + this.#ttlMs });
  }

  clear() {
    this.#entries.clear();
  }
}
