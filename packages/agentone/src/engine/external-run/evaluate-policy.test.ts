import { beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors/index.js";
import { ScriptedBackend, scriptedModel } from "../../testing/scripted-backend.js";
import { createTestRuntime } from "../../testing/test-runtime.js";
import type { Runtime } from "../runtime.js";
import { evaluatePolicy } from "./evaluate-policy.js";

let runtime: Runtime;
beforeAll(async () => {
  runtime = await createTestRuntime({
    backends: [new ScriptedBackend({ steps: [] })],
    models: [
      // A slow premium model and a fast standard one, so a latency SLA can tell them apart.
      { ...scriptedModel({ id: "scripted-premium", tier: "premium" }), outputTokensPerSecond: 5 },
      { ...scriptedModel({ id: "scripted-standard", tier: "standard" }), outputTokensPerSecond: 1000 },
      scriptedModel({ id: "scripted-cheap", tier: "cheap" }),
    ],
  });
});

describe("the stateless policy evaluation", () => {
  it("plans on the premium tier with a whole budget, and one tier down when little is left", () => {
    const full = evaluatePolicy(runtime, { stepKind: "plan", remainingBudget: 1, totalBudget: 1 });
    expect(full).toMatchObject({
      decision: { allowed: true, tier: "premium", model: "scripted-premium", hardStop: false },
      reason: "plan_preferred_premium",
    });
    const low = evaluatePolicy(runtime, { stepKind: "plan", remainingBudget: 0.1, totalBudget: 1 });
    expect(low).toMatchObject({ decision: { tier: "standard" }, reason: "plan_budget_low_standard" });
  });

  it("keeps a step inside its latency SLA and says so", () => {
    const fast = evaluatePolicy(runtime, {
      stepKind: "plan",
      remainingBudget: 1,
      totalBudget: 1,
      latencySlaMs: 5000,
    });
    expect(fast).toMatchObject({
      decision: { tier: "standard" },
      reason: "plan_sla_constrained_standard",
      latencySlaMs: 5000,
    });
    expect(fast.predictedLatencyMs).toBeLessThanOrEqual(5000);
  });

  it("is a hard stop when no model fits what is left", () => {
    const none = evaluatePolicy(runtime, { stepKind: "act", remainingBudget: 0, totalBudget: 1 });
    expect(none).toMatchObject({
      decision: { allowed: false, hardStop: true, model: null, tier: null },
      reason: "budget_exhausted",
    });
  });

  it("gives no priority more than the budget, and names its policy", () => {
    const ask = (priority: "low" | "critical") =>
      evaluatePolicy(runtime, { stepKind: "act", remainingBudget: 0, totalBudget: 1, priority });
    expect(ask("critical")).toEqual(ask("low"));
    expect(ask("low").policyVersion).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it("names the offending field of bad input", () => {
    expect(() => evaluatePolicy(runtime, { stepKind: "act", remainingBudget: 2, totalBudget: 1 })).toThrow(
      /invalid policy evaluation: remainingBudget: the remaining budget exceeds the total budget/,
    );
    expect(() => evaluatePolicy(runtime, { stepKind: "act", remainingBudget: 1, totalBudget: 0 })).toThrow(
      /totalBudget/,
    );
    expect(() =>
      evaluatePolicy(runtime, { stepKind: "act", remainingBudget: 1, totalBudget: 1, budget: 3 } as never),
    ).toThrow(UsageError);
  });
});
