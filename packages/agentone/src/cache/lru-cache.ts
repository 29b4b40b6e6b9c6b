import { ConfigError, UsageError } from "../core/errors/index.js";

export interface LruCacheOptions {
  /** Most entries kept; storing one more evicts the least recently used. */
  maxEntries: number;
  /** Milliseconds since the epoch, injected so tests move time by hand. */
  now: () => number;
}

interface Slot<Value> {
  value: Value;
  /** When the entry stops being served; undefined keeps it until evicted. */
  expiresAt: number | undefined;
}

/**
 * A small in-memory least-recently-used cache with optional per-entry expiry. A Map keeps insertion order,
 * so re-inserting on every read keeps the least recently used entry first, ready to evict.
 * Expired entries are dropped when read, and are the first to go when room is needed.
 *
 * @example
 * ```ts
 * const cache = new LruCache<string>({ maxEntries: 2, now: () => clock.now() });
 * cache.set("a", "alpha", { ttlMs: 60_000 });
 * cache.get("a"); // "alpha", until a minute has passed or two newer keys pushed it out
 * ```
 */
export class LruCache<Value> {
  readonly #slots = new Map<string, Slot<Value>>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: LruCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new ConfigError(
        `the in-memory cache needs room for at least one entry, not ${options.maxEntries}`,
        { key: "maxEntries" },
      );
    }
    this.#maxEntries = options.maxEntries;
    this.#now = options.now;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** The value, or undefined when absent or expired; a hit becomes the most recently used entry. */
  get(key: string): Value | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    this.#slots.delete(key);
    if (this.#isExpired(slot)) return undefined;
    this.#slots.set(key, slot);
    return slot.value;
  }

  /**
   * Stores `value` as the most recently used entry. `ttlMs` (positive) or `expiresAt` (epoch ms) bound
   * its life; with neither it lives until evicted.
   */
  set(key: string, value: Value, expiry: { ttlMs?: number; expiresAt?: number } = {}): void {
    const expiresAt = expiryTime(expiry, this.#now);
    this.#slots.delete(key);
    this.#slots.set(key, { value, expiresAt });
    this.#evictOverflow();
  }

  delete(key: string): boolean {
    return this.#slots.delete(key);
  }

  clear(): void {
    this.#slots.clear();
  }

  #isExpired(slot: Slot<Value>): boolean {
    return slot.expiresAt !== undefined && this.#now() >= slot.expiresAt;
  }

  #evictOverflow(): void {
    if (this.#slots.size <= this.#maxEntries) return;
    for (const [key, slot] of this.#slots) {
      if (this.#isExpired(slot)) this.#slots.delete(key);
    }
    for (const key of this.#slots.keys()) {
      if (this.#slots.size <= this.#maxEntries) break;
      this.#slots.delete(key);
    }
  }
}

function expiryTime(expiry: { ttlMs?: number; expiresAt?: number }, now: () => number): number | undefined {
  const { ttlMs, expiresAt } = expiry;
  if (ttlMs !== undefined && expiresAt !== undefined) {
    throw new UsageError("give a cache entry either ttlMs or expiresAt, not both");
  }
  if (ttlMs !== undefined) {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
      throw new UsageError(`a cache entry's ttlMs must be a positive number of milliseconds, not ${ttlMs}`);
    }
    return now() + ttlMs;
  }
  if (expiresAt !== undefined && !Number.isFinite(expiresAt)) {
    throw new UsageError(`a cache entry's expiresAt must be a time in epoch milliseconds, not ${expiresAt}`);
  }
  return expiresAt;
}
