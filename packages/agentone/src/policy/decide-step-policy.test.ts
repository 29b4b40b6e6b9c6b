import { simulatedModels } from "@agentone/simulated";
import { describe, expect, it } from "vitest";
import type { StepKind } from "../core/events/payload-schemas.js";
import type { ModelSpec, ModelTier } from "../core/model-spec.js";
import { decideStep, type StepDecisionInput } from "./decide-step.js";
import { type RoutingPolicyInput, resolveRoutingPolicy } from "./routing-policy.js";
import { healthyView } from "./step-decision.js";

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
// Predicted latency at 2000 input tokens, milliseconds (time to first token + output at the model's speed):
// plan (400 out): premium 11559, standard 5014, cheap 7496; act (250 out): standard 3329, cheap 4953.
// Typical act cost at 2000 input tokens: standard 6,000,000 nano-dollars, cheap 450,000.

const decide = (overrides: Partial<StepDecisionInput>) => decideStep({ ...base, ...overrides });
const withPolicy = (policy: RoutingPolicyInput, overrides: Partial<StepDecisionInput> = {}) =>
  decide({ policy: resolveRoutingPolicy(policy), ...overrides });

/** A priced remote model on `backend`; two backends let health and tie-breaking cases be told apart. */
function spec(id: string, options: { backend: string; tier: ModelTier; output: number }): ModelSpec {
  const local = options.tier === "local";
  return {
    id,
    backend: options.backend,
    tier: options.tier,
    prices: {
      input: options.output / 4,
      cachedInput: 0,
      cacheWrite: options.output / 4,
      output: options.output,
    },
    contextWindow: local ? 32_768 : 200_000,
    maxOutputTokens: 8192,
    timeToFirstTokenMs: 500,
    outputTokensPerSecond: 100,
    capabilities: { tools: true, json: true, seed: true },
    source: "test fixture",
  };
}

const twoBackends: readonly ModelSpec[] = [
  spec("alpha-premium", { backend: "alpha", tier: "premium", output: 50 }),
  spec("alpha-standard", { backend: "alpha", tier: "standard", output: 8 }),
  spec("beta-standard", { backend: "beta", tier: "standard", output: 12 }),
  spec("alpha-cheap", { backend: "alpha", tier: "cheap", output: 0.8 }),
  spec("box-local", { backend: "box", tier: "local", output: 0 }),
];

describe("decideStep: preferred tiers", () => {
  it.each([
    ["balanced", "plan", "premium"],
    ["balanced", "replan", "premium"],
    ["balanced", "act", "standard"],
    ["balanced", "final", "standard"],
    ["fast", "plan", "standard"],
    ["fast", "replan", "standard"],
    ["fast", "act", "cheap"],
    ["fast", "final", "cheap"],
    ["thorough", "plan", "premium"],
    ["thorough", "replan", "premium"],
    ["thorough", "act", "standard"],
    ["thorough", "final", "premium"],
  ] as const)("%s: a %s step runs on its preferred %s tier", (quality, kind, tier) => {
    expect(withPolicy({ quality }, { kind })).toMatchObject({
      allowed: true,
      model: `sim-${tier}`,
      tier,
      reason: `${kind}_preferred_${tier}`,
      preferredModel: `sim-${tier}`,
      preferredTier: tier,
      downgraded: false,
    });
  });

  it.each(["fast", "balanced", "thorough"] as const)(
    "%s: the summary runs on the cheapest model",
    (quality) => {
      expect(withPolicy({ quality }, { kind: "summarize" })).toMatchObject({
        model: "sim-cheap",
        reason: "summarize_cheapest",
      });
    },
  );
});

