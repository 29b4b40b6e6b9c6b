import type { StepKind } from "../core/events/payload-schemas.js";
import { type ModelSpec, type ModelTier, modelTiers } from "../core/model-spec.js";
import { cheapestFirst, expectedCostNanoUsd, fitsBudget, fitsContext } from "./model-fit.js";
import { expectedOutputTokens, predictLatencyMs } from "./predict-latency.js";
import { reasons } from "./reason-codes.js";
import type { RoutingRule } from "./routing-policy.js";
import { healthyView, type StepDecision, type StepDecisionInput } from "./step-decision.js";

export type { StepDecision, StepDecisionInput } from "./step-decision.js";

/** Output tokens each kind of step asks for; the ledger may clamp them. */
export const desiredOutputTokens: Record<StepKind, number> = {
  plan: 1024,
  replan: 1024,
  act: 2048,
  final: 2048,
  summarize: 1024,
};

/** True when `tier` is weaker than `than` (premium > standard > cheap > local). */
export const weaker = (tier: ModelTier, than: ModelTier) =>
  modelTiers.indexOf(tier) > modelTiers.indexOf(than);

type Why = { reason: string; explanation: string } & Partial<StepDecision>;

export function allowModel(model: ModelSpec, input: StepDecisionInput, why: Why): StepDecision {
  const maxOutputTokens = Math.min(desiredOutputTokens[input.kind], model.maxOutputTokens);
  const sla = input.policy.latencySlaMs[input.kind];
  return {
    allowed: true,
    model: model.id,
    tier: model.tier,
    maxOutputTokens,
    predictedLatencyMs: predicted(model, input),
    ...(sla === undefined ? {} : { latencySlaMs: sla }),
    ...why,
  };
}

export function refuseStep(
  input: StepDecisionInput,
  why: { reason?: string; explanation: string },
): StepDecision {
  const { available, estimatedInputTokens } = input;
  if (input.models.length === 0)
    return {
      allowed: false,
      model: "",
      tier: "",
      maxOutputTokens: 0,
      reason: reasons.noModelAvailable,
      explanation: `${input.kind}: no model is available to the runtime`,
    };
  if (!input.models.some((model) => fitsContext(model, estimatedInputTokens)))
    return {
      allowed: false,
      limitedBy: "tokens",
      model: "",
      tier: "",
      maxOutputTokens: 0,
      reason: reasons.contextTooLarge,
      explanation: `${input.kind}: the request (${estimatedInputTokens} tokens) fits no model's context window`,
    };
  const tokensShort = available.tokens !== null && estimatedInputTokens + 64 > available.tokens;
  return {
    allowed: false,
    limitedBy: tokensShort || why.reason === reasons.contextTooLarge ? "tokens" : "usd",
    model: "",
    tier: "",
    maxOutputTokens: 0,
    reason: why.reason ?? reasons.budgetExhausted,
    explanation: `${input.kind}: ${why.explanation}`,
  };
}

function predicted(model: ModelSpec, input: StepDecisionInput): number {
  return predictLatencyMs(model, {
    inputTokens: input.estimatedInputTokens,
    outputTokens: expectedOutputTokens[input.kind],
    correction: (input.health ?? healthyView).latencyCorrection[model.id] ?? 1,
  });
}

const affordable = (model: ModelSpec, input: StepDecisionInput) =>
  fitsBudget(model, { inputTokens: input.estimatedInputTokens, available: input.available });

/** A free local model that fits, for a run that may degrade (or must fall back) to one. */
export function localCandidate(
  input: StepDecisionInput,
  options: { ignoreHealth?: boolean } = {},
): ModelSpec | undefined {
  const open = new Set(options.ignoreHealth ? [] : (input.health ?? healthyView).openBackends);
  return cheapestFirst(input.models.filter((model) => model.tier === "local")).find(
    (model) =>
      !open.has(model.backend) && fitsContext(model, input.estimatedInputTokens) && affordable(model, input),
  );
}

function matchingRule(input: StepDecisionInput): RoutingRule | undefined {
  return input.policy.rules.find(({ when }) => {
    if (when.kinds && !when.kinds.includes(input.kind)) return false;
    const { usd, tokens } = input.remainingFraction;
    if (when.usdRemainingBelow !== undefined && !(usd !== null && usd < when.usdRemainingBelow)) return false;
    if (when.tokensRemainingBelow !== undefined && !(tokens !== null && tokens < when.tokensRemainingBelow))
      return false;
    return !(
      when.contextTokensAtLeast !== undefined && input.estimatedInputTokens < when.contextTokensAtLeast
    );
  });
}

/**
 * When no model of the wanted tiers exists at all (one premium model configured, say), the tier nearest to
 * them that has a model: nearest to any wanted tier, then nearest to the first. Null when a wanted tier has
 * a model. Refusing instead would read as a budget failure, and a run with one model should use it.
 */
