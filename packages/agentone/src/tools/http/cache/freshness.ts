import { type HeaderFields, headerList, headerValue } from "../header-value.js";
import { type CacheDirectives, parseCacheControl } from "./cache-control.js";
import { fieldsOutsideKey } from "./cache-key.js";
import { hasValidators } from "./conditional-request.js";
import { parseHttpDate } from "./http-date.js";

/** When one exchange happened, in milliseconds of the run's clock. */
export interface ExchangeTimes {
  /** Just before the request was sent. */
  requestTime: number;
  /** Just after the response was received. */
  responseTime: number;
}

/** A response as the freshness rules see it. */
export interface ResponseHead {
  status: number;
  headers: HeaderFields;
}

/**
 * The status codes RFC 9110 §15.1 calls heuristically cacheable that matter to an API reader. Even these
 * are stored only with explicit freshness or a validator: this cache never guesses a lifetime.
 */
export const storableStatuses: ReadonlySet<number> = new Set([200, 203, 204, 300, 301, 404, 410]);

/** How long a stale entry with validators is kept after it goes stale, to be revalidated by a later call. */
export const revalidationWindowMs = 24 * 60 * 60 * 1000;

/**
 * The longest freshness lifetime this cache grants: a response with `max-age` of a year is fresh here for
 * 7 days, then revalidated. The cap bounds how long any entry is kept (`maxStorageTtlMs`), which the
 * per-URL generation record must outlive (see `generationTtlMs`).
 */
export const maxFreshnessMs = 7 * 24 * 60 * 60 * 1000;

/** The longest any entry is kept: the capped freshness plus the revalidation window. */
export const maxStorageTtlMs = maxFreshnessMs + revalidationWindowMs;

function explicitLifetimeMs(headers: HeaderFields, responseTime: number): number | undefined {
  const maxAgeSeconds = parseCacheControl(headerValue(headers, "cache-control")).maxAgeSeconds;
  if (maxAgeSeconds !== undefined) return maxAgeSeconds * 1000;
  const expires = headerValue(headers, "expires");
  if (expires === undefined) return undefined;
  const expiresAt = parseHttpDate(expires);
  if (expiresAt === undefined) return 0;
  const date = parseHttpDate(headerValue(headers, "date")) ?? responseTime;
  return Math.max(0, expiresAt - date);
}

/**
 * The response's freshness lifetime (RFC 9111 §4.2.1) in ms: `max-age`, else Expires − Date, else
 * undefined (no explicit freshness; no heuristic), capped at `maxFreshnessMs`. `s-maxage` is for shared
 * caches and ignored. A missing or invalid Date is the receipt time (RFC 9110 §6.6.1); an invalid
 * Expires is in the past.
 *
 * @example
 * ```ts
 * freshnessLifetimeMs({ "cache-control": "max-age=60", expires: "0" }, responseTime); // 60000
 * freshnessLifetimeMs({ "cache-control": "max-age=31536000" }, responseTime); // 604800000 (7 days)
 * ```
 */
export function freshnessLifetimeMs(headers: HeaderFields, responseTime: number): number | undefined {
  const lifetime = explicitLifetimeMs(headers, responseTime);
  return lifetime === undefined ? undefined : Math.min(lifetime, maxFreshnessMs);
}

function ageHeaderMs(headers: HeaderFields): number {
  // RFC 9111 §5.1: the first member of a list counts; an invalid value is ignored.
  const first = headerValue(headers, "age")?.split(",")[0]?.trim();
  return first !== undefined && /^\d+$/.test(first) ? Number(first) * 1000 : 0;
}

/**
 * The response's current age at `now` in ms, as RFC 9111 §4.2.3 computes it: the larger of the apparent
 * age (receipt time − Date) and the Age header corrected by the response delay, plus the time resident
 * in this cache.
 *
 * @example
 * ```ts
 * currentAgeMs({ headers: { age: "30" }, times: { requestTime: 0, responseTime: 2000 }, now: 12_000 }); // 42000
 * ```
 */