describe("decideStep: budget", () => {
  it.each<[StepKind, number | null, RoutingPolicyInput, string, string]>([
    ["plan", 0.1, {}, "sim-standard", "plan_budget_low_standard"],
    ["act", 0.1, {}, "sim-cheap", "act_budget_low_cheap"],
    ["plan", 0.2, {}, "sim-premium", "plan_preferred_premium"],
    ["plan", null, {}, "sim-premium", "plan_preferred_premium"],
    ["act", 0.4, { lowBudgetFraction: 0.5 }, "sim-cheap", "act_budget_low_cheap"],
    ["act", 0.05, { tiers: { act: ["standard"] } }, "sim-standard", "act_preferred_standard"],
  ])("%s with %s of the dollars left (%o) → %s, %s", (kind, usd, policy, model, reason) => {
    expect(withPolicy(policy, { kind, remainingFraction: { usd, tokens: null } })).toMatchObject({
      model,
      reason,
    });
  });

  it("marks a low-budget step as downgraded from the preferred model", () => {
    expect(decide({ kind: "plan", remainingFraction: { usd: 0.1, tokens: null } })).toMatchObject({
      preferredModel: "sim-premium",
      preferredTier: "premium",
      downgraded: true,
    });
  });

  it("steps down when the preferred tier does not fit the dollars", () => {
    expect(decide({ kind: "plan", available: { nanoUsd: 10_000_000, tokens: null } })).toMatchObject({
      model: "sim-standard",
      reason: "plan_unaffordable_standard",
      preferredModel: "sim-premium",
      downgraded: true,
    });
  });

  it.each([
    ["dollars", { nanoUsd: 100_000, tokens: null }, "usd"],
    ["tokens", { nanoUsd: null, tokens: 1000 }, "tokens"],
    ["dollars and the tokens", { nanoUsd: 0, tokens: 1000 }, "tokens"],
  ] as const)("refuses when the %s run out, naming the limit", (_name, available, limitedBy) => {
    expect(decide({ available })).toEqual({
      allowed: false,
      limitedBy,
      model: "",
      tier: "",
      maxOutputTokens: 0,
      reason: "budget_exhausted",
      explanation: "act: no model fits the remaining budget",
    });
  });

  it.each(["plan", "act", "final"] as const)("degrades a %s step to local when the run allows it", (kind) => {
    expect(
      decide({ kind, available: { nanoUsd: 0, tokens: null }, allowDegradeToLocal: true }),
    ).toMatchObject({ model: "sim-local", reason: `${kind}_degrade_local`, downgraded: true });
  });
});

describe("decideStep: adaptive share", () => {
  it.each([
    ["below the preferred model's typical cost", 1_000_000, "sim-cheap", "act_allocation_cheap"],
    ["exactly the preferred model's typical cost", 6_000_000, "sim-standard", "act_preferred_standard"],
    ["that no model meets (ignored)", 100, "sim-standard", "act_preferred_standard"],
  ] as const)("a share %s", (_name, share, model, reason) => {
    expect(decide({ shareNanoUsd: share })).toMatchObject({ model, reason, shareNanoUsd: share });
  });

  it("marks a step routed within its share as downgraded", () => {
    expect(decide({ shareNanoUsd: 1_000_000 })).toMatchObject({
      preferredModel: "sim-standard",
      downgraded: true,
    });
  });

  it.each([
    [
      "adaptive budgeting is off",
      { policy: resolveRoutingPolicy({ adaptiveBudget: false }), shareNanoUsd: 1 },
    ],
    ["the share is null", { shareNanoUsd: null }],
  ] as const)("ignores the share when %s", (_name, overrides) => {
    const decision = decide(overrides);
    expect(decision).toMatchObject({ model: "sim-standard", reason: "act_preferred_standard" });
    expect(decision.shareNanoUsd).toBeUndefined();
  });
});

describe("decideStep: latency SLA", () => {
  // A share no model meets is ignored, so it must not be named as the reason either.
  it("names the SLA, not the ignored share, when the SLA moved the step", () => {
    const health = { ...healthyView, latencyCorrection: { "sim-standard": 2 } };
    expect(withPolicy({ latencySlaMs: { act: 5000 } }, { health, shareNanoUsd: 100 })).toMatchObject({
      model: "sim-cheap",
      reason: "act_sla_constrained_cheap",
      slaViolationPrevented: true,
    });
  });

  it("prevents an SLA violation by taking a lower tier that meets it", () => {
    expect(withPolicy({ latencySlaMs: { plan: 6000 } }, { kind: "plan" })).toMatchObject({
      model: "sim-standard",
      reason: "plan_sla_constrained_standard",
      slaViolationPrevented: true,
      predictedLatencyMs: 5014,
      latencySlaMs: 6000,
      preferredModel: "sim-premium",
      downgraded: true,
    });
  });

  it.each([
    [11_559, "sim-premium", "plan_preferred_premium"],
    [5014, "sim-standard", "plan_sla_constrained_standard"],
    [5013, "sim-standard", "plan_sla_unattainable_standard"],
    [1000, "sim-standard", "plan_sla_unattainable_standard"],
  ])("a plan SLA of %i ms → %s, %s (a prediction equal to the SLA meets it)", (sla, model, reason) => {
    const decision = withPolicy({ latencySlaMs: { plan: sla } }, { kind: "plan" });
    expect(decision).toMatchObject({ model, reason, latencySlaMs: sla });
    expect(decision.slaViolationPrevented).toBe(reason.includes("constrained") ? true : undefined);
  });

  it("picks the fastest model that fits when none meets the SLA, not the preferred one", () => {
    expect(withPolicy({ latencySlaMs: { plan: 1000 } }, { kind: "plan" }).predictedLatencyMs).toBe(5014);
  });

  it("predicts latency but names no SLA when the kind has none", () => {
    const decision = decide({});
    expect(decision.predictedLatencyMs).toBe(3329);
    expect(decision.latencySlaMs).toBeUndefined();
  });

  it.each([
    [1, "sim-standard", "act_preferred_standard", 3329],
    [1.5, "sim-standard", "act_preferred_standard", 4993],
    [2, "sim-cheap", "act_sla_constrained_cheap", 4953],
  ])(
    "a latency correction of %s on sim-standard against a 5000 ms SLA → %s",
    (correction, model, reason, ms) => {
      const health = { ...healthyView, latencyCorrection: { "sim-standard": correction } };
      expect(withPolicy({ latencySlaMs: { act: 5000 } }, { health })).toMatchObject({
        model,
        reason,
        predictedLatencyMs: ms,
      });
    },
  );
});