export function nearestAvailableTier(
  wanted: readonly ModelTier[],
  models: readonly ModelSpec[],
): ModelTier | null {
  const present = modelTiers.filter((tier) => models.some((model) => model.tier === tier));
  if (present.length === 0 || wanted.some((tier) => present.includes(tier))) return null;
  const distance = (tier: ModelTier, to: ModelTier) =>
    Math.abs(modelTiers.indexOf(tier) - modelTiers.indexOf(to));
  const score = (tier: ModelTier) => [
    Math.min(...wanted.map((target) => distance(tier, target))),
    wanted[0] === undefined ? 0 : distance(tier, wanted[0]),
  ];
  return (
    [...present].sort((left, right) => {
      const [leftNearest = 0, leftFirst = 0] = score(left);
      const [rightNearest = 0, rightFirst = 0] = score(right);
      return leftNearest - rightNearest || leftFirst - rightFirst;
    })[0] ?? null
  );
}

/** The tiers a step tries, strongest wanted first; a low dollar budget starts one tier lower. */
function tierOrder(input: StepDecisionInput, rule: RoutingRule | undefined) {
  const wanted = rule?.use.tiers ?? input.policy.tiers[input.kind];
  const substitute = nearestAvailableTier(wanted, input.models);
  if (substitute) return { tiers: [substitute], low: false, tried: [substitute], onlyAvailable: true };
  const tiers = wanted;
  const usd = input.remainingFraction.usd;
  const low = usd !== null && usd < input.policy.lowBudgetFraction && tiers.length > 1;
  const lower = tiers.slice(1);
  // Starting lower only helps if a lower tier has a model at all.
  const lowerExists = input.models.some((model) => lower.includes(model.tier));
  return low && lowerExists
    ? { tiers, low, tried: lower, onlyAvailable: false }
    : { tiers, low: false, tried: tiers, onlyAvailable: false };
}

function ranked(input: StepDecisionInput, tiers: readonly ModelTier[]): ModelSpec[] {
  const failures = (input.health ?? healthyView).recentFailures;
  return tiers.flatMap((tier) =>
    cheapestFirst(input.models.filter((model) => model.tier === tier)).sort(
      (left, right) => (failures[left.id] ?? 0) - (failures[right.id] ?? 0),
    ),
  );
}

/** Routes the step by tiers, under the hard constraints (context, health, budget) and the soft ones (share, SLA). */
function routeByTiers(input: StepDecisionInput, rule: RoutingRule | undefined): StepDecision {
  const { kind } = input;
  const { tiers, low, tried, onlyAvailable } = tierOrder(input, rule);
  const all = ranked(input, tiers).filter((model) => fitsContext(model, input.estimatedInputTokens));
  const preferred = all.find((model) => model.tier === tiers[0]) ?? all[0];
  const candidates = all.filter((model) => tried.includes(model.tier));
  const open = new Set((input.health ?? healthyView).openBackends);
  const healthy = candidates.filter((model) => !open.has(model.backend));
  const fitting = healthy.filter((model) => affordable(model, input));
  const preferredFields = preferred ? { preferredModel: preferred.id, preferredTier: preferred.tier } : {};
  const decide = (model: ModelSpec, why: Why) =>
    allowModel(model, input, {
      ...preferredFields,
      downgraded: preferred !== undefined && weaker(model.tier, preferred.tier),
      ...why,
    });
  if (fitting.length === 0) {
    const local = localCandidate(input);
    const unhealthyOnly = candidates.some((model) => open.has(model.backend) && affordable(model, input));
    if (unhealthyOnly && local && input.policy.fallback.toLocal)
      return decide(local, {
        reason: reasons.unhealthy(kind, "local"),
        explanation: "every remote candidate's backend is failing (circuit open); continuing on local",
      });
    const budgetRulesOut = !candidates.some((model) => affordable(model, input));
    if (local && budgetRulesOut && input.allowDegradeToLocal && !tiers.includes("local"))
      return decide(local, {
        reason: reasons.degradeLocal(kind),
        explanation: `no priced model fits the remaining budget; degrading to local ${local.id}`,
      });
    // Every backend failing and nowhere else to go: try anyway (a breaker lets probes through).
    const anyway = candidates.find((model) => affordable(model, input));
    if (anyway)
      return decide(anyway, {
        reason: reasons.allUnhealthy(kind, anyway.tier),
        explanation: "every candidate's backend is failing and no local model may take over; trying anyway",
      });
    return refuseStep(input, { explanation: "no model fits the remaining budget" });
  }
  let pool = fitting;
  const share = input.policy.adaptiveBudget ? (input.shareNanoUsd ?? null) : null;
  const withinShare =
    share === null
      ? pool
      : pool.filter(
          (model) => expectedCostNanoUsd(model, { kind, inputTokens: input.estimatedInputTokens }) <= share,
        );
  const shareApplied = share !== null && withinShare.length > 0;
  if (shareApplied) pool = withinShare;
  const sla = input.policy.latencySlaMs[kind];
  const meetsSla = sla === undefined ? pool : pool.filter((model) => predicted(model, input) <= sla);
  const shareField = share === null ? {} : { shareNanoUsd: share };
  if (meetsSla.length === 0) {
    const fastest = [...pool].sort(
      (left, right) => predicted(left, input) - predicted(right, input),
    )[0] as ModelSpec;
    return decide(fastest, {
      ...shareField,
      reason: reasons.slaUnattainable(kind, fastest.tier),
      explanation: `no model is predicted to answer within ${sla} ms; ${fastest.id} is the fastest that fits`,
    });
  }
  const chosen = meetsSla[0] as ModelSpec;
  const first = candidates[0] as ModelSpec;
  const why = explain({ input, chosen, first, low, rule, shareApplied, onlyAvailable });
  const prevented =
    why.reason === reasons.slaConstrained(kind, chosen.tier) ? { slaViolationPrevented: true } : {};
  return decide(chosen, { ...shareField, ...prevented, ...why });
}

