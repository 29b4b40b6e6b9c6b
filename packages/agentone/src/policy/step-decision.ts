import type { AvailableBudget } from "../budget/headroom.js";
import type { StepKind } from "../core/events/payload-schemas.js";
import type { ModelSpec } from "../core/model-spec.js";
import type { RoutingPolicy } from "./routing-policy.js";

/** The routing decision for one step: may it run, on which model, with how many output tokens, and why. */
export interface StepDecision {
  allowed: boolean;
  model: string;
  tier: string;
  maxOutputTokens: number;
  /** A stable reason code (see reason-codes.ts). */
  reason: string;
  explanation: string;
  /** On a refusal: the budget that rules every model out. */
  limitedBy?: "usd" | "tokens";
  /** The model the step kind prefers when nothing constrains it (for downgrades and "cost saved"). */
  preferredModel?: string;
  preferredTier?: string;
  /** True when the step runs on a weaker tier than it prefers. */
  downgraded?: boolean;
  /** The predicted latency of the chosen call and the SLA it was held to, milliseconds. */
  predictedLatencyMs?: number;
  latencySlaMs?: number;
  /** The preferred model was predicted to miss the SLA and the chosen one is not. */
  slaViolationPrevented?: boolean;
  /** Adaptive budgeting: the step's share of the remaining dollars, nano-dollars. */
  shareNanoUsd?: number;
}

/** What routing knows of the backends' health: open circuits and observed latency. */
export interface HealthView {
  /** Backends whose circuit breaker is open: calls to them fail fast. */
  openBackends: readonly string[];
  /** Observed over predicted latency per model id (1 when unobserved). */
  latencyCorrection: Readonly<Record<string, number>>;
  /** Recent failures per model id: ties within a tier go to the model that failed least. */
  recentFailures: Readonly<Record<string, number>>;
}

export const healthyView: HealthView = { openBackends: [], latencyCorrection: {}, recentFailures: {} };

/** Everything one routing decision depends on. Pure data: the same input always gives the same decision. */
export interface StepDecisionInput {
  kind: StepKind;
  /** The models the runtime can call, any order. */
  models: readonly ModelSpec[];
  pinnedModel: string | null;
  /** What the run and a fresh step may still spend (holdback excluded unless the step may use it). */
  available: AvailableBudget;
  /** Fraction of the dollar and token budgets remaining (0..1); null when unlimited. */
  remainingFraction: { usd: number | null; tokens: number | null };
  /** The step's request size (the context): models whose window cannot hold it are never chosen. */
  estimatedInputTokens: number;
  policy: RoutingPolicy;
  /** May the run continue on free local models when priced ones no longer fit? */
  allowDegradeToLocal: boolean;
  health?: HealthView;
  /** Adaptive budgeting: this step's share of the remaining dollars; null or absent when not used. */
  shareNanoUsd?: number | null;
}

/** A fallback decision: the step's call failed on `fromModel`; `failedModels` are already ruled out. */
export interface FallbackInput extends StepDecisionInput {
  fromModel: string;
  failedModels: readonly string[];
  /** The failure kind (`rate_limit`, `server`, `context_length`, ... or `circuit_open`). */
  failure: string;
}
