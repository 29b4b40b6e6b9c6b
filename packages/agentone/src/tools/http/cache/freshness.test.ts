import { describe, expect, it } from "vitest";
import { type CacheDirectives, parseCacheControl } from "./cache-control.js";
import {
  currentAgeMs,
  freshnessLifetimeMs,
  isFresh,
  isStorable,
  maxFreshnessMs,
  maxStorageTtlMs,
  revalidationWindowMs,
  storageTtlMs,
} from "./freshness.js";

const start = Date.UTC(2026, 0, 1);
const httpDate = (ms: number) => new Date(ms).toUTCString();
const plainRequest: CacheDirectives = parseCacheControl(undefined);
const times = { requestTime: start, responseTime: start };

describe("freshnessLifetimeMs", () => {
  it("takes max-age over Expires, and ignores s-maxage", () => {
    const headers = {
      "cache-control": "s-maxage=600, max-age=60",
      date: httpDate(start),
      expires: httpDate(start + 3_600_000),
    };
    expect(freshnessLifetimeMs(headers, start)).toBe(60_000);
    expect(freshnessLifetimeMs({ "cache-control": "s-maxage=600" }, start)).toBeUndefined();
  });

  it("uses Expires − Date, with the receipt time standing in for a missing Date", () => {
    const date = start - 10_000;
    expect(freshnessLifetimeMs({ date: httpDate(date), expires: httpDate(date + 300_000) }, start)).toBe(
      300_000,
    );
    expect(freshnessLifetimeMs({ expires: httpDate(start + 120_000) }, start)).toBe(120_000);
    expect(freshnessLifetimeMs({ date: httpDate(start), expires: httpDate(start - 5000) }, start)).toBe(0);
  });

  it("caps the lifetime at 7 days, however far away max-age or Expires is", () => {
    expect(maxFreshnessMs).toBe(7 * 86_400_000);
    expect(freshnessLifetimeMs({ "cache-control": "max-age=31536000" }, start)).toBe(maxFreshnessMs);
    const expires = { date: httpDate(start), expires: httpDate(start + 30 * 86_400_000) };
    expect(freshnessLifetimeMs(expires, start)).toBe(maxFreshnessMs);
  });

  it("treats an invalid Expires as already past, and no explicit freshness as none (no heuristic)", () => {
    expect(freshnessLifetimeMs({ date: httpDate(start), expires: "0" }, start)).toBe(0);
    expect(freshnessLifetimeMs({ "last-modified": httpDate(start - 86_400_000) }, start)).toBeUndefined();
  });
});

describe("currentAgeMs (RFC 9111 §4.2.3)", () => {
  it("adds the Age header, the response delay and the time resident in the cache", () => {
    const exchange = { requestTime: start, responseTime: start + 2000 };
    const headers = { age: "30", date: httpDate(start + 2000) };
    expect(currentAgeMs({ headers, times: exchange, now: start + 12_000 })).toBe(42_000);
  });

  it("takes the apparent age (receipt − Date) when it is larger than the corrected Age", () => {
    const headers = { age: "5", date: httpDate(start - 60_000) };
    expect(currentAgeMs({ headers, times, now: start })).toBe(60_000);
  });

  it("never counts a Date in the future as negative age, and ignores an invalid Age", () => {
    expect(currentAgeMs({ headers: { date: httpDate(start + 60_000) }, times, now: start + 1000 })).toBe(
      1000,
    );
    expect(currentAgeMs({ headers: { age: "soon" }, times, now: start })).toBe(0);
    expect(currentAgeMs({ headers: { age: "7, 90" }, times, now: start })).toBe(7000);
  });
});

