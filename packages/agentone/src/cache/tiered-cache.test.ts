import { describe, expect, it } from "vitest";
import { createTestStore } from "../testing/test-store.js";
import { type CacheStore, TieredCache, type TieredCacheFailure } from "./tiered-cache.js";

function fakeClock(start = Date.parse("2026-01-01T00:00:00.000Z")) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

/** A store whose every cache call fails, counting the calls. */
function failingStore(): CacheStore & { calls: string[] } {
  const calls: string[] = [];
  const fail = (name: string) => () => {
    calls.push(name);
    return Promise.reject(new Error(`${name} is down`));
  };
  return {
    calls,
    getCacheEntry: fail("get"),
    putCacheEntry: fail("put"),
    deleteCacheEntries: fail("delete"),
    countCacheHit: fail("count"),
  };
}

describe("TieredCache", () => {
  it("hands a deferred write its entry only when it reaches the cache's own store", async () => {
    const own = failingStore();
    const handed: string[] = [];
    const cache = new TieredCache<string>({ store: own, namespace: "model", tenant: "t", now: () => 0 });

    await cache.put("mine", "a", { write: { store: own, add: (entry) => handed.push(entry.key) } });
    expect(handed).toEqual(["mine"]);
    expect(own.calls).toEqual([]);

    // A run whose log writes to another store: the entry goes to this cache's store now, as before.
    await cache.put("theirs", "b", {
      write: { store: failingStore(), add: (entry) => handed.push(entry.key) },
    });
    expect(handed).toEqual(["mine"]);
    expect(own.calls).toEqual(["put"]);
    expect(await cache.get("theirs")).toMatchObject({ value: "b", tier: "memory" });
  });

  it("serves from memory, then from the store for another process, with provenance and hit counts", async () => {
    const store = await createTestStore();
    try {
      const clock = fakeClock();
      const options = { store, namespace: "model" as const, tenant: "team-a", now: clock.now };
      const writer = new TieredCache<{ text: string }>(options);
      expect(await writer.get("k")).toBeUndefined();
      await writer.put("k", { text: "answer" }, { ttlMs: 60_000, sourceRunId: "run-1", sourceStep: 4 });
      expect(await writer.get("k")).toEqual({
        value: { text: "answer" },
        tier: "memory",
        sourceRunId: "run-1",
        sourceStep: 4,
      });

      // A second cache over the same store stands for another process: its memory is empty.
      const reader = new TieredCache<{ text: string }>(options);
      expect(await reader.get("k")).toMatchObject({
        tier: "store",
        value: { text: "answer" },
        sourceStep: 4,
      });
      expect(await reader.get("k")).toMatchObject({ tier: "memory" });
      const lookup = { namespace: "model" as const, tenant: "team-a", key: "k" };
      expect(
        await store.getCacheEntry({ ...lookup, now: new Date(clock.now()).toISOString() }),
      ).toMatchObject({
        hits: 1,
      });
      // Other tenants see nothing.
      expect(await new TieredCache({ ...options, tenant: "team-b" }).get("k")).toBeUndefined();

      clock.advance(60_000);
      expect(await writer.get("k")).toBeUndefined();
      expect(await new TieredCache(options).get("k")).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it("falls back to the store when memory has evicted an entry, and invalidates both tiers", async () => {
    const store = await createTestStore();
    try {
      const cache = new TieredCache<number>({
        store,
        namespace: "tool",
        tenant: "t",
        now: fakeClock().now,
        maxMemoryEntries: 1,
      });
      await cache.put("a", 1);
      await cache.put("b", 2);
      expect(await cache.get("a")).toMatchObject({ value: 1, tier: "store", sourceRunId: null });
      await cache.invalidate(["a", "b"]);
      expect(await cache.get("a")).toBeUndefined();
      expect(await cache.get("b")).toBeUndefined();
      await cache.invalidate([]);
    } finally {
      await store.close();
    }
  });

  it("turns store failures into misses and reports them, keeping writes in memory", async () => {
    const store = failingStore();
    const failures: TieredCacheFailure[] = [];
    const cache = new TieredCache<string>({
      store,
      namespace: "http",
      tenant: "t",
      now: fakeClock().now,
      onError: (failure) => failures.push(failure),
    });
    expect(await cache.get("k")).toBeUndefined();
    await cache.put("k", "value");
    expect(await cache.get("k")).toMatchObject({ value: "value", tier: "memory" });
    expect(failures.map(({ operation, key }) => `${operation} ${key}`)).toEqual(["get k", "put k"]);
    expect(failures[0]?.error).toMatchObject({ message: "get is down" });
  });

  it("still answers when counting a hit fails or the error reporter throws", async () => {
    const entry = {
      namespace: "plan" as const,
      tenant: "t",
      key: "k",
      value: "stored",
      sourceRunId: null,
      sourceStep: null,
      createdAt: "2026-01-01T00:00:00.000Z",
      expiresAt: null,
      hits: 0,
    };
    const store = { ...failingStore(), getCacheEntry: () => Promise.resolve(entry) };
    const cache = new TieredCache<string>({
      store,
      namespace: "plan",
      tenant: "t",
      now: fakeClock().now,
      onError: () => {
        throw new Error("reporter broke");
      },
    });
    expect(await cache.get("k")).toMatchObject({ value: "stored", tier: "store" });
    expect(store.calls).toEqual(["count"]);
  });

  it("treats a stored value that fails parsing as a miss", async () => {
    const store = await createTestStore();
    try {
      const clock = fakeClock();
      const failures: TieredCacheFailure[] = [];
      const options = { store, namespace: "model" as const, tenant: "t", now: clock.now };
      await new TieredCache<unknown>(options).put("k", { old: "format" });
      const strict = new TieredCache<{ text: string }>({
        ...options,
        parseValue: (value) => {
          if (typeof (value as { text?: unknown }).text !== "string") throw new Error("not an answer");
          return value as { text: string };
        },
        onError: (failure) => failures.push(failure),
      });
      expect(await strict.get("k")).toBeUndefined();
      expect(failures).toMatchObject([{ operation: "get", key: "k" }]);
    } finally {
      await store.close();
    }
  });

  it("rejects a failed invalidation, after forgetting the keys in memory", async () => {
    const store = failingStore();
    const cache = new TieredCache<string>({ store, namespace: "tool", tenant: "t", now: fakeClock().now });
    await cache.put("k", "v");
    await expect(cache.invalidate(["k"])).rejects.toThrow("delete is down");
    expect(store.calls).toEqual(["put", "delete"]);
    // Memory no longer serves the key, so the read goes to the store (which fails: a miss).
    expect(await cache.get("k")).toBeUndefined();
    expect(store.calls).toEqual(["put", "delete", "get"]);
  });

  it("refuses a malformed time to live and stores nothing", async () => {
    const store = failingStore();
    const cache = new TieredCache<string>({ store, namespace: "tool", tenant: "t", now: fakeClock().now });
    for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(cache.put("k", "v", { ttlMs })).rejects.toMatchObject({ code: "USAGE_ERROR" });
    }
    expect(store.calls).toEqual([]);
  });
});