/** Why the chosen model and not the first candidate: the first constraint the first candidate failed. */
function explain(options: {
  input: StepDecisionInput;
  chosen: ModelSpec;
  first: ModelSpec;
  low: boolean;
  rule: RoutingRule | undefined;
  /** The adaptive share narrowed the choice (a share no model meets is ignored, and explains nothing). */
  shareApplied: boolean;
  /** No model of the wanted tiers exists; the nearest tier that has one stands in. */
  onlyAvailable: boolean;
}): Why {
  const { input, chosen, first, low, rule, shareApplied, onlyAvailable } = options;
  const { kind } = input;
  const tier = chosen.tier;
  if (rule)
    return {
      reason: reasons.rule(kind, rule.name),
      explanation: `policy rule '${rule.name}' sets the tiers`,
    };
  if (chosen === first) {
    if (onlyAvailable)
      return {
        reason: reasons.onlyAvailable(kind, tier),
        explanation: `no model of the tiers ${kind} steps allow (${input.policy.tiers[kind].join(", ")}) is configured; using the nearest available tier, ${tier}`,
      };
    if (!low)
      return { reason: reasons.preferred(kind, tier), explanation: `${kind} steps prefer the ${tier} tier` };
    const percent = Math.round((input.remainingFraction.usd ?? 0) * 100);
    return {
      reason: reasons.budgetLow(kind, tier),
      explanation: `${percent}% of the dollar budget left; one tier down to ${tier}`,
    };
  }
  if ((input.health ?? healthyView).openBackends.includes(first.backend))
    return {
      reason: reasons.unhealthy(kind, tier),
      explanation: `${first.backend} is failing (circuit open); using ${chosen.id}`,
    };
  if (!affordable(first, input))
    return {
      reason: reasons.unaffordable(kind, tier),
      explanation: `stronger tiers do not fit the remaining budget; using ${tier}`,
    };
  const share = input.shareNanoUsd ?? null;
  if (
    shareApplied &&
    share !== null &&
    expectedCostNanoUsd(first, { kind, inputTokens: input.estimatedInputTokens }) > share
  )
    return {
      reason: reasons.allocation(kind, tier),
      explanation: `${first.id} would cost more than this step's share of the budget; using ${chosen.id}`,
    };
  const sla = input.policy.latencySlaMs[kind];
  return {
    reason: reasons.slaConstrained(kind, tier),
    explanation: `${first.id} is predicted to take ${predicted(first, input)} ms, over the ${sla} ms SLA; ${chosen.id} is predicted ${predicted(chosen, input)} ms`,
  };
}

/**
 * The termination summary: the summary tiers in the policy's order (a rule for `summarize` steps may set
 * them), cheapest first within a tier, healthy backends first; it must fit the held-back reserve.
 */