describe("isFresh", () => {
  const response = { status: 200, headers: { "cache-control": "max-age=60", date: httpDate(start) } };

  it("is fresh while the age is under the lifetime", () => {
    expect(isFresh({ response, times, now: start + 59_999, request: plainRequest })).toBe(true);
    expect(isFresh({ response, times, now: start + 60_000, request: plainRequest })).toBe(false);
  });

  it("counts the Age the response arrived with", () => {
    const aged = { status: 200, headers: { ...response.headers, age: "50" } };
    expect(isFresh({ response: aged, times, now: start + 9000, request: plainRequest })).toBe(true);
    expect(isFresh({ response: aged, times, now: start + 10_000, request: plainRequest })).toBe(false);
  });

  it("is never fresh with no-cache on either side, nor older than the request's max-age", () => {
    const noCache = { status: 200, headers: { "cache-control": "max-age=60, no-cache" } };
    expect(isFresh({ response: noCache, times, now: start, request: plainRequest })).toBe(false);
    const request = parseCacheControl("no-cache");
    expect(isFresh({ response, times, now: start, request })).toBe(false);
    const young = parseCacheControl("max-age=10");
    expect(isFresh({ response, times, now: start + 10_000, request: young })).toBe(true);
    expect(isFresh({ response, times, now: start + 10_001, request: young })).toBe(false);
  });

  it("is never fresh without explicit freshness", () => {
    const validatorsOnly = { status: 200, headers: { etag: '"v1"' } };
    expect(isFresh({ response: validatorsOnly, times, now: start, request: plainRequest })).toBe(false);
  });
});

describe("isStorable", () => {
  const storable = (headers: Record<string, string>, status = 200, request = plainRequest) =>
    isStorable({ response: { status, headers }, request });

  it("stores listed statuses with explicit freshness or a validator; private is fine", () => {
    expect(storable({ "cache-control": "private, max-age=60" })).toBe(true);
    expect(storable({ expires: httpDate(start) })).toBe(true);
    expect(storable({ etag: '"v1"' }, 404)).toBe(true);
    expect(storable({ "last-modified": httpDate(start) }, 410)).toBe(true);
    expect(storable({ "content-type": "text/plain" })).toBe(false);
    expect(storable({ "cache-control": "max-age=60" }, 500)).toBe(false);
    expect(storable({ "cache-control": "max-age=60" }, 302)).toBe(false);
    expect(storable({ etag: '"v1"' }, 206)).toBe(false);
  });

  it("does not store no-store (response or request) nor Vary: *", () => {
    expect(storable({ "cache-control": "max-age=60, no-store", etag: '"v1"' })).toBe(false);
    expect(storable({ "cache-control": "max-age=60" }, 200, parseCacheControl("no-store"))).toBe(false);
    expect(storable({ "cache-control": "max-age=60", vary: "Accept, *" })).toBe(false);
    expect(storable({ "cache-control": "max-age=60", vary: "Accept, Authorization" })).toBe(true);
    // Left out of the key, so a variant chosen by them could not be told apart.
    expect(storable({ "cache-control": "max-age=60", vary: "Cache-Control" })).toBe(false);
    expect(storable({ "cache-control": "max-age=60", vary: "content-type" })).toBe(false);
  });
});

describe("storageTtlMs", () => {
  const ttl = (headers: Record<string, string>, now = start) =>
    storageTtlMs({ response: { status: 200, headers }, times, now, request: plainRequest });

  it("keeps a fresh response for its remaining freshness, plus a day to revalidate when it has validators", () => {
    expect(ttl({ "cache-control": "max-age=60", age: "20" })).toBe(40_000);
    expect(ttl({ "cache-control": "max-age=60", etag: '"v1"' })).toBe(60_000 + revalidationWindowMs);
    expect(revalidationWindowMs).toBe(86_400_000);
  });

  it("never keeps an entry longer than 8 days (7 of freshness, 1 to revalidate)", () => {
    expect(ttl({ "cache-control": "max-age=31536000", etag: '"v1"' })).toBe(maxStorageTtlMs);
    expect(maxStorageTtlMs).toBe(8 * 86_400_000);
  });

  it("keeps a validators-only or no-cache response for the revalidation window alone", () => {
    expect(ttl({ etag: '"v1"' })).toBe(revalidationWindowMs);
    expect(ttl({ "cache-control": "max-age=60, no-cache", etag: '"v1"' })).toBe(revalidationWindowMs);
  });

  it("is 0 (not stored) when nothing would be left to serve or revalidate", () => {
    expect(ttl({ "cache-control": "max-age=60", age: "60" })).toBe(0);
    expect(ttl({ "cache-control": "max-age=60, no-cache" })).toBe(0);
    expect(ttl({ "cache-control": "no-store", etag: '"v1"' })).toBe(0);
    expect(ttl({ "cache-control": "max-age=60" }, start + 61_000)).toBe(0);
  });
});
