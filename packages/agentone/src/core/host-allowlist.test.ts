import { describe, expect, it } from "vitest";
import { createHostAllowlist } from "./host-allowlist.js";
import { canonicalHost, isLocalhostName } from "./host-name.js";

describe("canonicalHost", () => {
  it("lower-cases, drops a trailing dot and brackets, and normalizes IP literals", () => {
    expect(canonicalHost("API.Example.COM.")).toBe("api.example.com");
    expect(canonicalHost("[0:0::1]")).toBe("::1");
    expect(canonicalHost("::1")).toBe("::1");
    expect(canonicalHost("2130706433")).toBe("127.0.0.1");
  });

  it.each(["", "example.com:8080", "https://example.com", "example.com/path", "user@example.com", "a b"])(
    "rejects %j",
    (text) => {
      expect(canonicalHost(text)).toBeUndefined();
    },
  );

  it("knows localhost names", () => {
    expect(isLocalhostName("localhost")).toBe(true);
    expect(isLocalhostName("app.localhost")).toBe(true);
    expect(isLocalhostName("localhost.example.com")).toBe(false);
  });
});

describe("createHostAllowlist", () => {
  const allowlist = createHostAllowlist(["api.example.com", "*.example.org", "127.0.0.1", "[::1]"]);

  it("matches exact names and IP literals", () => {
    expect(allowlist.allows("api.example.com")).toBe(true);
    expect(allowlist.allows("127.0.0.1")).toBe(true);
    expect(allowlist.allows("::1")).toBe(true);
    expect(allowlist.allows("example.com")).toBe(false);
    expect(allowlist.allows("evil-api.example.com")).toBe(false);
    expect(allowlist.allows("api.example.com.evil.net")).toBe(false);
  });

  it("matches subdomains of a wildcard at any depth, not the apex or look-alikes", () => {
    expect(allowlist.allows("www.example.org")).toBe(true);
    expect(allowlist.allows("eu.api.example.org")).toBe(true);
    expect(allowlist.allows("example.org")).toBe(false);
    expect(allowlist.allows("badexample.org")).toBe(false);
  });

  it.each(["*", "*.", "api.*.com", "https://api.example.com", "api.example.com:443", ""])(
    "refuses the pattern %j with a ConfigError naming allowedHosts",
    (pattern) => {
      expect(() => createHostAllowlist([pattern])).toThrow(
        expect.objectContaining({ code: "CONFIG_ERROR", details: { key: "allowedHosts" } }),
      );
    },
  );
});
