import { describe, expect, it } from "vitest";
import type { FinalResponse } from "../follow-redirects.js";
import {
  canStoreExchange,
  decodeCachedResponse,
  encodeCachedResponse,
  maxStoredBodyBytes,
  toFinalResponse,
} from "./cached-response.js";

function final(overrides: Partial<FinalResponse["response"]> = {}, redirects = 0): FinalResponse {
  return {
    response: {
      status: 200,
      statusText: "OK",
      headers: {
        "content-type": "application/json",
        etag: '"v1"',
        "set-cookie": ["a=1"],
        connection: "close",
      },
      body: Buffer.from('{"ok":true}'),
      truncated: false,
      ...overrides,
    },
    finalUrl: new URL("https://api.example.com/items?page=2"),
    redirects,
  };
}

const times = { requestTime: 1000, responseTime: 1500 };

describe("encodeCachedResponse and decodeCachedResponse", () => {
  it("round-trips a response through JSON: status, headers without connection fields, body, times", () => {
    const stored = JSON.parse(JSON.stringify(encodeCachedResponse({ final: final(), times })));
    const entry = decodeCachedResponse(stored);
    expect(entry).toEqual({
      format: 1,
      url: "https://api.example.com/items?page=2",
      status: 200,
      statusText: "OK",
      headers: { "content-type": "application/json", etag: '"v1"', "set-cookie": ["a=1"] },
      body: Buffer.from('{"ok":true}').toString("base64"),
      requestTime: 1000,
      responseTime: 1500,
    });
    const back = entry && toFinalResponse(entry, 1 << 20);
    expect(back?.response.body.toString()).toBe('{"ok":true}');
    expect(back).toMatchObject({ redirects: 0, response: { status: 200, truncated: false } });
    expect(back?.finalUrl.href).toBe("https://api.example.com/items?page=2");
  });

  it("reads anything that is not a stored response as a miss", () => {
    const good = encodeCachedResponse({ final: final(), times });
    for (const bad of [
      undefined,
      null,
      "text",
      { removed: true },
      { ...good, format: 2 },
      { ...good, body: 42 },
      { ...good, body: "not base64!" },
      { ...good, url: "/relative" },
      { ...good, status: 99 },
      { ...good, headers: { etag: 7 } },
      { ...good, responseTime: undefined },
    ])
      expect(decodeCachedResponse(bad)).toBeUndefined();
  });
});

describe("toFinalResponse", () => {
  it("cuts a stored body at today's limit, as a live read would", () => {
    const entry = encodeCachedResponse({ final: final({ body: Buffer.from("0123456789") }), times });
    const cut = toFinalResponse(entry, 4);
    expect(cut.response.body.toString()).toBe("0123");
    expect(cut.response.truncated).toBe(true);
  });
});

describe("canStoreExchange", () => {
  it("stores only whole responses reached without redirects and within the size cap", () => {
    expect(canStoreExchange(final())).toBe(true);
    expect(canStoreExchange(final({}, 1))).toBe(false);
    expect(canStoreExchange(final({ truncated: true }))).toBe(false);
    expect(canStoreExchange(final({ body: Buffer.alloc(maxStoredBodyBytes) }))).toBe(true);
    expect(canStoreExchange(final({ body: Buffer.alloc(maxStoredBodyBytes + 1) }))).toBe(false);
    expect(canStoreExchange({ ...final(), unfollowedRedirect: "not followed" })).toBe(false);
  });
});
