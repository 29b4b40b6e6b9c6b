import { describe, expect, it } from "vitest";
import { createRandom } from "./random.js";

describe("createRandom", () => {
  it("repeats its sequence for the same seed and differs for another", () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRandom(seed).next);
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("forks independent streams by label without advancing the parent", () => {
    const parent = createRandom(1);
    const first = parent.fork("a").next();
    expect(parent.fork("a").next()).toBe(first);
    expect(parent.fork("b").next()).not.toBe(first);
    expect(createRandom(1).next()).toBe(parent.next());
  });

  it("draws integers within bounds and lognormals around the median", () => {
    const random = createRandom(3);
    const integers = Array.from({ length: 1000 }, () => random.integer(2, 5));
    expect(Math.min(...integers)).toBe(2);
    expect(Math.max(...integers)).toBe(5);
    const draws = Array.from({ length: 2001 }, () => random.lognormal(100, 0.3)).sort(
      (left, right) => left - right,
    );
    const median = draws[1000] ?? 0;
    expect(median).toBeGreaterThan(90);
    expect(median).toBeLessThan(110);
  });
});
