import { budgetStatus, newlyCrossedThresholds } from "../../budget/remaining.js";
import { activeElapsedMs } from "../../core/run-state/fold-run-state.js";
import type { RunContext } from "../run-context.js";

/**
 * Emits a budget-warning for each dimension that crossed the soft threshold (after a call or a tool turn).
 *
 * @example
 * ```ts
 * emitBudgetWarnings(context); // budget-warning { dimension: "usd", fractionUsed: 0.81, ... }
 * ```
 */
export function emitBudgetWarnings(context: RunContext): void {
  const { state } = context.log;
  const statuses = budgetStatus(state.limits, state.usage, activeElapsedMs(state, context.log.nowIso()));
  for (const status of newlyCrossedThresholds(statuses, {
    warnAt: state.options.warnAt,
    alreadyWarned: state.warned,
  })) {
    context.log.emit({
      type: "budget-warning",
      dimension: status.dimension,
      fractionUsed: status.fractionUsed,
      used: status.used,
      limit: status.limit,
    });
  }
}
