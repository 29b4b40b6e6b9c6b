import { usdToNano } from "../../budget/money.js";
import { sha256Hex, stableJson } from "../../core/stable-json.js";
import { decideStep } from "../../policy/decide-step.js";
import { resolveRoutingPolicy } from "../../policy/routing-policy.js";
import type { Runtime } from "../runtime.js";
import { type PolicyEvaluationInput, policyEvaluationInputSchema } from "./external-run-inputs.js";
import { parseInput } from "./parse-input.js";

/** The stateless decision: may a step of this kind run, on which tier and model, and why. */
export interface PolicyEvaluation {
  decision: {
    allowed: boolean;
    model: string | null;
    tier: string | null;
    maxOutputTokens: number;
    /** True when no model fits: the caller's loop stops here. */
    hardStop: boolean;
  };
  /** A stable reason code (`policy/reason-codes.ts`). */
  reason: string;
  explanation: string;
  predictedLatencyMs?: number;
  latencySlaMs?: number;
  /** Names the routing policy that decided (a hash of it): equal versions decide alike. */
  policyVersion: string;
}

/**
 * The routing decision alone, for a caller that keeps its own books (the cost-aware engine's
 * `/policy/evaluate`): the step kind, what is left of a dollar budget and of what total, a latency SLA and
 * a priority go in; the decision the runtime's default policy makes over its catalog and its backends'
 * health comes out, with its reason. Nothing is recorded or reserved. The priority is accepted and does
 * not change the decision: no priority buys more than the budget.
 *
 * Throws UsageError naming the offending field.
 *
 * @example
 * ```ts
 * const { decision, reason } = evaluatePolicy(runtime, { stepKind: "plan", remainingBudget: 0.3, totalBudget: 1, latencySlaMs: 2000 });
 * decision.tier; // "standard", reason "plan_budget_low_standard" or similar
 * ```
 */
export function evaluatePolicy(runtime: Runtime, request: PolicyEvaluationInput): PolicyEvaluation {
  const input = parseInput(policyEvaluationInputSchema, request, "policy evaluation");
  const base = resolveRoutingPolicy(runtime.defaultPolicy);
  const policy =
    input.latencySlaMs === undefined
      ? base
      : { ...base, latencySlaMs: { ...base.latencySlaMs, [input.stepKind]: input.latencySlaMs } };
  const decision = decideStep({
    kind: input.stepKind,
    models: runtime.backends.availableModels(),
    pinnedModel: null,
    available: { nanoUsd: usdToNano(input.remainingBudget), tokens: null },
    remainingFraction: { usd: input.remainingBudget / input.totalBudget, tokens: null },
    estimatedInputTokens: input.estimatedInputTokens,
    policy,
    allowDegradeToLocal: false,
    health: runtime.health.view(),
  });
  return {
    decision: {
      allowed: decision.allowed,
      model: decision.allowed ? decision.model : null,
      tier: decision.allowed ? decision.tier : null,
      maxOutputTokens: decision.maxOutputTokens,
      hardStop: !decision.allowed,
    },
    reason: decision.reason,
    explanation: decision.explanation,
    ...(decision.predictedLatencyMs === undefined ? {} : { predictedLatencyMs: decision.predictedLatencyMs }),
    ...(decision.latencySlaMs === undefined ? {} : { latencySlaMs: decision.latencySlaMs }),
    policyVersion: `sha256:${sha256Hex(stableJson(base)).slice(0, 16)}`,
  };
}
