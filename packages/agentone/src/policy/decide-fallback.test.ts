import { describe, expect, it } from "vitest";
import type { ModelSpec, ModelTier } from "../core/model-spec.js";
import { decideFallback } from "./decide-fallback.js";
import { fitsBudget, fitsContext } from "./model-fit.js";
import { type RoutingPolicyInput, resolveRoutingPolicy } from "./routing-policy.js";
import { type FallbackInput, healthyView } from "./step-decision.js";

/** A model on `backend` whose input costs a quarter of its output, as list prices usually do. */
function spec(id: string, options: { backend: string; tier: ModelTier; output: number; window: number }) {
  const input = options.output / 4;
  return {
    id,
    backend: options.backend,
    tier: options.tier,
    prices: { input, cachedInput: 0, cacheWrite: input, output: options.output },
    contextWindow: options.window,
    maxOutputTokens: 8192,
    timeToFirstTokenMs: 500,
    outputTokensPerSecond: 100,
    capabilities: { tools: true, json: true, seed: true },
    source: "test fixture",
  } satisfies ModelSpec;
}

// Worst case of the smallest useful call at 2000 input tokens, nano-dollars: premium 28,200,000;
// alpha-standard 4,512,000; mini 2,256,000; beta-standard 6,768,000; cheap 451,200; local 0.
const models: readonly ModelSpec[] = [
  spec("alpha-premium", { backend: "alpha", tier: "premium", output: 50, window: 200_000 }),
  spec("alpha-standard", { backend: "alpha", tier: "standard", output: 8, window: 200_000 }),
  spec("alpha-standard-mini", { backend: "alpha", tier: "standard", output: 4, window: 128_000 }),
  spec("beta-standard", { backend: "beta", tier: "standard", output: 12, window: 1_000_000 }),
  spec("alpha-cheap", { backend: "alpha", tier: "cheap", output: 0.8, window: 64_000 }),
  spec("box-local", { backend: "box", tier: "local", output: 0, window: 32_768 }),
];

const base: FallbackInput = {
  kind: "act",
  models,
  pinnedModel: null,
  available: { nanoUsd: 1_000_000_000, tokens: null },
  remainingFraction: { usd: 1, tokens: null },
  estimatedInputTokens: 2000,
  policy: resolveRoutingPolicy(),
  allowDegradeToLocal: false,
  fromModel: "alpha-standard",
  failedModels: ["alpha-standard"],
  // A per-model failure: the failed model's backend keeps its other models as candidates.
  failure: "rate_limit",
};

const fallback = (overrides: Partial<FallbackInput>) => decideFallback({ ...base, ...overrides });
const withPolicy = (policy: RoutingPolicyInput, overrides: Partial<FallbackInput> = {}) =>
  fallback({ policy: resolveRoutingPolicy(policy), ...overrides });
const open = (...openBackends: string[]) => ({ health: { ...healthyView, openBackends } });

describe("decideFallback: the default chain", () => {
  // Same tier on another backend, then the rest of the tier, then the kind's other tiers, then any priced
  // model, then local.
  const order = [
    ["alpha-standard", ""],
    ["beta-standard", "act_fallback_standard"],
    ["alpha-standard-mini", "act_fallback_standard"],
    ["alpha-cheap", "act_fallback_cheap"],
    ["alpha-premium", "act_fallback_premium"],
    ["box-local", "act_remote_failed_fallback_local"],
  ] as const;

  it.each(order.slice(1).map(([model, reason], index) => [index + 1, model, reason] as const))(
    "after %i failed models, falls back to %s (%s)",
    (failedCount, model, reason) => {
      const failedModels = order.slice(0, failedCount).map(([id]) => id);
      expect(fallback({ failedModels })).toMatchObject({ allowed: true, model, reason });
    },
  );

  it("walks the kind's tiers in order of preference after the failed model's tier", () => {
    expect(
      fallback({ kind: "plan", fromModel: "alpha-premium", failedModels: ["alpha-premium"] }),
    ).toMatchObject({ model: "alpha-standard-mini", reason: "plan_fallback_standard" });
  });

  it("describes the fallback and predicts its latency", () => {
    const decision = fallback({});
    expect(decision.explanation).toBe("alpha-standard failed (rate_limit); falling back to beta-standard");
    expect(decision).toMatchObject({ maxOutputTokens: 2048, predictedLatencyMs: 3000 });
  });
});

