import { UsageError } from "../core/errors/index.js";
import type { CacheEntryInput, CacheNamespace } from "../store/cache-entry.js";
import type { Store } from "../store/store.js";
import { LruCache } from "./lru-cache.js";

/** The part of the store a cache uses. */
export type CacheStore = Pick<
  Store,
  "getCacheEntry" | "putCacheEntry" | "deleteCacheEntries" | "countCacheHit"
>;

/** Where a cache entry can be written later: the store that write will reach, and what takes the entry. */
export interface DeferredCacheWrite {
  store: unknown;
  add(entry: CacheEntryInput): void;
}

/** A value found in the cache, with where it was found and the run step that produced it. */
export interface TieredCacheHit<Value> {
  value: Value;
  tier: "memory" | "store";
  sourceRunId: string | null;
  sourceStep: number | null;
}

/** A store failure the cache absorbed: reads became misses, writes stayed in memory only. */
export interface TieredCacheFailure {
  operation: "get" | "put" | "count-hit";
  key: string;
  error: unknown;
}

export interface TieredCacheOptions<Value> {
  store: CacheStore;
  namespace: CacheNamespace;
  tenant: string;
  /** Milliseconds since the epoch; expiry in both tiers is judged by this clock, not the database's. */
  now: () => number;
  /** Entries kept in memory in front of the store; 256 unless given. */
  maxMemoryEntries?: number;
  /**
   * Checks a value read from the store (it may predate the current value format); a throw makes the read
   * a miss. Without it, stored values are trusted to be `Value`.
   */
  parseValue?: (value: unknown) => Value;
  onError?: (failure: TieredCacheFailure) => void;
}

export interface TieredCachePutOptions {
  /** How long the entry is served; without it, until replaced, invalidated or evicted. */
  ttlMs?: number;
  sourceRunId?: string;
  sourceStep?: number;
  /**
   * Takes the store's entry to write it later, with other writes (a run writes the answer a step cached in
   * the same statement as the step's events), when `store` is this cache's own store; otherwise, or
   * without it, `put` writes the entry to its store now.
   */
  write?: DeferredCacheWrite;
}

type Remembered<Value> = Omit<TieredCacheHit<Value>, "tier">;

const defaultMaxMemoryEntries = 256;

/**
 * One namespace and tenant of the cache: an in-memory LRU in front of the store's `cache_entries`. A
 * cache never fails a run, so store errors while reading or writing are reported to `onError` and
 * otherwise ignored (a read becomes a miss). Invalidation is the exception: it rejects when the store
 * fails, since silently keeping a stale entry would be worse than an error. Values returned are shared
 * with the memory tier: treat them as read-only.
 *
 * @example
 * ```ts
 * const cache = new TieredCache<string>({ store, namespace: "model", tenant: "default", now: () => clock.now() });
 * const hit = await cache.get(key);
 * if (hit === undefined) await cache.put(key, answer, { ttlMs: 86_400_000, sourceRunId: runId, sourceStep: 3 });
 * ```
 */
export class TieredCache<Value> {
  readonly #options: TieredCacheOptions<Value>;
  readonly #memory: LruCache<Remembered<Value>>;

  constructor(options: TieredCacheOptions<Value>) {
    this.#options = options;
    this.#memory = new LruCache({
      maxEntries: options.maxMemoryEntries ?? defaultMaxMemoryEntries,
      now: options.now,
    });
  }

  /** The live value at `key`, from memory if there, otherwise from the store (then remembered). */
  async get(key: string): Promise<TieredCacheHit<Value> | undefined> {
    const remembered = this.#memory.get(key);
    if (remembered !== undefined) return { ...remembered, tier: "memory" };
    const { store, namespace, tenant, now, parseValue } = this.#options;
    let value: Value;
    let entry: Awaited<ReturnType<CacheStore["getCacheEntry"]>>;
    try {
      entry = await store.getCacheEntry({ namespace, tenant, key, now: new Date(now()).toISOString() });
      if (entry === undefined) return undefined;
      value = parseValue === undefined ? (entry.value as Value) : parseValue(entry.value);
    } catch (error) {
      this.#report({ operation: "get", key, error });
      return undefined;
    }
    const found = { value, sourceRunId: entry.sourceRunId, sourceStep: entry.sourceStep };
    const expiresAt = entry.expiresAt === null ? undefined : Date.parse(entry.expiresAt);
    this.#memory.set(key, found, { expiresAt });
    try {
      await store.countCacheHit({ namespace, tenant, key });
    } catch (error) {
      this.#report({ operation: "count-hit", key, error });
    }
    return { ...found, tier: "store" };
  }

  /** Stores `value` in both tiers (the store's write handed to `options.write` when given). */
  async put(key: string, value: Value, options: TieredCachePutOptions = {}): Promise<void> {
    const { ttlMs, sourceRunId = null, sourceStep = null } = options;
    if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) {
      throw new UsageError(`a cache entry's ttlMs must be a positive number of milliseconds, not ${ttlMs}`);
    }
    const { store, namespace, tenant, now } = this.#options;
    const createdAt = now();
    const expiresAt = ttlMs === undefined ? undefined : createdAt + ttlMs;
    this.#memory.set(key, { value, sourceRunId, sourceStep }, { expiresAt });
    const entry: CacheEntryInput = {
      namespace,
      tenant,
      key,
      value,
      sourceRunId,
      sourceStep,
      createdAt: new Date(createdAt).toISOString(),
      expiresAt: expiresAt === undefined ? null : new Date(expiresAt).toISOString(),
    };
    if (options.write !== undefined && options.write.store === store) {
      options.write.add(entry);
      return;
    }
    try {
      await store.putCacheEntry(entry);
    } catch (error) {
      this.#report({ operation: "put", key, error });
    }
  }

  /** Removes `keys` from both tiers; rejects if the store could not delete them. */
  async invalidate(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.#memory.delete(key);
    if (keys.length === 0) return;
    const { store, namespace, tenant } = this.#options;
    await store.deleteCacheEntries({ namespace, tenant, keys });
  }

  #report(failure: TieredCacheFailure): void {
    try {
      this.#options.onError?.(failure);
    } catch {
      // A failing error reporter must not turn an absorbed cache failure into a failed run.
    }
  }
}
