import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson-interval.js";

describe("wilsonInterval", () => {
  // Reference values: Newcombe (1998), method 3, and the usual textbook examples.
  it.each([
    { successes: 8, trials: 10, low: 0.4902, high: 0.9433 },
    { successes: 0, trials: 10, low: 0, high: 0.2775 },
    { successes: 10, trials: 10, low: 0.7225, high: 1 },
    { successes: 50, trials: 100, low: 0.4038, high: 0.5962 },
    { successes: 3, trials: 6, low: 0.1876, high: 0.8124 },
    { successes: 1, trials: 1, low: 0.2065, high: 1 },
  ])("$successes of $trials gives [$low, $high]", ({ successes, trials, low, high }) => {
    const interval = wilsonInterval({ successes, trials });
    expect(interval.estimate).toBeCloseTo(successes / trials, 12);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it("stays exactly inside [0, 1] at the edges", () => {
    expect(wilsonInterval({ successes: 0, trials: 3 }).low).toBe(0);
    expect(wilsonInterval({ successes: 3, trials: 3 }).high).toBe(1);
  });

  it("is the whole range when there were no trials", () => {
    expect(wilsonInterval({ successes: 0, trials: 0 })).toEqual({ estimate: 0, low: 0, high: 1 });
  });

  it("narrows with a smaller z", () => {
    const wide = wilsonInterval({ successes: 5, trials: 10 });
    const narrow = wilsonInterval({ successes: 5, trials: 10, z: 1 });
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
  });

  it.each([
    { successes: 4, trials: 3 },
    { successes: -1, trials: 3 },
    { successes: 1.5, trials: 3 },
    { successes: 0, trials: -2 },
  ])("refuses $successes of $trials", (input) => {
    expect(() => wilsonInterval(input)).toThrow(RangeError);
  });
});
