import type { Holdback } from "../budget/termination-holdback.js";
import type { BudgetDimension } from "../core/budget-dimension.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import type { BudgetUsage } from "../core/budget-usage.js";

/** Why a run must stop before its next step. */
export interface StopCause {
  /** `budget_exhausted:<dimension>`, `step_failures`, ... (stable strings; they end up as termination reasons). */
  reason: string;
  dimension?: BudgetDimension;
}

/** What a stop rule looks at before each step. */
export interface StopRuleInput {
  limits: BudgetLimits;
  usage: BudgetUsage;
  /** Budget kept back for the termination policy (steps, model calls). */
  holdback: Holdback;
  elapsedMs: number;
  /** Wall-clock time kept back for the termination policy. */
  terminationSliceMs: number;
  consecutiveFailedSteps: number;
  maxConsecutiveFailedSteps: number;
  /** Settlements so far whose usage contradicted their request, and whether they stop the run. */
  usageAnomalies?: number;
  onUsageAnomaly?: "stop" | "warn";
}

/** A composable predicate: returns a cause to stop, or null to go on. */
export type StopRule = (input: StopRuleInput) => StopCause | null;

const exhausted = (dimension: BudgetDimension): StopCause => ({
  reason: `budget_exhausted:${dimension}`,
  dimension,
});

export const stepLimitReached: StopRule = ({ limits, usage, holdback }) =>
  limits.steps !== undefined && usage.steps + (holdback.steps ?? 0) >= limits.steps
    ? exhausted("steps")
    : null;

export const modelCallLimitReached: StopRule = ({ limits, usage, holdback }) =>
  limits.modelCalls !== undefined && usage.modelCalls + (holdback.modelCalls ?? 0) >= limits.modelCalls
    ? exhausted("modelCalls")
    : null;

export const toolCallLimitReached: StopRule = ({ limits, usage }) =>
  limits.toolCalls !== undefined && usage.toolCalls >= limits.toolCalls ? exhausted("toolCalls") : null;

export const wallClockReached: StopRule = ({ limits, elapsedMs, terminationSliceMs }) =>
  limits.wallClockMs !== undefined && elapsedMs >= limits.wallClockMs - terminationSliceMs
    ? exhausted("wallClockMs")
    : null;

export const retryLimitReached: StopRule = ({ limits, usage }) =>
  limits.retries !== undefined && usage.retries > limits.retries ? exhausted("retries") : null;

export const tooManyFailedSteps: StopRule = ({ consecutiveFailedSteps, maxConsecutiveFailedSteps }) =>
  consecutiveFailedSteps >= maxConsecutiveFailedSteps ? { reason: "step_failures" } : null;

/** An anomaly a tool's own model call ran into (the step's call stops the run at once). */
export const usageAnomalyReported: StopRule = ({ usageAnomalies, onUsageAnomaly }) =>
  (usageAnomalies ?? 0) > 0 && (onUsageAnomaly ?? "stop") === "stop" ? { reason: "usage_anomaly" } : null;

/** The rules checked before every step, in order. */
export const defaultStopRules: readonly StopRule[] = [
  usageAnomalyReported,
  stepLimitReached,
  modelCallLimitReached,
  toolCallLimitReached,
  wallClockReached,
  retryLimitReached,
  tooManyFailedSteps,
];

/** The first rule that says stop, or null. */
export function firstStopCause(rules: readonly StopRule[], input: StopRuleInput): StopCause | null {
  for (const rule of rules) {
    const cause = rule(input);
    if (cause) return cause;
  }
  return null;
}