describe("decideStep: backend health", () => {
  const healthy = { ...base, models: twoBackends };
  const unhealthy = (openBackends: string[], overrides: Partial<StepDecisionInput> = {}) =>
    decideStep({ ...healthy, health: { ...healthyView, openBackends }, ...overrides });

  it("moves off a backend whose circuit is open to the same tier elsewhere", () => {
    expect(unhealthy(["alpha"])).toMatchObject({
      model: "beta-standard",
      reason: "act_remote_unhealthy_fallback_standard",
      preferredModel: "alpha-standard",
      downgraded: false,
    });
    expect(unhealthy(["alpha"], { kind: "plan" })).toMatchObject({
      model: "beta-standard",
      reason: "plan_remote_unhealthy_fallback_standard",
      downgraded: true,
    });
  });

  it("continues on local when every remote backend is open and the policy falls back to local", () => {
    expect(unhealthy(["alpha", "beta"])).toMatchObject({
      model: "box-local",
      tier: "local",
      reason: "act_remote_unhealthy_fallback_local",
    });
  });

  it("tries the preferred model anyway when every remote backend is open and local is not allowed", () => {
    expect(
      unhealthy(["alpha", "beta"], { policy: resolveRoutingPolicy({ fallback: { toLocal: false } }) }),
    ).toMatchObject({ model: "alpha-standard", reason: "act_all_unhealthy_standard" });
  });

  it("breaks a tie within a tier in favour of the model that failed least", () => {
    const health = { ...healthyView, recentFailures: { "alpha-standard": 2, "beta-standard": 1 } };
    expect(decideStep({ ...healthy, health })).toMatchObject({
      model: "beta-standard",
      reason: "act_preferred_standard",
    });
  });
});

