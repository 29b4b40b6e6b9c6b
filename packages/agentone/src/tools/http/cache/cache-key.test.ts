import { describe, expect, it } from "vitest";
import { resolveHttpToolOptions } from "../http-tool-options.js";
import { httpCacheKey, httpCacheScope, normalizeCacheUrl } from "./cache-key.js";

const scope = httpCacheScope(resolveHttpToolOptions({ allowedHosts: ["api.example.com"] }));
const keyOf = (url: string, headers?: Record<string, string>, generation = 0) =>
  httpCacheKey({ url, headers, scope, generation });

describe("httpCacheKey", () => {
  it("normalizes the URL as URL parsing does, and drops the fragment", () => {
    const url = normalizeCacheUrl("HTTPS://API.Example.com:443/a/../items?x=1#top");
    expect(url).toBe("https://api.example.com/items?x=1");
    expect(normalizeCacheUrl("not a url")).toBeUndefined();
    const key = keyOf(url ?? "");
    expect(key.startsWith("http_request:1 GET https://api.example.com/items?x=1 0 ")).toBe(true);
    expect(keyOf("https://api.example.com/items?x=2")).not.toBe(key);
  });

  it("holds the URL's generation: a write's new generation leaves every earlier key behind", () => {
    const url = "https://api.example.com/items";
    expect(keyOf(url, {}, 1_767_225_600_000)).not.toBe(keyOf(url, {}, 0));
    expect(keyOf(url, {}, 1_767_225_600_000)).toContain(" 1767225600000 ");
  });

  it("holds every header the model sent, whatever the case or order of names", () => {
    const url = "https://api.example.com/items";
    const key = keyOf(url, { Accept: "application/json", "X-Tenant": "a" });
    expect(keyOf(url, { "x-tenant": "a", ACCEPT: "application/json" })).toBe(key);
    expect(keyOf(url, { Accept: "application/json", "X-Tenant": "b" })).not.toBe(key);
    expect(keyOf(url, { Accept: "application/json" })).not.toBe(key);
    expect(keyOf(url, { Authorization: "Bearer one" })).not.toBe(keyOf(url, { Authorization: "Bearer two" }));
  });

  it("leaves Cache-Control, Pragma and Content-Type out: a no-cache GET finds the plain GET's entry", () => {
    const url = "https://api.example.com/items";
    expect(keyOf(url, { "Cache-Control": "no-cache", Pragma: "no-cache" })).toBe(keyOf(url, {}));
    expect(keyOf(url, { "Content-Type": "application/json" })).toBe(keyOf(url, {}));
  });

  it("keeps no header value in the key, credentials least of all", () => {
    const key = keyOf("https://api.example.com/", { Authorization: "Bearer s3cret", Cookie: "session=abc" });
    expect(key).not.toContain("s3cret");
    expect(key).not.toContain("session");
  });

  it("differs between destination policies", () => {
    const wider = httpCacheScope(
      resolveHttpToolOptions({ allowedHosts: ["api.example.com", "*.example.org"] }),
    );
    const url = "https://api.example.com/";
    expect(httpCacheKey({ url, headers: {}, scope: wider, generation: 0 })).not.toBe(keyOf(url, {}));
  });
});
