import { usdToNano } from "../../budget/money.js";
import type { StepKind } from "../../core/events/payload-schemas.js";
import { allocateStepShare, plannedStepCount } from "../../policy/allocate-step-budget.js";
import {
  type RoutingPolicy,
  type RoutingPolicyInput,
  resolveRoutingPolicy,
} from "../../policy/routing-policy.js";
import type { StepDecisionInput } from "../../policy/step-decision.js";
import type { RunContext } from "../run-context.js";

/** The run's routing policy: the one its `run-start` recorded, or the default for older logs. */
export function runPolicy(context: RunContext): RoutingPolicy {
  return context.policy;
}

/** Resolves the policy a run's `run-start` recorded: once per run, when its context is built. */
export function resolveRunPolicy(options: { policy?: RoutingPolicyInput | undefined }): RoutingPolicy {
  return resolveRoutingPolicy(options.policy ?? {});
}

/** The models routing may choose from, plus the run's pinned model wherever it is served. */
function routableModels(context: RunContext) {
  const { backends } = context.runtime;
  const models = backends.availableModels();
  const pinned = context.log.state.options.model;
  if (pinned === null || models.some((model) => model.id === pinned)) return models;
  return [...models, backends.resolve(pinned).model];
}

/**
 * Everything the pure routing decision needs, read from the run: models, budget left (absolute and as a
 * fraction), the policy, the backends' health, and the step's share under adaptive budgeting.
 */
export function routingInput(
  context: RunContext,
  options: { kind: StepKind; estimatedInputTokens: number; useHoldback: boolean; withStepLimits: boolean },
): StepDecisionInput {
  const state = context.log.state;
  const limits = state.limits;
  // Policy proposes a model within what the ledger says is left; the ledger disposes when it reserves.
  const { available, runNanoUsd, runTokens } = context.ledger.routingHeadroom(options);
  const fraction = (left: number | null, limit: number | undefined) =>
    limit === undefined || left === null ? null : limit === 0 ? 0 : Math.max(0, left) / limit;
  // Steps the step limit still allows, the one held back for termination included.
  const stepsLeft = context.ledger.headroom({ useHoldback: true }).steps;
  return {
    kind: options.kind,
    models: routableModels(context),
    pinnedModel: state.options.model,
    available,
    remainingFraction: {
      usd: fraction(runNanoUsd, limits.usd === undefined ? undefined : usdToNano(limits.usd)),
      tokens: fraction(runTokens, limits.tokens),
    },
    estimatedInputTokens: options.estimatedInputTokens,
    policy: runPolicy(context),
    allowDegradeToLocal: state.options.onExhaust.includes("degrade"),
    health: context.runtime.health.view(),
    shareNanoUsd:
      options.kind === "act" || options.kind === "replan"
        ? allocateStepShare({
            availableNanoUsd: runNanoUsd,
            plannedSteps: plannedStepCount(state.plan),
            stepsTakenSincePlan: state.actStepsSincePlan,
            stepsLeft,
            uncertain: state.consecutiveFailedSteps > 0,
          })
        : null,
  };
}
