import type { ModelTier } from "agentone";
import { resolveRoutingPolicy } from "agentone";
import { describe, expect, it } from "vitest";
import type { BenchPolicy, PolicyContext } from "./bench-policy.js";
import { mainPolicies } from "./main-policies.js";

const allTiers: PolicyContext = {
  modelForTier: (tier: ModelTier) => `sim-${tier}`,
  referenceUsd: null,
};
const noLocal: PolicyContext = {
  modelForTier: (tier: ModelTier) => (tier === "local" ? undefined : `x/${tier}`),
  referenceUsd: null,
};
const policy = (name: string) => mainPolicies.find((candidate) => candidate.name === name) as BenchPolicy;

describe("mainPolicies", () => {
  it.each(["premium", "standard", "cheap", "local"] as const)(
    "%s-only pins the tier's model and ends best-effort",
    (tier) => {
      expect(policy(`${tier}-only`).plan(allTiers)).toEqual({
        stages: [{ model: `sim-${tier}`, onExhaust: ["best-effort"] }],
      });
    },
  );

  it("skips a baseline whose tier has no model, saying why", () => {
    expect(policy("local-only").plan(noLocal)).toEqual({ skip: "no local model among the bench's models" });
  });

  it("routes statically by step kind with a policy the engine accepts", () => {
    const plan = policy("static-by-kind").plan(allTiers);
    if (!("stages" in plan)) throw new Error("static-by-kind should run");
    const resolved = resolveRoutingPolicy(plan.stages[0]?.policy);
    expect(resolved.tiers).toMatchObject({ plan: ["premium"], act: ["standard"], final: ["standard"] });
    expect(resolved.adaptiveBudget).toBe(false);
    expect(resolved.fallback.toLocal).toBe(false);
  });

  it("cascades from the cheap model to the premium one, escalating only on a run without an answer", () => {
    const cascade = policy("cascade");
    expect(cascade.plan(allTiers)).toEqual({
      stages: [
        { model: "sim-cheap", onExhaust: ["best-effort"] },
        { model: "sim-premium", onExhaust: ["best-effort"] },
      ],
    });
    expect(cascade.escalate?.({ outcome: "complete", terminationReason: "answered" })).toBe(false);
    expect(cascade.escalate?.({ outcome: "partial", terminationReason: "budget_exhausted:usd" })).toBe(true);
    expect(cascade.escalate?.({ outcome: null, terminationReason: null })).toBe(true);
  });

  it("is AgentOne's default for `agentone`: balanced, degrade, then summarize", () => {
    expect(policy("agentone").plan(noLocal)).toEqual({
      stages: [{ quality: "balanced", onExhaust: ["degrade", "summarize"] }],
    });
  });
});