describe("decideStep: rules", () => {
  const cheapFor = (when: object) => ({
    rules: [{ name: "thrifty", when, use: { tiers: ["cheap" as const] } }],
  });

  const usdLeft = (usd: number | null) => ({ remainingFraction: { usd, tokens: null } });
  const tokensLeft = (tokens: number | null) => ({ remainingFraction: { usd: 1, tokens } });
  const context = (estimatedInputTokens: number) => ({ estimatedInputTokens });
  const all = { kinds: ["act"], usdRemainingBelow: 0.5, contextTokensAtLeast: 1000 };

  it.each([
    ["kinds holds", true, { kinds: ["act"] }, {}],
    ["kinds does not hold", false, { kinds: ["plan"] }, {}],
    ["usdRemainingBelow holds", true, { usdRemainingBelow: 0.5 }, usdLeft(0.4)],
    ["usdRemainingBelow is at the fraction", false, { usdRemainingBelow: 0.5 }, usdLeft(0.5)],
    ["usdRemainingBelow meets unlimited dollars", false, { usdRemainingBelow: 0.5 }, usdLeft(null)],
    ["tokensRemainingBelow holds", true, { tokensRemainingBelow: 0.5 }, tokensLeft(0.3)],
    ["tokensRemainingBelow is at the fraction", false, { tokensRemainingBelow: 0.5 }, tokensLeft(0.5)],
    ["tokensRemainingBelow meets unlimited tokens", false, { tokensRemainingBelow: 0.5 }, tokensLeft(null)],
    ["contextTokensAtLeast is the request's size", true, { contextTokensAtLeast: 3000 }, context(3000)],
    ["contextTokensAtLeast is above the size", false, { contextTokensAtLeast: 3000 }, context(2999)],
    ["conditions are empty", true, {}, {}],
    ["conditions all hold", true, all, usdLeft(0.4)],
    ["conditions hold but one", false, { ...all, contextTokensAtLeast: 5000 }, usdLeft(0.4)],
  ] as const)("a rule whose %s → applies: %s", (_name, applies, when, overrides) => {
    expect(withPolicy(cheapFor(when), overrides)).toMatchObject(
      applies
        ? { model: "sim-cheap", reason: "act_rule_thrifty" }
        : { model: "sim-standard", reason: "act_preferred_standard" },
    );
  });

  it("lets the first matching rule decide", () => {
    const rules = [
      { name: "never", when: { kinds: ["plan" as const] }, use: { tiers: ["premium" as const] } },
      { name: "first", use: { tiers: ["cheap" as const] } },
      { name: "second", use: { tiers: ["premium" as const] } },
    ];
    expect(withPolicy({ rules })).toMatchObject({ model: "sim-cheap", reason: "act_rule_first" });
  });

  it("runs a rule's model when it fits, else routes as if the rule were absent", () => {
    const policy = { rules: [{ name: "strong", use: { model: "sim-premium" } }] };
    expect(withPolicy(policy)).toMatchObject({
      model: "sim-premium",
      tier: "premium",
      reason: "act_rule_strong",
    });
    expect(withPolicy(policy, { available: { nanoUsd: 10_000_000, tokens: null } })).toMatchObject({
      model: "sim-standard",
      reason: "act_preferred_standard",
    });
    expect(withPolicy({ rules: [{ name: "ghost", use: { model: "no-such-model" } }] })).toMatchObject({
      reason: "act_preferred_standard",
    });
  });

  it("routes by a rule's tiers when its model does not fit", () => {
    const policy = { rules: [{ name: "both", use: { model: "sim-premium", tiers: ["cheap" as const] } }] };
    expect(withPolicy(policy, { available: { nanoUsd: 10_000_000, tokens: null } })).toMatchObject({
      model: "sim-cheap",
      reason: "act_rule_both",
    });
  });
});

describe("decideStep: pinned models", () => {
  it.each([
    ["fits", {}, { allowed: true, model: "sim-premium", reason: "model_pinned" }],
    [
      "does not fit, degrading allowed",
      { available: { nanoUsd: 1_000_000, tokens: null }, allowDegradeToLocal: true },
      { model: "sim-local", reason: "act_degrade_local" },
    ],
    [
      "does not fit",
      { available: { nanoUsd: 1_000_000, tokens: null } },
      { allowed: false, reason: "budget_exhausted" },
    ],
    ["is unknown", { pinnedModel: "no-such-model" }, { allowed: false, reason: "budget_exhausted" }],
    [
      "cannot hold the request",
      { pinnedModel: "sim-local", estimatedInputTokens: 40_000 },
      { allowed: false, reason: "context_too_large", limitedBy: "tokens" },
    ],
  ] as const)("a pinned model that %s", (_name, overrides, expected) => {
    expect(decide({ pinnedModel: "sim-premium", ...overrides })).toMatchObject(expected);
  });

  it("ignores the policy's rules and SLA for a pinned model", () => {
    const policy = resolveRoutingPolicy({
      latencySlaMs: { act: 100 },
      rules: [{ name: "cheap", use: { tiers: ["cheap"] } }],
    });
    expect(decide({ pinnedModel: "sim-premium", policy })).toMatchObject({
      model: "sim-premium",
      reason: "model_pinned",
      latencySlaMs: 100,
    });
  });

  it("caps the output tokens at the pinned model's maximum", () => {
    const small = { ...spec("small", { backend: "alpha", tier: "cheap", output: 1 }), maxOutputTokens: 1000 };
    expect(decide({ models: [small], pinnedModel: "small" }).maxOutputTokens).toBe(1000);
  });
});

