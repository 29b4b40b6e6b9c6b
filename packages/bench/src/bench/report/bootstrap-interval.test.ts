import { describe, expect, it } from "vitest";
import { bootstrapMeanInterval } from "./bootstrap-interval.js";

describe("bootstrapMeanInterval", () => {
  const values = [0.01, 0.02, 0.02, 0.03, 0.05, 0.08, 0.13, 0.21];

  it("gives the mean and an interval around it, the same for the same seed", () => {
    const first = bootstrapMeanInterval({ values, seed: "cost:agentone" });
    const second = bootstrapMeanInterval({ values, seed: "cost:agentone" });
    expect(first).toEqual(second);
    expect(first?.mean).toBeCloseTo(0.06875, 12);
    expect(first?.low).toBeLessThan(first?.mean ?? 0);
    expect(first?.high).toBeGreaterThan(first?.mean ?? 0);
    expect(first?.low).toBeGreaterThanOrEqual(0.01);
    expect(first?.high).toBeLessThanOrEqual(0.21);
  });

  it("depends on the seed only through the resampling", () => {
    const other = bootstrapMeanInterval({ values, seed: "cost:cheap-only" });
    expect(other?.mean).toBeCloseTo(0.06875, 12);
  });

  it("is wider at a higher confidence", () => {
    const ninety = bootstrapMeanInterval({ values, seed: 1, confidence: 0.9 });
    const ninetyNine = bootstrapMeanInterval({ values, seed: 1, confidence: 0.99 });
    expect((ninetyNine?.high ?? 0) - (ninetyNine?.low ?? 0)).toBeGreaterThan(
      (ninety?.high ?? 0) - (ninety?.low ?? 0),
    );
  });

  it("has zero width for one value or for equal values, and no answer for none", () => {
    expect(bootstrapMeanInterval({ values: [0.5], seed: 1 })).toEqual({ mean: 0.5, low: 0.5, high: 0.5 });
    expect(bootstrapMeanInterval({ values: [2, 2, 2], seed: 1 })).toEqual({ mean: 2, low: 2, high: 2 });
    expect(bootstrapMeanInterval({ values: [], seed: 1 })).toBeNull();
  });
});
