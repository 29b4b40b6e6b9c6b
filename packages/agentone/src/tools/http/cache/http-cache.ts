import type { Clock } from "../../../core/clock/index.js";
import type { ToolCacheStore } from "../../tool.js";
import type { FinalResponse } from "../follow-redirects.js";
import { type CacheDirectives, requestCacheDirectives } from "./cache-control.js";
import { httpCacheKey, normalizeCacheUrl } from "./cache-key.js";
import {
  type CachedResponse,
  canStoreExchange,
  decodeCachedResponse,
  encodeCachedResponse,
  removedEntry,
  toFinalResponse,
} from "./cached-response.js";
import {
  hasValidators,
  mergeNotModified,
  notModifiedMatches,
  validatorHeaders,
} from "./conditional-request.js";
import { currentAgeMs, type ExchangeTimes, isFresh, maxStorageTtlMs, storageTtlMs } from "./freshness.js";
import { readGeneration } from "./generation.js";
import { readStored, writeStored } from "./store-access.js";

/**
 * How a GET was answered: `hit` from the store with no request, `revalidated` from the store after a 304,
 * `miss` by the origin (the cache was consulted), `bypass` by the origin without consulting the cache.
 */
export type HttpCacheStatus = "hit" | "revalidated" | "miss" | "bypass";

export interface HttpCacheOutcome {
  final: FinalResponse;
  status: HttpCacheStatus;
  /** The response (or, after a 304, the refreshed entry) was stored. */
  stored: boolean;
  /** For a hit: the stored response's current age in whole seconds. */
  ageSeconds?: number;
}

/** A GET to answer, with what the cache needs around it. */
export interface CachedGet {
  url: string;
  /** The model's headers as given: the key and the request's directives come from these. */
  modelHeaders: Readonly<Record<string, string>> | undefined;
  /** Absent: caching is off for this call (`bypass`). */
  store: ToolCacheStore | undefined;
  clock: Clock;
  signal: AbortSignal;
  /** See `httpCacheScope`. */
  scope: string;
  maxResponseBytes: number;
  /** Sends the GET through the tool's guarded path (vetting, pinned addresses), adding these headers. */
  send(extraHeaders: Record<string, string>): Promise<FinalResponse>;
}

// A model that sends its own validators or a Range manages the exchange itself: the cache stays out.
const selfManagedFields = [
  "if-none-match",
  "if-modified-since",
  "if-match",
  "if-unmodified-since",
  "if-range",
  "range",
];

function managesItself(headers: Readonly<Record<string, string>> | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => selfManagedFields.includes(name.toLowerCase()));
}

/** One request to the origin, timed on the run's clock. */
interface Exchange {
  final: FinalResponse;
  times: ExchangeTimes;
}

async function exchange(get: CachedGet, extraHeaders: Record<string, string>): Promise<Exchange> {
  const requestTime = get.clock.now();
  const final = await get.send(extraHeaders);
  return { final, times: { requestTime, responseTime: get.clock.now() } };
}

/**
 * Stores the entry when the rules allow; otherwise removes the entry it supersedes, if there was one.
 * Writes need no removal (they move the URL's generation on); this one does: the origin gave a new
 * answer that may not be stored for the same key, and the old entry, maybe still fresh, must not be
 * served after it. The marker is kept as long as any entry may be (`maxStorageTtlMs`), not for a moment:
 * if the store's write fails, the memory tier in front of it still hides the old row, instead of
 * forgetting the marker at once and letting the old row be read again.
 */
async function save(
  get: CachedGet & { store: ToolCacheStore },
  options: { key: string; entry: CachedResponse | undefined; request: CacheDirectives; supersedes: boolean },
): Promise<boolean> {
  const { store, signal } = get;
  const { key, entry, request } = options;
  const ttlMs =
    entry === undefined ? 0 : storageTtlMs({ response: entry, times: entry, now: get.clock.now(), request });
  if (ttlMs > 0) return writeStored({ store, key, value: entry, ttlMs, signal });
  if (options.supersedes)
    await writeStored({ store, key, value: removedEntry, ttlMs: maxStorageTtlMs, signal });
  return false;
}

/** An answer from the origin: served as it is, and stored (or the entry it supersedes removed) by the rules. */
async function keepAnswer(
  get: CachedGet & { store: ToolCacheStore },
  options: Exchange & { key: string; request: CacheDirectives; supersedes: boolean },
): Promise<HttpCacheOutcome> {
  const { final, times } = options;
  const entry = canStoreExchange(final) ? encodeCachedResponse({ final, times }) : undefined;
  const stored = await save(get, { ...options, entry });
  return { final, status: "miss", stored };
}

/**
 * Answers a GET by HTTP's caching rules (RFC 9111, as a private cache): a fresh stored response is served
 * with no request; a stale one with validators is revalidated with a conditional GET, and a matching 304
 * refreshes its headers and serves its body; anything else goes to the origin, and the answer is stored
 * when it may be (see `isStorable`, `canStoreExchange`). Stale responses are never served, so
 * `must-revalidate` holds by construction. Entries are keyed by the URL's generation, read first (see
 * `readGeneration`): a successful write to the URL makes every earlier entry unreachable. A failing store
 * reads as a miss and never fails the call.
 *
 * @example
 * ```ts
 * const outcome = await getWithHttpCache({ url, modelHeaders: input.headers, store: context.cache,
 *   clock: context.clock, signal, scope, maxResponseBytes, send: (extra) => performRequest(...) });
 * outcome.status; // "hit"
 * ```
 */
export async function getWithHttpCache(get: CachedGet): Promise<HttpCacheOutcome> {
  const { store, scope, signal } = get;
  const request = requestCacheDirectives(get.modelHeaders);
  const url =
    store === undefined || request.noStore || managesItself(get.modelHeaders)
      ? undefined
      : normalizeCacheUrl(get.url);
  if (store === undefined || url === undefined)
    return { final: await get.send({}), status: "bypass", stored: false };
  const cached = { ...get, store };
  const generation = await readGeneration({ store, url, scope, signal });
  const key = httpCacheKey({ url, headers: get.modelHeaders, scope, generation });
  const decoded = decodeCachedResponse(await readStored({ store, key, signal }));
  // A value under this key for another URL is corruption: a miss like any other bad value.
  const entry = decoded?.url === url ? decoded : undefined;
  if (entry !== undefined) {
    const now = get.clock.now();
    if (isFresh({ response: entry, times: entry, now, request })) {
      const ageSeconds = Math.floor(currentAgeMs({ headers: entry.headers, times: entry, now }) / 1000);
      return {
        final: toFinalResponse(entry, get.maxResponseBytes),
        status: "hit",
        stored: false,
        ageSeconds,
      };
    }
    if (hasValidators(entry.headers)) {
      const { final, times } = await exchange(get, validatorHeaders(entry.headers));
      const { response } = final;
      if (response.status !== 304)
        return keepAnswer(cached, { final, times, key, request, supersedes: true });
      // A 304 after a redirect, or about another representation, says nothing about this entry: the GET
      // is sent again without validators below.
      if (final.redirects === 0 && notModifiedMatches(entry.headers, response.headers)) {
        const refreshed = { ...entry, headers: mergeNotModified(entry.headers, response.headers), ...times };
        const stored = await save(cached, { key, entry: refreshed, request, supersedes: true });
        return { final: toFinalResponse(refreshed, get.maxResponseBytes), status: "revalidated", stored };
      }
    }
  }
  const answer = await exchange(get, {});
  return keepAnswer(cached, { ...answer, key, request, supersedes: entry !== undefined });
}
