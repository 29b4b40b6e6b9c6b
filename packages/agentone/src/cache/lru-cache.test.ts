import { describe, expect, it } from "vitest";
import { LruCache } from "./lru-cache.js";

function fakeClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe("LruCache", () => {
  it("evicts the least recently used entry, counting reads as use", () => {
    const clock = fakeClock();
    const cache = new LruCache<string>({ maxEntries: 2, now: clock.now });
    cache.set("a", "alpha");
    cache.set("b", "beta");
    expect(cache.get("a")).toBe("alpha");
    cache.set("c", "gamma");
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("alpha");
    expect(cache.get("c")).toBe("gamma");
    expect(cache.size).toBe(2);
  });

  it("replacing a key makes it the most recent without growing the cache", () => {
    const cache = new LruCache<number>({ maxEntries: 2, now: fakeClock().now });
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("a", 3);
    cache.set("c", 4);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([3, undefined, 4]);
  });

  it("stops serving an entry once its time to live has passed", () => {
    const clock = fakeClock();
    const cache = new LruCache<string>({ maxEntries: 5, now: clock.now });
    cache.set("short", "s", { ttlMs: 100 });
    cache.set("fixed", "f", { expiresAt: clock.now() + 300 });
    cache.set("forever", "e");
    clock.advance(99);
    expect(cache.get("short")).toBe("s");
    clock.advance(1);
    expect(cache.get("short")).toBeUndefined();
    expect(cache.size).toBe(2);
    clock.advance(200);
    expect(cache.get("fixed")).toBeUndefined();
    clock.advance(1_000_000);
    expect(cache.get("forever")).toBe("e");
  });

  it("drops expired entries before live ones when it needs room", () => {
    const clock = fakeClock();
    const cache = new LruCache<string>({ maxEntries: 2, now: clock.now });
    cache.set("old-live", "1");
    cache.set("expiring", "2", { ttlMs: 10 });
    clock.advance(10);
    cache.set("new", "3");
    expect(cache.get("old-live")).toBe("1");
    expect(cache.get("new")).toBe("3");
  });

  it("deletes and clears", () => {
    const cache = new LruCache<string>({ maxEntries: 3, now: fakeClock().now });
    cache.set("a", "1");
    cache.set("b", "2");
    expect(cache.delete("a")).toBe(true);
    expect(cache.delete("a")).toBe(false);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it("refuses a size below one and a malformed expiry, storing nothing", () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => new LruCache({ maxEntries, now: Date.now })).toThrow(
        expect.objectContaining({ code: "CONFIG_ERROR", details: { key: "maxEntries" } }),
      );
    }
    const cache = new LruCache<string>({ maxEntries: 2, now: fakeClock().now });
    for (const expiry of [{ ttlMs: 0 }, { ttlMs: -5 }, { ttlMs: Number.NaN }, { expiresAt: Number.NaN }]) {
      expect(() => cache.set("a", "x", expiry)).toThrow(expect.objectContaining({ code: "USAGE_ERROR" }));
    }
    expect(() => cache.set("a", "x", { ttlMs: 5, expiresAt: 10 })).toThrow(/either ttlMs or expiresAt/);
    expect(cache.size).toBe(0);
  });
});