export function currentAgeMs(options: { headers: HeaderFields; times: ExchangeTimes; now: number }): number {
  const { headers, times, now } = options;
  const dateValue = parseHttpDate(headerValue(headers, "date")) ?? times.responseTime;
  const apparentAge = Math.max(0, times.responseTime - dateValue);
  const responseDelay = times.responseTime - times.requestTime;
  const correctedAgeValue = ageHeaderMs(headers) + responseDelay;
  const correctedInitialAge = Math.max(apparentAge, correctedAgeValue);
  const residentTime = now - times.responseTime;
  return correctedInitialAge + residentTime;
}

/**
 * Whether the stored response may be served without asking the origin. Never when either side said
 * `no-cache`, nor past its lifetime, nor older than the request's own `max-age`. A stale response is never
 * served (not even without `must-revalidate`): it is revalidated or fetched again.
 *
 * @example
 * ```ts
 * isFresh({ response, times, now: clock.now(), request: requestCacheDirectives(input.headers) });
 * ```
 */
export function isFresh(options: {
  response: ResponseHead;
  times: ExchangeTimes;
  now: number;
  request: CacheDirectives;
}): boolean {
  const { response, times, now, request } = options;
  if (request.noCache || parseCacheControl(headerValue(response.headers, "cache-control")).noCache)
    return false;
  const lifetime = freshnessLifetimeMs(response.headers, times.responseTime);
  if (lifetime === undefined) return false;
  const age = currentAgeMs({ headers: response.headers, times, now });
  if (request.maxAgeSeconds !== undefined && age > request.maxAgeSeconds * 1000) return false;
  return age < lifetime;
}

/**
 * Whether this private cache may store the response (RFC 9111 §3, narrowed): a listed status, no
 * `no-store` on either side, no `Vary: *`, and explicit freshness or a validator. `private` is fine.
 * `Vary` naming other fields is always satisfied, because the cache key holds every header the model
 * sent; a few are left out of the key (`fieldsOutsideKey`), so a Vary naming one of them counts as `*`.
 *
 * @example
 * ```ts
 * isStorable({ response: { status: 200, headers: { etag: '"v1"' } }, request }); // true
 * ```
 */
export function isStorable(options: { response: ResponseHead; request: CacheDirectives }): boolean {
  const { response, request } = options;
  const directives = parseCacheControl(headerValue(response.headers, "cache-control"));
  if (!storableStatuses.has(response.status) || directives.noStore || request.noStore) return false;
  const vary = headerList(response.headers, "vary");
  if (vary.some((name) => name === "*" || fieldsOutsideKey.has(name))) return false;
  return (
    directives.maxAgeSeconds !== undefined ||
    headerValue(response.headers, "expires") !== undefined ||
    hasValidators(response.headers)
  );
}

/**
 * How long to keep the response in the store, in ms (the `ttlMs` of the put): its remaining freshness,
 * plus the revalidation window when it has validators (so that, once stale, it can still be revalidated).
 * 0 means do not store: not storable, or neither fresh nor revalidatable. Never more than
 * `maxStorageTtlMs`, since the lifetime is capped.
 *
 * @example
 * ```ts
 * storageTtlMs({ response, times, now: clock.now(), request }); // 60000 for a fresh max-age=60
 * ```
 */
export function storageTtlMs(options: {
  response: ResponseHead;
  times: ExchangeTimes;
  now: number;
  request: CacheDirectives;
}): number {
  const { response, times, now, request } = options;
  if (!isStorable({ response, request })) return 0;
  const noCache = parseCacheControl(headerValue(response.headers, "cache-control")).noCache;
  const lifetime = freshnessLifetimeMs(response.headers, times.responseTime) ?? 0;
  const remaining = noCache
    ? 0
    : Math.max(0, lifetime - currentAgeMs({ headers: response.headers, times, now }));
  return remaining + (hasValidators(response.headers) ? revalidationWindowMs : 0);
}
