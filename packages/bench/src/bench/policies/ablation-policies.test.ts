import { parseFaultSpec } from "@agentone/simulated";
import type { ModelTier } from "agentone";
import { describe, expect, it } from "vitest";
import { ablationPolicies, tenPercentFaults } from "./ablation-policies.js";
import type { BenchPolicy, PolicyContext } from "./bench-policy.js";

const context = (referenceUsd: number | null): PolicyContext => ({
  modelForTier: (tier: ModelTier) => `sim-${tier}`,
  referenceUsd,
});
const find = (group: string, name: string) =>
  ablationPolicies[group]?.find((policy) => policy.name === name) as BenchPolicy;

describe("ablationPolicies", () => {
  it("has twelve termination arms: four endings under three budgets", () => {
    expect(ablationPolicies.termination?.map((policy) => policy.name)).toEqual([
      "budget-25-hard-stop",
      "budget-25-best-effort",
      "budget-25-summarize",
      "budget-25-degrade",
      "budget-50-hard-stop",
      "budget-50-best-effort",
      "budget-50-summarize",
      "budget-50-degrade",
      "budget-100-hard-stop",
      "budget-100-best-effort",
      "budget-100-summarize",
      "budget-100-degrade",
    ]);
  });

  it("budgets the premium model at the share of the reference cost, in whole nano-dollars", () => {
    const plan = find("termination", "budget-25-degrade").plan(context(0.123456789));
    if (!("stages" in plan)) throw new Error("should run");
    expect(plan.stages[0]).toMatchObject({ model: "sim-premium", onExhaust: ["degrade", "summarize"] });
    expect(plan.stages[0]?.limits?.usd).toBe(0.030864197);
    expect(plan.stages[0]?.limits?.steps).toBe(50);
    expect(find("termination", "budget-100-hard-stop").referenceBudgetFraction).toBe(1);
  });

  it("skips a budgeted arm without a reference cost, or with a reference of $0", () => {
    expect(find("termination", "budget-50-summarize").plan(context(null))).toHaveProperty("skip");
    expect(find("budget-prompt", "budget-prompt-on").plan(context(0))).toHaveProperty("skip");
  });

  it("turns budget-aware prompting on and off at half the reference cost", () => {
    for (const [name, budgetPrompt] of [
      ["budget-prompt-on", true],
      ["budget-prompt-off", false],
    ] as const) {
      const plan = find("budget-prompt", name).plan(context(1));
      expect(plan).toMatchObject({ stages: [{ budgetPrompt, limits: { usd: 0.5 } }] });
    }
  });

  it("runs the three quality levels", () => {
    expect(find("quality", "quality-thorough").plan(context(null))).toMatchObject({
      stages: [{ quality: "thorough" }],
    });
  });

  it("injects no faults in one arm and a valid 10% spec in the other, on simulated models only", () => {
    expect(find("faults", "faults-0").faults).toBe("");
    expect(find("faults", "faults-10").faults).toBe(tenPercentFaults);
    const total = parseFaultSpec(tenPercentFaults).reduce((sum, entry) => sum + entry.rate, 0);
    expect(total).toBeCloseTo(0.1, 12);
    expect(ablationPolicies.faults?.every((policy) => policy.simulatedOnly)).toBe(true);
  });

  it("turns both caches off, or on with a second, warm pass", () => {
    expect(find("caching", "cache-off")).toMatchObject({ passes: 1 });
    expect(find("caching", "cache-off").plan(context(null))).toMatchObject({
      stages: [{ cache: { models: false, tools: false } }],
    });
    expect(find("caching", "cache-on")).toMatchObject({ passes: 2 });
    expect(find("caching", "cache-on").plan(context(null))).toMatchObject({
      stages: [{ cache: { models: true, tools: true } }],
    });
  });
});
