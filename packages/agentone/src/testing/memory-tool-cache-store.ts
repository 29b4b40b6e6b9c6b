import type { Clock } from "../core/clock/index.js";
import type { ToolCacheStore } from "../tools/tool.js";

/**
 * A `ToolCacheStore` in memory, for testing tools that cache through `ToolContext.cache`: values are
 * copied in and out as JSON would be, and expire after their `ttlMs` on the given clock. It records every
 * `put`, so a test can check what was stored and for how long.
 *
 * @example
 * ```ts
 * const cache = new MemoryToolCacheStore(clock);
 * await tool.execute(input, { ...context, cache });
 * cache.puts; // [{ key: "...", ttlMs: 60000 }]
 * ```
 */
export class MemoryToolCacheStore implements ToolCacheStore {
  readonly entries = new Map<string, { value: unknown; expiresAt: number }>();
  readonly puts: { key: string; ttlMs: number }[] = [];
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async get(key: string): Promise<unknown> {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > this.#clock.now() ? structuredClone(entry.value) : undefined;
  }

  async put(key: string, value: unknown, options: { ttlMs: number }): Promise<void> {
    this.puts.push({ key, ttlMs: options.ttlMs });
    this.entries.set(key, { value: structuredClone(value), expiresAt: this.#clock.now() + options.ttlMs });
  }
}
