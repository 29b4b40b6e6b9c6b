import { describe, expect, it } from "vitest";
import { resolveHttpToolOptions } from "../http-tool-options.js";
import { httpCacheKey, httpCacheScope } from "./cache-key.js";

const scope = httpCacheScope(resolveHttpToolOptions({ allowedHosts: ["api.example.com"] }));
const keyOf = (url: string, headers?: Record<string, string>) => httpCacheKey({ url, headers, scope })?.key;

describe("httpCacheKey", () => {
  it("normalizes the URL as URL parsing does, and drops the fragment", () => {
    const place = httpCacheKey({ url: "HTTPS://API.Example.com:443/a/../items?x=1#top", headers: {}, scope });
    expect(place?.url).toBe("https://api.example.com/items?x=1");
    expect(place?.key.startsWith("http_request:1 GET https://api.example.com/items?x=1 ")).toBe(true);
    expect(keyOf("https://api.example.com/items?x=1")).toBe(place?.key);
    expect(keyOf("https://api.example.com/items?x=2")).not.toBe(place?.key);
    expect(keyOf("not a url")).toBeUndefined();
  });

  it("holds every header the model sent, whatever the case or order of names", () => {
    const url = "https://api.example.com/items";
    const key = keyOf(url, { Accept: "application/json", "X-Tenant": "a" });
    expect(keyOf(url, { "x-tenant": "a", ACCEPT: "application/json" })).toBe(key);
    expect(keyOf(url, { Accept: "application/json", "X-Tenant": "b" })).not.toBe(key);
    expect(keyOf(url, { Accept: "application/json" })).not.toBe(key);
    expect(keyOf(url, { Authorization: "Bearer one" })).not.toBe(keyOf(url, { Authorization: "Bearer two" }));
  });

  it("leaves Cache-Control, Pragma and Content-Type out: a no-cache GET or a PUT finds the plain GET's entry", () => {
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
    expect(httpCacheKey({ url, headers: {}, scope: wider })?.key).not.toBe(keyOf(url, {}));
  });
});
