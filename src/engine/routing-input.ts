import { usdToNano } from "../budget/money.js";
import { totalTokens } from "../core/budget-usage.js";
import type { StepKind } from "../core/events/payload-schemas.js";
import { allocateStepShare, plannedStepCount } from "../policy/allocate-step-budget.js";
import type { AvailableBudget } from "../policy/model-fit.js";
import {
  type RoutingPolicy,
  type RoutingPolicyInput,
  resolveRoutingPolicy,
} from "../policy/routing-policy.js";
import type { StepDecisionInput } from "../policy/step-decision.js";
import type { RunContext } from "./run-context.js";

/** The smaller of two optional headrooms (null means unlimited). */
function tighter(left: number | null, right: number | null): number | null {
  if (left === null) return right;
  return right === null ? left : Math.min(left, right);
}

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
 * What the budget still allows, at run scope and (with `withStepLimits`) within the step's own limits,
 * counting what the current step has already spent or reserved.
 */
export function availableBudget(
  context: RunContext,
  options: { useHoldback: boolean; withStepLimits: boolean },
): { available: AvailableBudget; runNanoUsd: number | null; runTokens: number | null } {
  const { spent, reserved, step } = context.ledger.snapshot();
  const limits = context.log.state.limits;
  const held = options.useHoldback ? {} : context.holdback;
  const runNanoUsd =
    limits.usd === undefined
      ? null
      : usdToNano(limits.usd) - spent.nanoUsd - reserved.nanoUsd - (held.nanoUsd ?? 0);
  const runTokens =
    limits.tokens === undefined
      ? null
      : limits.tokens - totalTokens(spent) - totalTokens(reserved) - (held.tokens ?? 0);
  if (!options.withStepLimits)
    return { available: { nanoUsd: runNanoUsd, tokens: runTokens }, runNanoUsd, runTokens };
  const stepUsd =
    limits.step?.usd === undefined
      ? null
      : usdToNano(limits.step.usd) - step.spent.nanoUsd - step.reserved.nanoUsd;
  const stepTokens =
    limits.step?.tokens === undefined
      ? null
      : limits.step.tokens - totalTokens(step.spent) - totalTokens(step.reserved);
  return {
    available: { nanoUsd: tighter(runNanoUsd, stepUsd), tokens: tighter(runTokens, stepTokens) },
    runNanoUsd,
    runTokens,
  };
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
  const { available, runNanoUsd, runTokens } = availableBudget(context, options);
  const fraction = (left: number | null, limit: number | undefined) =>
    limit === undefined || left === null ? null : limit === 0 ? 0 : Math.max(0, left) / limit;
  const stepsLeft = limits.steps === undefined ? null : limits.steps - state.usage.steps;
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
