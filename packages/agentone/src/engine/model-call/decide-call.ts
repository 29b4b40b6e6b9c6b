import type { BudgetExceededError } from "../../core/errors/index.js";
import type { StepKind } from "../../core/events/payload-schemas.js";
import type { ModelTier } from "../../core/model-tiers.js";
import { decideStep, type StepDecision } from "../../policy/decide-step.js";
import type { StepDecisionInput } from "../../policy/step-decision.js";
import type { RunContext } from "../run-context.js";
import { routingInput } from "../step/routing-input.js";

/** A routing decision, and the scope whose limits refused it when it is a refusal. */
export interface ScopedDecision {
  decision: StepDecision;
  /** "step" when only the per-step limits refuse (no step could ever fit them); else "run". */
  scope: "run" | "step";
}

/** A caller's preference: a model it names (routed like a run's pinned model) or a tier to route within. */
export interface RoutingHint {
  model?: string;
  tier?: ModelTier;
}

function withHint(input: StepDecisionInput, hint: RoutingHint): StepDecisionInput {
  const tiers = hint.tier ? { ...input.policy.tiers, [input.kind]: [hint.tier] } : input.policy.tiers;
  return {
    ...input,
    ...(hint.model ? { pinnedModel: hint.model } : {}),
    policy: { ...input.policy, tiers },
  };
}

/**
 * Routes a call within what the run and a fresh step may still spend (pure policy over the run's state).
 * A refusal that only the per-step limits cause is marked with scope "step".
 *
 * @example
 * ```ts
 * const { decision, scope } = decideCall(context, { kind: "act", estimatedInputTokens: 1800, useHoldback: false });
 * ```
 */
export function decideCall(
  context: RunContext,
  input: { kind: StepKind; estimatedInputTokens: number; useHoldback: boolean; hint?: RoutingHint },
): ScopedDecision {
  const { hint, ...options } = input;
  const limits = context.log.state.limits;
  const route = (withStepLimits: boolean) => {
    const routing = routingInput(context, { ...options, withStepLimits });
    return decideStep(hint ? withHint(routing, hint) : routing);
  };
  const decision = route(true);
  if (decision.allowed || limits.step === undefined) return { decision, scope: "run" };
  return { decision, scope: route(false).allowed ? "step" : "run" };
}

/**
 * The breach a budget refusal stands for: the ledger's refusal on the dimension that ruled the call out, at
 * the scope that did (a step that could never fit its own limits reports nothing spent).
 *
 * @example
 * ```ts
 * if (!decision.allowed) throw context.ledger.recordBreach(refusalBreach(context, { decision, scope }));
 * ```
 */
export function refusalBreach(context: RunContext, refusal: ScopedDecision): BudgetExceededError {
  return context.ledger.refuseRouting({
    dimension: refusal.decision.limitedBy ?? "usd",
    scope: refusal.scope,
  });
}