describe("decideFallback: configured chains", () => {
  const chains = { "alpha-standard": ["alpha-premium", "ghost", "beta-standard", "alpha-cheap"] };
  const chained = (overrides: Partial<FallbackInput> = {}) => withPolicy({ fallback: { chains } }, overrides);

  it.each([
    ["its first entry", {}, "alpha-premium", "act_fallback_chain_premium"],
    [
      "past failed and unknown entries",
      { failedModels: ["alpha-standard", "alpha-premium"] },
      "beta-standard",
      "act_fallback_chain_standard",
    ],
    [
      "past entries the budget does not fit",
      { available: { nanoUsd: 5_000_000, tokens: null } },
      "alpha-cheap",
      "act_fallback_chain_cheap",
    ],
    [
      "past entries whose circuit is open",
      { failedModels: ["alpha-standard", "alpha-premium"], ...open("beta") },
      "alpha-cheap",
      "act_fallback_chain_cheap",
    ],
  ] as const)("follows the chain to %s", (_name, overrides, model, reason) => {
    expect(chained(overrides)).toMatchObject({ model, reason });
  });

  it("goes to local, not the default chain, when the chain is used up", () => {
    const failedModels = ["alpha-standard", "alpha-premium", "beta-standard", "alpha-cheap"];
    expect(chained({ failedModels })).toMatchObject({
      model: "box-local",
      reason: "act_remote_failed_fallback_local",
    });
    expect(withPolicy({ fallback: { chains, toLocal: false } }, { failedModels })).toMatchObject({
      allowed: false,
      reason: "no_fallback",
    });
  });

  it("applies only to the model it names", () => {
    expect(chained({ fromModel: "beta-standard", failedModels: ["beta-standard"] })).toMatchObject({
      model: "alpha-standard-mini",
      reason: "act_fallback_standard",
    });
  });
});

describe("decideFallback: context length", () => {
  it.each([
    ["alpha-cheap", 2000, "alpha-standard-mini", {}],
    ["alpha-cheap", 50_000, "beta-standard", open("alpha")],
    ["alpha-standard", 2000, "beta-standard", {}],
    // alpha-premium's window ties with alpha-standard's, but 150k tokens at its price exceed the budget.
    ["alpha-standard-mini", 150_000, "alpha-standard", {}],
  ] as const)("after %s overflows at %i input tokens → %s", (fromModel, tokens, model, health) => {
    const decision = fallback({
      fromModel,
      failedModels: [fromModel],
      failure: "context_length",
      estimatedInputTokens: tokens,
      ...health,
    });
    expect(decision).toMatchObject({ model, reason: "act_context_larger_window_standard" });
    const window = (id: string) => models.find((candidate) => candidate.id === id)?.contextWindow ?? 0;
    expect(window(decision.model)).toBeGreaterThan(window(fromModel));
  });

  it.each([
    ["no window is larger", { fromModel: "beta-standard", failedModels: ["beta-standard"] }],
    [
      "no larger window fits the budget",
      {
        fromModel: "alpha-cheap",
        failedModels: ["alpha-cheap"],
        estimatedInputTokens: 50_000,
        available: { nanoUsd: 40_000_000, tokens: null },
      },
    ],
  ] as const)("refuses, not even local, when %s", (_name, overrides) => {
    expect(fallback({ failure: "context_length", ...overrides })).toMatchObject({
      allowed: false,
      reason: "no_fallback",
      explanation: "act: no model with a larger context window fits",
    });
  });
});

