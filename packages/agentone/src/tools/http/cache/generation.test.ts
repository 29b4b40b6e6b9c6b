import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../core/clock/index.js";
import type { ToolCacheStore } from "../../tool.js";
import { maxStorageTtlMs } from "./freshness.js";
import { advanceGeneration, generationKey, generationTtlMs, readGeneration } from "./generation.js";

const url = "https://api.example.com/items/1";
const scope = '{"allowedHosts":["api.example.com"]}';
const signal = new AbortController().signal;

/** A store holding one value at the generation key, recording what is put there. */
function storeHolding(value: unknown) {
  const puts: { key: string; value: unknown; ttlMs: number }[] = [];
  const store: ToolCacheStore = {
    get: async (key) => (key === generationKey({ url, scope }) ? value : undefined),
    put: async (key, put, { ttlMs }) => {
      puts.push({ key, value: put, ttlMs });
    },
  };
  return { store, puts };
}

describe("URL generations", () => {
  it("are keyed by scope and URL, the scope hashed", () => {
    expect(generationKey({ url, scope })).toMatch(
      /^http_request:1 gen [0-9a-f]{64} https:\/\/api\.example\.com\/items\/1$/,
    );
    expect(generationKey({ url, scope: "{}" })).not.toBe(generationKey({ url, scope }));
  });

  it("are kept longer than any entry", () => {
    expect(generationTtlMs).toBe(9 * 86_400_000);
    expect(generationTtlMs).toBeGreaterThan(maxStorageTtlMs);
  });

  it("read as 0 when absent or not a positive integer", async () => {
    for (const value of [undefined, "1767225600000", -5, 1.5, { generation: 3 }, null])
      expect(await readGeneration({ store: storeHolding(value).store, url, scope, signal })).toBe(0);
    expect(await readGeneration({ store: storeHolding(42).store, url, scope, signal })).toBe(42);
  });

  it("move on to the clock's time, or past the previous one when the clock has not moved past it", async () => {
    const clock = new VirtualClock();
    const fresh = storeHolding(undefined);
    expect(await advanceGeneration({ store: fresh.store, url, scope, clock, signal })).toBe(true);
    expect(fresh.puts).toEqual([
      { key: generationKey({ url, scope }), value: clock.now(), ttlMs: generationTtlMs },
    ]);
    const ahead = storeHolding(clock.now() + 5000);
    await advanceGeneration({ store: ahead.store, url, scope, clock, signal });
    expect(ahead.puts[0]?.value).toBe(clock.now() + 5001);
  });
});
