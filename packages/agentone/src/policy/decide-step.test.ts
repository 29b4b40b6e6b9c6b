import { simulatedModels } from "@agentone/simulated";
import { describe, expect, it } from "vitest";
import { decideNestedCall, decideStep, type StepDecisionInput } from "./decide-step.js";
import { resolveRoutingPolicy } from "./routing-policy.js";

const base: StepDecisionInput = {
  kind: "act",
  models: simulatedModels,
  pinnedModel: null,
  available: { nanoUsd: 1_000_000_000, tokens: null },
  remainingFraction: { usd: 1, tokens: null },
  estimatedInputTokens: 2000,
  policy: resolveRoutingPolicy(),
  allowDegradeToLocal: false,
};
// Worst case of a 2000-token input with 64 output tokens, per model, in nano-dollars:
// premium 30,000,000 + 4,800,000; standard 4,000,000 + 512,000; cheap 300,000 + 38,400; local 0.

describe("decideStep", () => {
  it.each([
    ["plan", "sim-premium", "plan_preferred_premium"],
    ["replan", "sim-premium", "replan_preferred_premium"],
    ["act", "sim-standard", "act_preferred_standard"],
    ["final", "sim-standard", "final_preferred_standard"],
    ["summarize", "sim-cheap", "summarize_cheapest"],
  ] as const)("routes a %s step to %s with plenty of budget", (kind, model, reason) => {
    expect(decideStep({ ...base, kind })).toMatchObject({ allowed: true, model, reason });
  });

  it("starts one tier lower when little of the dollar budget remains", () => {
    expect(
      decideStep({ ...base, kind: "plan", remainingFraction: { usd: 0.1, tokens: null } }),
    ).toMatchObject({
      model: "sim-standard",
      reason: "plan_budget_low_standard",
    });
  });

  it("steps down to a tier that fits when the preferred one does not", () => {
    expect(
      decideStep({ ...base, kind: "plan", available: { nanoUsd: 10_000_000, tokens: null } }),
    ).toMatchObject({
      model: "sim-standard",
      reason: "plan_unaffordable_standard",
    });
    expect(decideStep({ ...base, available: { nanoUsd: 1_000_000, tokens: null } })).toMatchObject({
      model: "sim-cheap",
      reason: "act_unaffordable_cheap",
    });
  });

  it("refuses when no priced model fits and degrading is not allowed", () => {
    expect(decideStep({ ...base, available: { nanoUsd: 100_000, tokens: null } })).toMatchObject({
      allowed: false,
      reason: "budget_exhausted",
    });
  });

  it("degrades to the local model when dollars run out and the run allows it", () => {
    expect(
      decideStep({ ...base, available: { nanoUsd: 0, tokens: null }, allowDegradeToLocal: true }),
    ).toMatchObject({
      allowed: true,
      model: "sim-local",
      tier: "local",
      reason: "act_degrade_local",
    });
  });

  it("respects the token budget even for free models", () => {
    expect(
      decideStep({ ...base, available: { nanoUsd: 0, tokens: 1000 }, allowDegradeToLocal: true }),
    ).toMatchObject({ allowed: false });
  });

  it("uses a pinned model for ordinary steps but the cheapest for the summary", () => {
    expect(decideStep({ ...base, pinnedModel: "sim-premium" })).toMatchObject({
      model: "sim-premium",
      reason: "model_pinned",
    });
    expect(decideStep({ ...base, kind: "summarize", pinnedModel: "sim-premium" })).toMatchObject({
      model: "sim-cheap",
    });
  });

  it("treats local models as the preference when they are all there is", () => {
    const local = simulatedModels.filter((model) => model.tier === "local");
    expect(
      decideStep({
        ...base,
        models: local,
        available: { nanoUsd: null, tokens: null },
        remainingFraction: { usd: null, tokens: null },
      }),
    ).toMatchObject({ model: "sim-local", reason: "act_preferred_local" });
  });

  it("caps the output tokens at the model's maximum and the kind's wish", () => {
    expect(decideStep({ ...base, kind: "plan" }).maxOutputTokens).toBe(1024);
    expect(decideStep({ ...base, kind: "act" }).maxOutputTokens).toBe(2048);
  });
});

describe("decideStep: a low budget with no lower tier", () => {
  it("keeps the preferred tier when no model exists below it", () => {
    const withoutCheap = simulatedModels.filter((model) => model.tier !== "cheap");
    expect(
      decideStep({ ...base, models: withoutCheap, remainingFraction: { usd: 0.15, tokens: null } }),
    ).toMatchObject({ allowed: true, model: "sim-standard", reason: "act_preferred_standard" });
  });
});

describe("decideNestedCall", () => {
  const nested: StepDecisionInput = { ...base, kind: "summarize", estimatedInputTokens: 3000 };

  it("routes a tool's model call to the cheapest summary tier", () => {
    const decision = decideNestedCall(nested);
    expect(decision).toMatchObject({ allowed: true, model: "sim-cheap", reason: "summarize_cheapest" });
  });

  it("keeps a pinned run on its pinned model", () => {
    const decision = decideNestedCall({ ...nested, pinnedModel: "sim-premium" });
    expect(decision).toMatchObject({ allowed: true, model: "sim-premium", reason: "model_pinned" });
  });

  it("refuses when the pinned model no longer fits and the run may not degrade", () => {
    const decision = decideNestedCall({
      ...nested,
      pinnedModel: "sim-premium",
      available: { nanoUsd: 1000, tokens: null },
    });
    expect(decision).toMatchObject({ allowed: false, limitedBy: "usd" });
  });
});

describe("decideStep: no model of the allowed tiers exists", () => {
  const premiumOnly = simulatedModels.filter((model) => model.tier === "premium");

  it.each(["act", "final"] as const)("runs a %s step on the only model there is, saying why", (kind) => {
    expect(decideStep({ ...base, kind, models: premiumOnly })).toMatchObject({
      allowed: true,
      model: "sim-premium",
      reason: `${kind}_only_available_premium`,
      downgraded: false,
    });
  });

  it("still refuses on the budget when the only model does not fit it", () => {
    expect(
      decideStep({ ...base, models: premiumOnly, available: { nanoUsd: 1000, tokens: null } }),
    ).toMatchObject({ allowed: false, reason: "budget_exhausted" });
  });

  it("takes the nearest tier, the stronger one on a tie with the preferred tier's side", () => {
    const premiumAndLocal = simulatedModels.filter(
      (model) => model.tier === "premium" || model.tier === "local",
    );
    expect(decideStep({ ...base, models: premiumAndLocal })).toMatchObject({
      model: "sim-premium",
      reason: "act_only_available_premium",
    });
    const fast = resolveRoutingPolicy({ tiers: { act: ["premium"] } });
    const cheapAndLocal = simulatedModels.filter((model) => model.tier === "cheap" || model.tier === "local");
    expect(decideStep({ ...base, policy: fast, models: cheapAndLocal })).toMatchObject({
      model: "sim-cheap",
      reason: "act_only_available_cheap",
    });
  });

  it("refuses with no_model_available, not a budget reason, when there is no model at all", () => {
    for (const kind of ["plan", "act", "summarize"] as const)
      expect(decideStep({ ...base, kind, models: [] })).toMatchObject({
        allowed: false,
        reason: "no_model_available",
      });
  });
});
