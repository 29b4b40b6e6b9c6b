import type { BudgetDimension } from "../core/budget-dimension.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import { type BudgetUsage, totalTokens } from "../core/budget-usage.js";
import { nanoToUsd } from "./money.js";

/** One limited dimension: its limit, what is used, and the fraction used (0..1+). */
export interface DimensionStatus {
  dimension: BudgetDimension;
  limit: number;
  used: number;
  remaining: number;
  fractionUsed: number;
}

/**
 * The status of every limited run-scope dimension, in the units people read (USD, tokens, counts, ms).
 * `elapsedMs` is the run's active wall-clock time so far.
 */
export function budgetStatus(limits: BudgetLimits, usage: BudgetUsage, elapsedMs: number): DimensionStatus[] {
  const used: Record<BudgetDimension, number> = {
    usd: nanoToUsd(usage.nanoUsd),
    tokens: totalTokens(usage),
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    toolCalls: usage.toolCalls,
    modelCalls: usage.modelCalls,
    steps: usage.steps,
    retries: usage.retries,
    wallClockMs: elapsedMs,
  };
  const statuses: DimensionStatus[] = [];
  for (const dimension of Object.keys(used) as BudgetDimension[]) {
    const limit = limits[dimension];
    if (limit === undefined) continue;
    const value = used[dimension];
    statuses.push({
      dimension,
      limit,
      used: value,
      remaining: Math.max(0, limit - value),
      fractionUsed: limit === 0 ? 1 : value / limit,
    });
  }
  return statuses;
}

/** The dimension closest to its limit, or undefined when nothing is limited. */
export function tightestDimension(statuses: DimensionStatus[]): DimensionStatus | undefined {
  let tightest: DimensionStatus | undefined;
  for (const status of statuses) {
    if (!tightest || status.fractionUsed > tightest.fractionUsed) tightest = status;
  }
  return tightest;
}

/**
 * Soft thresholds: the dimensions that have crossed `warnAt` (default 80%) and were not warned about yet.
 */
export function newlyCrossedThresholds(
  statuses: DimensionStatus[],
  options: { warnAt: number; alreadyWarned: ReadonlySet<BudgetDimension> },
): DimensionStatus[] {
  return statuses.filter(
    (status) => status.fractionUsed >= options.warnAt && !options.alreadyWarned.has(status.dimension),
  );
}
