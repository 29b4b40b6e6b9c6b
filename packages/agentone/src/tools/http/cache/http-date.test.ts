import { describe, expect, it } from "vitest";
import { parseHttpDate } from "./http-date.js";

const expected = Date.UTC(1994, 10, 6, 8, 49, 37);

describe("parseHttpDate", () => {
  it("reads the three forms of RFC 9110 as GMT", () => {
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")).toBe(expected);
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")).toBe(expected);
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994")).toBe(expected);
    expect(parseHttpDate("Thursday, 01-Jan-37 00:00:00 GMT")).toBe(Date.UTC(2037, 0, 1));
  });

  it('refuses what is not an HTTP-date, "0" included (which Date.parse reads as the year 2000)', () => {
    expect(parseHttpDate("0")).toBeUndefined();
    expect(parseHttpDate("-1")).toBeUndefined();
    expect(parseHttpDate("2026-01-01T00:00:00Z")).toBeUndefined();
    expect(parseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT")).toBeUndefined();
    expect(parseHttpDate(undefined)).toBeUndefined();
  });
});