describe("decideStep: summaries", () => {
  it.each([
    ["the cheapest priced model", {}, "sim-cheap", "summarize_cheapest"],
    [
      "the cheapest whose window holds the request",
      { estimatedInputTokens: 150_000 },
      "sim-standard",
      "summarize_cheapest",
    ],
    [
      "the cheapest model even when the run pins another",
      { pinnedModel: "sim-premium" },
      "sim-cheap",
      "summarize_cheapest",
    ],
    [
      "local when dollars run out and degrading is allowed",
      { available: { nanoUsd: 0, tokens: null }, allowDegradeToLocal: true },
      "sim-local",
      "summarize_degrade_local",
    ],
    [
      "local when only local models exist",
      { models: simulatedModels.filter((model) => model.tier === "local") },
      "sim-local",
      "summarize_degrade_local",
    ],
  ] as const)("runs on %s", (_name, overrides, model, reason) => {
    expect(decide({ kind: "summarize", ...overrides })).toMatchObject({ allowed: true, model, reason });
  });

  it("prefers healthy backends over cheaper ones with an open circuit", () => {
    const health = { ...healthyView, openBackends: ["alpha"] };
    expect(decide({ kind: "summarize", models: twoBackends, health })).toMatchObject({
      model: "beta-standard",
      reason: "summarize_cheapest",
    });
  });

  it("refuses when nothing fits and degrading is not allowed", () => {
    expect(decide({ kind: "summarize", available: { nanoUsd: 0, tokens: null } })).toMatchObject({
      allowed: false,
      reason: "budget_exhausted",
      limitedBy: "usd",
    });
  });
});

describe("decideStep: context windows", () => {
  it.each(["plan", "replan", "act", "final", "summarize"] as const)(
    "never routes a %s step to a model whose window cannot hold the request",
    (kind: StepKind) => {
      for (const estimatedInputTokens of [30_000, 127_936, 127_937, 150_000, 199_937, 500_000]) {
        for (const allowDegradeToLocal of [false, true]) {
          const available = { nanoUsd: null, tokens: null };
          const decision = decide({ kind, estimatedInputTokens, allowDegradeToLocal, available });
          expect(decision.allowed).toBe(true);
          const model = simulatedModels.find((candidate) => candidate.id === decision.model);
          expect(model?.contextWindow).toBeGreaterThanOrEqual(estimatedInputTokens + 64);
        }
      }
    },
  );

  it.each([
    [127_936, "sim-cheap", "cheap"],
    [127_937, "sim-standard", "standard"],
  ])("fast act at %i input tokens runs on %s", (estimatedInputTokens, model, tier) => {
    expect(withPolicy({ quality: "fast" }, { estimatedInputTokens })).toMatchObject({
      model,
      preferredTier: tier,
    });
  });

  it("takes a dearer model of the same tier when the cheaper one's window is too small", () => {
    const small = {
      ...spec("small-standard", { backend: "alpha", tier: "standard", output: 1 }),
      contextWindow: 8192,
    };
    const large = spec("large-standard", { backend: "beta", tier: "standard", output: 10 });
    expect(decide({ models: [small, large], estimatedInputTokens: 8129 })).toMatchObject({
      model: "large-standard",
    });
    expect(decide({ models: [small, large], estimatedInputTokens: 8128 })).toMatchObject({
      model: "small-standard",
    });
  });

  it("refuses when no window holds the request", () => {
    expect(decide({ estimatedInputTokens: 2_000_000 })).toMatchObject({
      allowed: false,
      reason: "context_too_large",
      limitedBy: "tokens",
    });
  });
});

describe("decideStep: determinism", () => {
  const freeze = <T>(value: T): T => {
    if (value && typeof value === "object") {
      for (const inner of Object.values(value)) freeze(inner);
      Object.freeze(value);
    }
    return value;
  };

  it.each([
    ["a plain act step", {}],
    ["an SLA-bound plan", { kind: "plan", policy: resolveRoutingPolicy({ latencySlaMs: { plan: 6000 } }) }],
    ["an unhealthy backend", { models: twoBackends, health: { ...healthyView, openBackends: ["alpha"] } }],
    ["a share and a low budget", { shareNanoUsd: 1_000_000, remainingFraction: { usd: 0.1, tokens: null } }],
    ["a refusal", { available: { nanoUsd: 0, tokens: 10 } }],
  ] as const)("decides %s the same way every time without touching its input", (_name, overrides) => {
    const input = freeze(structuredClone({ ...base, ...overrides }) as StepDecisionInput);
    expect(decideStep(input)).toEqual(decideStep(structuredClone(input)));
  });
});
