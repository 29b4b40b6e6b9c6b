import { describe, expect, it } from "vitest";
import { sampleRecord, sampleResults } from "../../../test/bench/support/sample-record.js";
import { seriesNames, seriesOf, summarizeByPolicy, summarizeByTask } from "./summarize-results.js";

const results = sampleResults([
  sampleRecord({ policy: "cheap-only", seed: 1, success: true, costUsd: 0.004, quality: 1 }),
  sampleRecord({ policy: "cheap-only", seed: 2, success: false, costUsd: 0.006, quality: 0.5 }),
  sampleRecord({
    policy: "cheap-only",
    seed: 3,
    success: false,
    costUsd: 0.002,
    quality: 0,
    error: "grader crashed",
    terminationReason: null,
  }),
  sampleRecord({ policy: "premium-only", seed: 1, costUsd: 0.9, terminationReason: "budget_exhausted:usd" }),
  sampleRecord({ policy: "premium-only", seed: 2, costUsd: 0.7 }),
  sampleRecord({ policy: "agentone", seed: 1, costUsd: 0.08, task: "fix-failing-test" }),
  sampleRecord({ policy: "agentone", seed: 2, costUsd: 0.1, success: false, quality: 0.4 }),
]);

describe("summarizeByPolicy", () => {
  const summaries = summarizeByPolicy(results);
  const of = (series: string) => summaries.find((summary) => summary.series === series);

  it("counts runs, successes and harness errors, with a Wilson interval", () => {
    expect(of("cheap-only")).toMatchObject({ runs: 3, successes: 1, errors: 1 });
    expect(of("cheap-only")?.successRate.estimate).toBeCloseTo(1 / 3, 12);
    expect(of("cheap-only")?.successRate.low).toBeGreaterThan(0);
    expect(of("cheap-only")?.meanQuality).toBeCloseTo(0.5, 12);
  });

  it("gives mean cost with a bootstrap interval that contains it", () => {
    const cost = of("premium-only")?.cost;
    expect(cost?.mean).toBeCloseTo(0.8, 12);
    expect(cost?.low).toBeGreaterThanOrEqual(0.7);
    expect(cost?.high).toBeLessThanOrEqual(0.9);
  });

  it("marks the Pareto front of mean cost against success rate", () => {
    // premium-only: 100% at $0.80; agentone: 50% at $0.09; cheap-only: 33% at $0.004.
    expect(summaries.filter((summary) => summary.onParetoFront).map((summary) => summary.series)).toEqual([
      "cheap-only",
      "premium-only",
      "agentone",
    ]);
    const dominated = summarizeByPolicy(
      sampleResults([
        sampleRecord({ policy: "a", costUsd: 0.1, success: true }),
        sampleRecord({ policy: "b", costUsd: 0.2, success: true }),
      ]),
    );
    expect(dominated.map((summary) => summary.onParetoFront)).toEqual([true, false]);
  });

  it("counts how runs ended, harness errors apart", () => {
    expect(of("cheap-only")?.terminations).toEqual({ answered: 2, harness_error: 1 });
    expect(of("premium-only")?.terminations).toEqual({ answered: 1, "budget_exhausted:usd": 1 });
  });

  it("summarizes a later pass as its own series, after the first", () => {
    const twoPass = sampleResults([
      sampleRecord({ policy: "cache-on", pass: 1, costUsd: 0.1 }),
      sampleRecord({ policy: "cache-on", pass: 2, costUsd: 0.01, cacheHits: 6 }),
    ]);
    expect(seriesNames(twoPass)).toEqual(["cache-on", "cache-on (pass 2)"]);
    expect(seriesOf({ policy: "cache-on", pass: 2 })).toBe("cache-on (pass 2)");
    expect(summarizeByPolicy(twoPass).map((summary) => [summary.series, summary.cacheHits])).toEqual([
      ["cache-on", 0],
      ["cache-on (pass 2)", 6],
    ]);
  });
});

describe("summarizeByTask", () => {
  it("gives one cell per policy and task, empty where nothing ran", () => {
    const cells = summarizeByTask(results);
    expect(cells).toHaveLength(3 * 2);
    expect(cells.find((cell) => cell.series === "agentone" && cell.task === "fix-failing-test")).toEqual({
      series: "agentone",
      task: "fix-failing-test",
      runs: 1,
      successes: 1,
      meanCostUsd: 0.08,
    });
    expect(cells.find((cell) => cell.series === "cheap-only" && cell.task === "fix-failing-test")?.runs).toBe(
      0,
    );
  });
});
