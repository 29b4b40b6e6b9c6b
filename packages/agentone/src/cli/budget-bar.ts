import { budgetStatus, tightestDimension } from "../budget/remaining.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import type { BudgetUsage } from "../core/budget-usage.js";

const width = 10;

/** `[████░░░░░░] 42% usd`: how far the tightest budget dimension is used. */
export function budgetBar(limits: BudgetLimits, usage: BudgetUsage, elapsedMs: number): string {
  const tightest = tightestDimension(budgetStatus(limits, usage, elapsedMs));
  if (!tightest) return "";
  const fraction = Math.min(1, tightest.fractionUsed);
  const filled = Math.round(fraction * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${Math.round(tightest.fractionUsed * 100)}% ${tightest.dimension}`;
}
