import { describe, expect, it } from "vitest";
import { simulatedModels } from "../backends/simulated/simulated-models.js";
import { decideStep, type StepDecisionInput } from "./decide-step.js";

const base: StepDecisionInput = {
  kind: "act",
  models: simulatedModels,
  pinnedModel: null,
  availableNanoUsd: 1_000_000_000,
  remainingUsdFraction: 1,
  availableTokens: null,
  estimatedInputTokens: 2000,
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
    expect(decideStep({ ...base, kind: "plan", remainingUsdFraction: 0.1 })).toMatchObject({
      model: "sim-standard",
      reason: "plan_budget_low_standard",
    });
  });

  it("steps down to a tier that fits when the preferred one does not", () => {
    expect(decideStep({ ...base, kind: "plan", availableNanoUsd: 10_000_000 })).toMatchObject({
      model: "sim-standard",
      reason: "plan_unaffordable_standard",
    });
    expect(decideStep({ ...base, availableNanoUsd: 1_000_000 })).toMatchObject({
      model: "sim-cheap",
      reason: "act_unaffordable_cheap",
    });
  });

  it("refuses when no priced model fits and degrading is not allowed", () => {
    expect(decideStep({ ...base, availableNanoUsd: 100_000 })).toMatchObject({
      allowed: false,
      reason: "budget_exhausted",
    });
  });

  it("degrades to the local model when dollars run out and the run allows it", () => {
    expect(decideStep({ ...base, availableNanoUsd: 0, allowDegradeToLocal: true })).toMatchObject({
      allowed: true,
      model: "sim-local",
      tier: "local",
      reason: "act_degrade_local",
    });
  });

  it("respects the token budget even for free models", () => {
    expect(
      decideStep({ ...base, availableNanoUsd: 0, allowDegradeToLocal: true, availableTokens: 1000 }),
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
      decideStep({ ...base, models: local, availableNanoUsd: null, remainingUsdFraction: null }),
    ).toMatchObject({ model: "sim-local", reason: "act_preferred_local" });
  });

  it("caps the output tokens at the model's maximum and the kind's wish", () => {
    expect(decideStep({ ...base, kind: "plan" }).maxOutputTokens).toBe(1024);
    expect(decideStep({ ...base, kind: "act" }).maxOutputTokens).toBe(2048);
  });
});
