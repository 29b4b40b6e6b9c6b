import { traitsOfFailure } from "../core/errors/index.js";
import type { ModelSpec } from "../core/model-spec.js";
import { allowModel, localCandidate, refuseStep } from "./decide-step.js";
import { cheapestFirst, fitsBudget, fitsContext } from "./model-fit.js";
import { reasons } from "./reason-codes.js";
import { type FallbackInput, healthyView, type StepDecision } from "./step-decision.js";

/**
 * The default chain after `from` fails: other models of the same tier (other backends first), then the
 * step kind's other tiers in order of preference, then any other priced model.
 */
function defaultChain(input: FallbackInput, from: ModelSpec): ModelSpec[] {
  const priced = input.models.filter((model) => model.tier !== "local");
  const sameTier = cheapestFirst(priced.filter((model) => model.tier === from.tier)).sort(
    (left, right) => Number(left.backend === from.backend) - Number(right.backend === from.backend),
  );
  const preferredTiers = input.policy.tiers[input.kind].filter((tier) => tier !== from.tier);
  const byPreference = preferredTiers.flatMap((tier) =>
    cheapestFirst(priced.filter((model) => model.tier === tier)),
  );
  const rest = cheapestFirst(priced);
  return [...new Set([...sameTier, ...byPreference, ...rest])];
}

/**
 * Chooses the next model after the step's call failed on `fromModel`: the policy's explicit chain for
 * that model if it has one, else the default chain; for a context-length failure, only models with a
 * larger window. Every candidate is checked against the budget and the backends' health exactly as a
 * fresh decision would be: a fallback never spends what the budget forbids. When no remote model is left,
 * a local one finishes the step if the policy allows it.
 *
 * @example
 * ```ts
 * const next = decideFallback({ ...decisionInput, fromModel: "sim-standard", failedModels: ["sim-standard"],
 *   failure: "server" });
 * next.reason; // e.g. "act_fallback_standard" or "act_remote_failed_fallback_local"
 * ```
 */
export function decideFallback(input: FallbackInput): StepDecision {
  const from = input.models.find((model) => model.id === input.fromModel);
  // The model that failed is never its own fallback, whether or not the caller listed it.
  const failed = new Set([...input.failedModels, input.fromModel]);
  const open = new Set((input.health ?? healthyView).openBackends);
  // Credentials, outages and open circuits belong to a backend: none of its other models can help then.
  // (Rate limits and missing models are per model: the backend's other models remain candidates.)
  const traits = traitsOfFailure(input.failure);
  const refusedBackend = traits.outageLike ? from?.backend : undefined;
  const usable = (model: ModelSpec) =>
    !failed.has(model.id) &&
    model.backend !== refusedBackend &&
    fitsContext(model, input.estimatedInputTokens) &&
    fitsBudget(model, { inputTokens: input.estimatedInputTokens, available: input.available });
  const chain = input.policy.fallback.chains[input.fromModel];
  if (chain) {
    const next = chain
      .map((id) => input.models.find((model) => model.id === id))
      .find((model): model is ModelSpec => model !== undefined && usable(model) && !open.has(model.backend));
    if (next)
      return allowModel(next, input, {
        reason: reasons.fallbackChain(input.kind, next.tier),
        explanation: `${input.fromModel} failed (${input.failure}); next in its configured chain: ${next.id}`,
      });
  }
  // A run that pins its model falls back only along a chain the policy names for it.
  if (input.pinnedModel !== null)
    return refuseStep(input, {
      reason: reasons.noFallback,
      explanation: `${input.fromModel} failed (${input.failure}); the run pins it and the policy names no chain`,
    });
  if (from && traits.needsLargerModel) {
    const larger = cheapestFirst(
      input.models.filter(
        (model) =>
          usable(model) &&
          model.contextWindow > from.contextWindow &&
          (model.tier !== "local" || input.policy.fallback.toLocal),
      ),
    ).sort((left, right) => left.contextWindow - right.contextWindow);
    const next = larger.find((model) => !open.has(model.backend)) ?? larger[0];
    return next
      ? allowModel(next, input, {
          reason: reasons.largerWindow(input.kind, next.tier),
          explanation: `the request exceeds ${from.id}'s ${from.contextWindow}-token window; ${next.id} has ${next.contextWindow}`,
        })
      : refuseStep(input, {
          reason: reasons.noFallback,
          explanation: "no model with a larger context window fits",
        });
  }
  if (!chain && from) {
    const next = defaultChain(input, from).find((model) => usable(model) && !open.has(model.backend));
    if (next) {
      const unhealthy = input.failure === "circuit_open";
      return allowModel(next, input, {
        reason: unhealthy
          ? reasons.unhealthy(input.kind, next.tier)
          : reasons.fallback(input.kind, next.tier),
        explanation: `${input.fromModel} ${unhealthy ? "is unavailable (circuit open)" : `failed (${input.failure})`}; falling back to ${next.id}`,
      });
    }
  }
  const local = input.policy.fallback.toLocal
    ? localCandidate({ ...input, models: input.models.filter(usable) })
    : undefined;
  if (local)
    return allowModel(local, input, {
      reason:
        input.failure === "circuit_open"
          ? reasons.unhealthy(input.kind, "local")
          : reasons.remoteFailedLocal(input.kind),
      explanation: `${input.fromModel} failed (${input.failure}) and no remote model is left; finishing on ${local.id}`,
    });
  return refuseStep(input, {
    reason: reasons.noFallback,
    explanation: `${input.fromModel} failed (${input.failure}) and no other model fits the policy and the budget`,
  });
}