describe("decideFallback: backend failures", () => {
  const bothStandard = ["alpha-standard", "beta-standard"];

  it.each([
    [
      "a rate limit keeps the failed model's backend",
      "rate_limit",
      {},
      "alpha-standard-mini",
      "act_fallback_standard",
    ],
    [
      "a server error excludes the backend, like an outage",
      "server",
      {},
      "box-local",
      "act_remote_failed_fallback_local",
    ],
    [
      "an authentication failure excludes the backend",
      "authentication",
      {},
      "box-local",
      "act_remote_failed_fallback_local",
    ],
    [
      "an authentication failure with no local fallback",
      "authentication",
      { fallback: { toLocal: false } },
      "",
      "no_fallback",
    ],
  ] as const)("%s", (_name, failure, policy, model, reason) => {
    expect(withPolicy(policy, { failure, failedModels: bothStandard })).toMatchObject({ model, reason });
  });

  it("after an authentication failure still tries other backends", () => {
    expect(
      fallback({ failure: "authentication", fromModel: "beta-standard", failedModels: ["beta-standard"] }),
    ).toMatchObject({ model: "alpha-standard-mini", reason: "act_fallback_standard" });
  });

  it.each([
    ["act", "alpha-standard", "act_remote_unhealthy_fallback_standard"],
    ["plan", "alpha-premium", "plan_remote_unhealthy_fallback_standard"],
  ] as const)("names an open circuit as the reason (%s from %s)", (kind, fromModel, reason) => {
    expect(
      fallback({ kind, fromModel, failedModels: [fromModel], failure: "circuit_open", ...open("alpha") }),
    ).toMatchObject({ model: "beta-standard", reason });
  });

  it("skips models whose circuit is open", () => {
    expect(fallback(open("beta"))).toMatchObject({
      model: "alpha-standard-mini",
      reason: "act_fallback_standard",
    });
    expect(fallback({ failure: "circuit_open", ...open("alpha", "beta") })).toMatchObject({
      model: "box-local",
      reason: "act_remote_unhealthy_fallback_local",
    });
  });
});

describe("decideFallback: no fallback", () => {
  const everyRemote = models.filter((model) => model.tier !== "local").map((model) => model.id);

  it.each([
    [
      "local is not allowed",
      { policy: resolveRoutingPolicy({ fallback: { toLocal: false } }), failedModels: everyRemote },
      "usd",
    ],
    ["no model fits the tokens left", { available: { nanoUsd: null, tokens: 1000 } }, "tokens"],
    [
      "no model fits the dollars left and there is no local one",
      {
        models: models.filter((model) => model.tier !== "local"),
        available: { nanoUsd: 100_000, tokens: null },
      },
      "usd",
    ],
    ["the run pins the model and the policy names no chain", { pinnedModel: "alpha-standard" }, "usd"],
    [
      "the run pins the model and the request overflows",
      { pinnedModel: "alpha-standard", failure: "context_length" },
      "usd",
    ],
  ] as const)("refuses when %s", (_name, overrides, limitedBy) => {
    expect(fallback(overrides)).toMatchObject({
      allowed: false,
      reason: "no_fallback",
      limitedBy,
      model: "",
    });
  });

  it("lets a pinned run fall back along its model's chain, and only that far", () => {
    const policy = { fallback: { chains: { "alpha-standard": ["beta-standard"] } } };
    expect(withPolicy(policy, { pinnedModel: "alpha-standard" })).toMatchObject({
      model: "beta-standard",
      reason: "act_fallback_chain_standard",
    });
    expect(
      withPolicy(policy, {
        pinnedModel: "alpha-standard",
        failedModels: ["alpha-standard", "beta-standard"],
      }),
    ).toMatchObject({ allowed: false, reason: "no_fallback" });
  });
});

describe("decideFallback: budget", () => {
  const budgets = [null, 1_000_000_000, 30_000_000, 5_000_000, 3_000_000, 1_000_000, 500_000, 100_000, 0];
  const failures = ["server", "rate_limit", "authentication", "context_length", "circuit_open"];

  it.each(models.filter((model) => model.tier !== "local").map((model) => model.id))(
    "never falls back from %s to a model the budget does not fit",
    (fromModel) => {
      for (const nanoUsd of budgets)
        for (const failure of failures) {
          const input = {
            ...base,
            fromModel,
            failedModels: [fromModel],
            failure,
            available: { nanoUsd, tokens: null },
          };
          const decision = decideFallback(input);
          if (!decision.allowed) continue;
          const chosen = models.find((model) => model.id === decision.model) as ModelSpec;
          expect(chosen.id).not.toBe(fromModel);
          expect(fitsBudget(chosen, { inputTokens: 2000, available: input.available })).toBe(true);
          expect(fitsContext(chosen, 2000)).toBe(true);
        }
    },
  );

  it.each([
    [5_000_000, "alpha-standard-mini", "act_fallback_standard"],
    [1_000_000, "alpha-cheap", "act_fallback_cheap"],
    [400_000, "box-local", "act_remote_failed_fallback_local"],
  ])("with %i nano-dollars left falls back to %s", (nanoUsd, model, reason) => {
    expect(fallback({ available: { nanoUsd, tokens: null } })).toMatchObject({ model, reason });
  });
});
