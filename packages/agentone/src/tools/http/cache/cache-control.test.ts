import { describe, expect, it } from "vitest";
import { parseCacheControl, requestCacheDirectives } from "./cache-control.js";

describe("parseCacheControl", () => {
  it("reads the directives it acts on, ignoring case, spaces and unknown ones", () => {
    expect(parseCacheControl(" Private , MAX-AGE=60,must-revalidate, s-maxage=5, immutable")).toEqual({
      noStore: false,
      noCache: false,
      mustRevalidate: true,
      maxAgeSeconds: 60,
    });
    expect(parseCacheControl("no-store, no-cache")).toMatchObject({ noStore: true, noCache: true });
    expect(parseCacheControl(undefined)).toEqual({
      noStore: false,
      noCache: false,
      mustRevalidate: false,
      maxAgeSeconds: undefined,
    });
  });

  it("keeps a quoted argument whole, commas included, and reads a qualified no-cache as no-cache", () => {
    expect(parseCacheControl('no-cache="set-cookie, x-a", max-age=10')).toMatchObject({
      noCache: true,
      maxAgeSeconds: 10,
    });
    expect(parseCacheControl('max-age="30"').maxAgeSeconds).toBe(30);
  });

  it("reads an invalid max-age as 0 (stale), keeps the first of two, and caps huge ones at 2^31", () => {
    expect(parseCacheControl("max-age=-1").maxAgeSeconds).toBe(0);
    expect(parseCacheControl("max-age=soon").maxAgeSeconds).toBe(0);
    expect(parseCacheControl("max-age").maxAgeSeconds).toBe(0);
    expect(parseCacheControl("max-age=5, max-age=500").maxAgeSeconds).toBe(5);
    expect(parseCacheControl("max-age=99999999999999").maxAgeSeconds).toBe(2_147_483_648);
  });
});

describe("requestCacheDirectives", () => {
  it("reads the model's Cache-Control whatever the case of its name", () => {
    expect(requestCacheDirectives({ "CACHE-CONTROL": "no-store" }).noStore).toBe(true);
    expect(requestCacheDirectives({ "Cache-Control": "max-age=0" }).maxAgeSeconds).toBe(0);
    expect(requestCacheDirectives(undefined).noCache).toBe(false);
  });

  it("reads Pragma: no-cache as no-cache, and nothing else from Pragma", () => {
    expect(requestCacheDirectives({ Pragma: "no-cache" }).noCache).toBe(true);
    expect(requestCacheDirectives({ pragma: "x-other, No-Cache" }).noCache).toBe(true);
    expect(requestCacheDirectives({ pragma: "x-other" }).noCache).toBe(false);
  });
});