function decideSummary(input: StepDecisionInput): StepDecision {
  const open = new Set((input.health ?? healthyView).openBackends);
  const tiers = matchingRule(input)?.use.tiers ?? input.policy.tiers.summarize;
  const rank = (model: ModelSpec) => (tiers.includes(model.tier) ? tiers.indexOf(model.tier) : tiers.length);
  const priced = cheapestFirst(
    input.models.filter((model) => model.tier !== "local" && fitsContext(model, input.estimatedInputTokens)),
  ).sort(
    (left, right) =>
      Number(open.has(left.backend)) - Number(open.has(right.backend)) || rank(left) - rank(right),
  );
  const candidate = priced.find((model) => affordable(model, input));
  const cheapest =
    cheapestFirst(priced.filter((model) => !open.has(model.backend)))[0] ?? cheapestFirst(priced)[0];
  if (candidate)
    return allowModel(candidate, input, {
      reason:
        candidate === cheapest ? reasons.summarizeCheapest : reasons.preferred("summarize", candidate.tier),
      explanation: `summary on ${candidate.id}, the first summary tier that fits the reserve`,
    });
  const local = input.allowDegradeToLocal || priced.length === 0 ? localCandidate(input) : undefined;
  return local
    ? allowModel(local, input, {
        reason: reasons.degradeLocal(input.kind),
        explanation: `no priced model fits the remaining budget; degrading to local ${local.id}`,
      })
    : refuseStep(input, { explanation: "no model fits the remaining budget" });
}

function decidePinned(input: StepDecisionInput, pinnedId: string, why: Why): StepDecision | null {
  const pinned = input.models.find((model) => model.id === pinnedId);
  if (pinned && fitsContext(pinned, input.estimatedInputTokens) && affordable(pinned, input))
    return allowModel(pinned, input, why);
  return null;
}

/** A run that pins a model: the pin, else local when the run may degrade, else a refusal. */
function decidePinnedRun(input: StepDecisionInput, pinnedModel: string): StepDecision {
  const pinned = decidePinned(input, pinnedModel, {
    reason: reasons.pinned,
    explanation: `the run pins ${pinnedModel}`,
  });
  if (pinned) return pinned;
  const pinnedSpec = input.models.find((model) => model.id === pinnedModel);
  if (pinnedSpec && !fitsContext(pinnedSpec, input.estimatedInputTokens))
    return refuseStep(input, {
      reason: reasons.contextTooLarge,
      explanation: `the request (${input.estimatedInputTokens} tokens) exceeds ${pinnedSpec.id}'s ${pinnedSpec.contextWindow}-token window`,
    });
  const local = input.allowDegradeToLocal ? localCandidate(input) : undefined;
  return local
    ? allowModel(local, input, {
        reason: reasons.degradeLocal(input.kind),
        explanation: `${pinnedModel} no longer fits the remaining budget; degrading to local ${local.id}`,
      })
    : refuseStep(input, { explanation: `${pinnedModel} does not fit the remaining budget` });
}

/**
 * A model call a tool makes while it runs (`summarize_document`'s): routed like the termination summary
 * (the `summarize` tiers, cheapest first, healthy backends first), except that a run's pinned model holds
 * for its tools' calls as it does for its steps. Pass `kind: "summarize"`.
 *
 * @example
 * ```ts
 * decideNestedCall({ ...input, kind: "summarize", pinnedModel: null }).reason; // "summarize_cheapest"
 * ```
 */
export function decideNestedCall(input: StepDecisionInput): StepDecision {
  return input.pinnedModel === null ? decideSummary(input) : decidePinnedRun(input, input.pinnedModel);
}

/**
 * Decides a step: a pure function of the step kind, the models, the remaining budget, the policy (tiers,
 * rules, SLA, adaptive share), the backends' health and the request's size. The ledger later reserves
 * the exact worst case and may clamp output tokens further.
 *
 * @example
 * ```ts
 * const decision = decideStep({ kind: "plan", models: simulatedModels, pinnedModel: null,
 *   available: { nanoUsd: 500_000_000, tokens: null }, remainingFraction: { usd: 1, tokens: null },
 *   estimatedInputTokens: 1200, policy: resolveRoutingPolicy(), allowDegradeToLocal: false });
 * decision.reason; // "plan_preferred_premium"
 * ```
 */
export function decideStep(input: StepDecisionInput): StepDecision {
  if (input.kind === "summarize") return decideSummary(input);
  const priced = input.models.filter((model) => model.tier !== "local");
  if (input.pinnedModel !== null) return decidePinnedRun(input, input.pinnedModel);
  if (priced.length === 0) {
    // Only local models are configured: they are the preference, not a degradation. With the local
    // runner's circuit open there is nowhere else to go: try it anyway (the breaker admits probes).
    const local = localCandidate(input) ?? localCandidate(input, { ignoreHealth: true });
    return local
      ? allowModel(local, input, {
          reason: reasons.preferred(input.kind, "local"),
          explanation: "only local models are available",
        })
      : refuseStep(input, { explanation: "no model fits the remaining budget" });
  }
  const rule = matchingRule(input);
  if (rule?.use.model !== undefined) {
    const ruled = decidePinned(input, rule.use.model, {
      reason: reasons.rule(input.kind, rule.name),
      explanation: `policy rule '${rule.name}' names ${rule.use.model}`,
    });
    if (ruled) return ruled;
  }
  return routeByTiers(input, rule?.use.tiers ? rule : undefined);
}
