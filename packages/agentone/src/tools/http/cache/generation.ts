import type { Clock } from "../../../core/clock/index.js";
import { sha256Hex } from "../../../core/stable-json.js";
import type { ToolCacheStore } from "../../tool.js";
import { maxStorageTtlMs } from "./freshness.js";
import { readStored, writeStored } from "./store-access.js";

/**
 * How long a generation record is kept: longer than any entry (`maxStorageTtlMs`, 8 days) by a day. An
 * expired record reads as generation 0 again, so every entry stored under 0 before the write that moved
 * the generation on must be gone by then, or it would be served again. The day covers an entry stored
 * under 0 by a GET that was already under way when the write landed.
 */
export const generationTtlMs = maxStorageTtlMs + 24 * 60 * 60 * 1000;

/**
 * The key of a URL's generation record, per scope (like the entries it governs). The scope is hashed to
 * keep the key short; the URL is the one `normalizeCacheUrl` gives. The record's value is the run clock's
 * time (ms) of the last successful write to the URL.
 *
 * Known limits, both from the store layer in front of the database (`TieredCache`, an in-memory LRU per
 * process): a failed store write of a new generation is absorbed there and not reported here, so only
 * this process sees the new generation and other processes may keep serving entries from before the
 * write. And another process whose memory tier already holds this record sees the new generation only
 * once its memory entry expires (the memory tier honours the record's TTL, so at worst
 * `generationTtlMs`) or is evicted; a process that has never read the record reads the store.
 *
 * @example
 * ```ts
 * generationKey({ url: "https://api.example.com/items/1", scope }); // "http_request:1 gen 5e0b… https://api.example.com/items/1"
 * ```
 */
export function generationKey(options: { url: string; scope: string }): string {
  return `http_request:1 gen ${sha256Hex(options.scope)} ${options.url}`;
}

/**
 * The URL's current generation: the run clock's time (ms) of the last successful write to it, or 0 when
 * there is no record (never written, or the record expired). GET entries are keyed by it. A value that is
 * not a positive integer (a corrupted row) reads as 0, and so does a failing store: the cache never
 * fails a call.
 *
 * @example
 * ```ts
 * const generation = await readGeneration({ store, url, scope, signal }); // 0, or e.g. 1767225600000
 * ```
 */
export async function readGeneration(options: {
  store: ToolCacheStore;
  url: string;
  scope: string;
  signal: AbortSignal;
}): Promise<number> {
  const { store, signal } = options;
  const value = await readStored({ store, key: generationKey(options), signal });
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/**
 * Moves the URL's generation on after a successful write, so that every GET entry stored under the
 * previous one is out of reach, whatever its headers. The new generation is the clock's time, or one more
 * than the previous one when the clock has not moved past it (two writes in the same millisecond, a
 * virtual clock): it must differ from every generation an entry may still be stored under. A time, not a
 * counter: once the record expires and reads as 0, the next write still picks a value no live entry
 * was stored under. Says whether the new generation was stored (see `generationKey` for what a stored
 * generation does not reach).
 *
 * @example
 * ```ts
 * await advanceGeneration({ store, url: "https://api.example.com/items/1", scope, clock, signal }); // true
 * ```
 */
export async function advanceGeneration(options: {
  store: ToolCacheStore;
  url: string;
  scope: string;
  clock: Clock;
  signal: AbortSignal;
}): Promise<boolean> {
  const { store, clock, signal } = options;
  let previous: number;
  try {
    previous = await readGeneration(options);
  } catch {
    // The call ended while the store was read: the write went through, so the call must not fail here.
    return false;
  }
  const generation = Math.max(clock.now(), previous + 1);
  return writeStored({
    store,
    key: generationKey(options),
    value: generation,
    ttlMs: generationTtlMs,
    signal,
  });
}
