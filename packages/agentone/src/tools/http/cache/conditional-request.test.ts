import { describe, expect, it } from "vitest";
import {
  hasValidators,
  mergeNotModified,
  notModifiedMatches,
  storedHeaderFields,
  validatorHeaders,
} from "./conditional-request.js";

const lastModified = "Tue, 01 Apr 2025 00:00:00 GMT";

describe("validatorHeaders", () => {
  it("asks If-None-Match with the ETag and If-Modified-Since with the Last-Modified", () => {
    expect(validatorHeaders({ etag: '"v1"' })).toEqual({ "if-none-match": '"v1"' });
    expect(validatorHeaders({ "last-modified": lastModified })).toEqual({
      "if-modified-since": lastModified,
    });
    expect(validatorHeaders({ etag: 'W/"v1"', "last-modified": lastModified })).toEqual({
      "if-none-match": 'W/"v1"',
      "if-modified-since": lastModified,
    });
    expect(validatorHeaders({ "cache-control": "max-age=1" })).toEqual({});
    expect(hasValidators({ "cache-control": "max-age=1" })).toBe(false);
  });
});

describe("notModifiedMatches", () => {
  it("compares a strong ETag strongly and a weak one weakly", () => {
    expect(notModifiedMatches({ etag: '"v1"' }, { etag: '"v1"' })).toBe(true);
    expect(notModifiedMatches({ etag: '"v1"' }, { etag: '"v2"' })).toBe(false);
    expect(notModifiedMatches({ etag: 'W/"v1"' }, { etag: '"v1"' })).toBe(false);
    expect(notModifiedMatches({ etag: '"v1"' }, { etag: 'W/"v1"' })).toBe(true);
    expect(notModifiedMatches({ "last-modified": lastModified }, { etag: '"v1"' })).toBe(false);
  });

  it("compares Last-Modified when the 304 has no ETag, and accepts a 304 with no validator", () => {
    expect(notModifiedMatches({ "last-modified": lastModified }, { "last-modified": lastModified })).toBe(
      true,
    );
    expect(
      notModifiedMatches(
        { "last-modified": lastModified },
        { "last-modified": "Wed, 02 Apr 2025 00:00:00 GMT" },
      ),
    ).toBe(false);
    expect(notModifiedMatches({ etag: '"v1"' }, { date: lastModified })).toBe(true);
  });
});

describe("mergeNotModified (RFC 9111 §3.2)", () => {
  it("replaces the stored fields the 304 carries, keeping Content-Length and skipping connection fields", () => {
    const stored = {
      "content-type": "application/json",
      "content-length": "12",
      "cache-control": "max-age=60",
      etag: '"v1"',
      date: "Thu, 01 Jan 2026 00:00:00 GMT",
    };
    const notModified = {
      "cache-control": "max-age=120",
      date: "Thu, 01 Jan 2026 00:02:00 GMT",
      "content-length": "0",
      connection: "close, x-hop",
      "x-hop": "1",
      "keep-alive": "timeout=5",
      "x-new": "yes",
      "set-cookie": ["a=1", "b=2"],
      absent: undefined,
    };
    expect(mergeNotModified(stored, notModified)).toEqual({
      "content-type": "application/json",
      "content-length": "12",
      "cache-control": "max-age=120",
      etag: '"v1"',
      date: "Thu, 01 Jan 2026 00:02:00 GMT",
      "x-new": "yes",
      "set-cookie": ["a=1", "b=2"],
    });
  });
});

describe("storedHeaderFields", () => {
  it("drops connection-specific fields, those the Connection field names, and absent ones", () => {
    expect(
      storedHeaderFields({
        etag: '"v1"',
        connection: "x-trace",
        "x-trace": "1",
        "transfer-encoding": "chunked",
        vary: undefined,
      }),
    ).toEqual({ etag: '"v1"' });
  });
});
