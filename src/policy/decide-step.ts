import type { ModelSpec, ModelTier } from "../backends/model-spec.js";
import { nanoPerToken, worstCaseInputPrice } from "../budget/money.js";
import type { StepKind } from "../core/events/payload-schemas.js";
import { reasons } from "./reason-codes.js";

/** The routing decision for one step: may it run, on which model, with how many output tokens, and why. */
export interface StepDecision {
  allowed: boolean;
  model: string;
  tier: string;
  maxOutputTokens: number;
  reason: string;
  explanation: string;
  /** On a refusal: the budget that rules every model out. */
  limitedBy?: "usd" | "tokens";
}

export interface StepDecisionInput {
  kind: StepKind;
  /** The models the runtime can call, any order. */
  models: readonly ModelSpec[];
  pinnedModel: string | null;
  /** Dollars (nano) still available to ordinary steps; null when dollars are unlimited. */
  availableNanoUsd: number | null;
  /** Fraction of the dollar budget remaining (0..1); null when unlimited. */
  remainingUsdFraction: number | null;
  /** Tokens still available; null when unlimited. */
  availableTokens: number | null;
  estimatedInputTokens: number;
  /** May the run fall back to free local models when priced ones no longer fit? */
  allowDegradeToLocal: boolean;
}

/** Output tokens each kind of step asks for; the ledger may clamp them. */
export const desiredOutputTokens: Record<StepKind, number> = {
  plan: 1024,
  replan: 1024,
  act: 2048,
  final: 2048,
  summarize: 1024,
};

/** Below this many output tokens a call is not worth making. */
export const minimumOutputTokens = 64;

/** Below this fraction of dollars left, steps start one tier lower than they prefer. */
export const lowBudgetFraction = 0.2;

const preferredTiers: Record<StepKind, readonly ModelTier[]> = {
  plan: ["premium", "standard", "cheap"],
  replan: ["premium", "standard", "cheap"],
  act: ["standard", "cheap"],
  final: ["standard", "cheap"],
  summarize: ["cheap", "standard", "premium"],
};

function fits(model: ModelSpec, input: StepDecisionInput): boolean {
  const { estimatedInputTokens: tokens, availableNanoUsd, availableTokens } = input;
  if (availableTokens !== null && tokens + minimumOutputTokens > availableTokens) return false;
  if (availableNanoUsd === null) return true;
  const worstCase =
    tokens * nanoPerToken(worstCaseInputPrice(model.prices)) +
    minimumOutputTokens * nanoPerToken(model.prices.output);
  return worstCase <= availableNanoUsd;
}

function cheapestFirst(models: readonly ModelSpec[]): ModelSpec[] {
  return [...models].sort(
    (left, right) => left.prices.output - right.prices.output || left.prices.input - right.prices.input,
  );
}

function allow(
  model: ModelSpec,
  input: StepDecisionInput,
  why: { reason: string; explanation: string },
): StepDecision {
  const maxOutputTokens = Math.min(desiredOutputTokens[input.kind], model.maxOutputTokens);
  return { allowed: true, model: model.id, tier: model.tier, maxOutputTokens, ...why };
}

function refuse(input: StepDecisionInput, explanation: string): StepDecision {
  const tokensShort =
    input.availableTokens !== null &&
    input.estimatedInputTokens + minimumOutputTokens > input.availableTokens;
  return {
    allowed: false,
    limitedBy: tokensShort ? "tokens" : "usd",
    model: "",
    tier: "",
    maxOutputTokens: 0,
    reason: reasons.budgetExhausted,
    explanation: `${input.kind}: ${explanation}`,
  };
}

/**
 * Decides a step: a pure function of the step kind, the models, and what the budget still allows.
 * The ledger later reserves the exact worst case and may clamp output tokens further.
 *
 * @example
 * ```ts
 * const decision = decideStep({ kind: "plan", models: simulatedModels, pinnedModel: null,
 *   availableNanoUsd: 500_000_000, remainingUsdFraction: 1, availableTokens: null,
 *   estimatedInputTokens: 1200, allowDegradeToLocal: false });
 * decision.reason; // "plan_preferred_premium"
 * ```
 */
export function decideStep(input: StepDecisionInput): StepDecision {
  const priced = input.models.filter((model) => model.tier !== "local");
  const local = cheapestFirst(input.models.filter((model) => model.tier === "local"));
  const localFallback = (): StepDecision => {
    const candidate = input.allowDegradeToLocal ? local.find((model) => fits(model, input)) : undefined;
    return candidate
      ? allow(candidate, input, {
          reason: reasons.degradeLocal(input.kind),
          explanation: `no priced model fits the remaining budget; degrading to local ${candidate.id}`,
        })
      : refuse(input, "no model fits the remaining budget");
  };

  if (input.kind === "summarize") {
    const candidate = cheapestFirst(priced).find((model) => fits(model, input));
    if (candidate)
      return allow(candidate, input, {
        reason: reasons.summarizeCheapest,
        explanation: `summary on the cheapest model that fits: ${candidate.id}`,
      });
    return localFallback();
  }

  if (input.pinnedModel !== null) {
    const pinned = input.models.find((model) => model.id === input.pinnedModel);
    if (pinned && fits(pinned, input))
      return allow(pinned, input, { reason: reasons.pinned, explanation: `the run pins ${pinned.id}` });
    return localFallback();
  }

  if (priced.length === 0) {
    // Only local models are configured: they are the preference, not a degradation.
    const candidate = local.find((model) => fits(model, input));
    if (candidate)
      return allow(candidate, input, {
        reason: reasons.preferred(input.kind, "local"),
        explanation: "only local models are available",
      });
    return refuse(input, "no model fits the remaining budget");
  }

  const tiers = preferredTiers[input.kind];
  const low = input.remainingUsdFraction !== null && input.remainingUsdFraction < lowBudgetFraction;
  const start = low ? Math.min(1, tiers.length - 1) : 0;
  for (let index = start; index < tiers.length; index++) {
    const tier = tiers[index] as ModelTier;
    const candidate = cheapestFirst(priced.filter((model) => model.tier === tier)).find((model) =>
      fits(model, input),
    );
    if (!candidate) continue;
    if (index === 0)
      return allow(candidate, input, {
        reason: reasons.preferred(input.kind, tier),
        explanation: `${input.kind} steps prefer the ${tier} tier`,
      });
    if (low && index === start) {
      const percent = Math.round((input.remainingUsdFraction ?? 0) * 100);
      return allow(candidate, input, {
        reason: reasons.budgetLow(input.kind, tier),
        explanation: `${percent}% of the dollar budget left; one tier down to ${tier}`,
      });
    }
    return allow(candidate, input, {
      reason: reasons.unaffordable(input.kind, tier),
      explanation: `stronger tiers do not fit the remaining budget; using ${tier}`,
    });
  }
  return localFallback();
}
