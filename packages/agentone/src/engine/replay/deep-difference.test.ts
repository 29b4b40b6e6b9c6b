import { describe, expect, it } from "vitest";
import { EqualPairs, firstDifference } from "./deep-difference.js";

describe("firstDifference", () => {
  it("compares as JSON text would, without writing it", () => {
    expect(firstDifference({ a: 1, b: undefined }, { a: 1 })).toBeNull();
    expect(firstDifference({ a: -0, b: Number.NaN }, { a: 0, b: null })).toBeNull();
    expect(firstDifference({ a: [1, { c: "x" }] }, { a: [1, { c: "y" }] })).toEqual({
      path: "a[1].c",
      recorded: "x",
      replayed: "y",
    });
  });

  it("skips pairs found equal before, but never a pair compared with a path ignored inside", () => {
    const equalPairs = new EqualPairs();
    const recorded = { at: "10:00", text: "same" };
    const replayed = { at: "10:05", text: "same" };
    const ignore = (path: string) => path === "event.at";
    expect(firstDifference({ event: recorded }, { event: replayed }, { ignore, equalPairs })).toBeNull();
    // The pair was equal only with `at` ignored: compared elsewhere, the difference still shows.
    expect(firstDifference({ other: recorded }, { other: replayed }, { equalPairs })).toMatchObject({
      path: "other.at",
    });
    const message = { role: "user", content: "hi" };
    const copy = { ...message };
    expect(firstDifference([message], [copy], { equalPairs })).toBeNull();
    expect(equalPairs.has(message, copy)).toBe(true);
  });
});
