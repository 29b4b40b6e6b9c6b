import type { BudgetLimits } from "./budget-limits.js";

// A module of its own, without the limits' schema: folding a run's events (the CLI's `show`, its progress
// lines) must not load the schema library.

/** The run-scope limits a resume can raise. */
export const addableDimensions = [
  "usd",
  "tokens",
  "steps",
  "toolCalls",
  "modelCalls",
  "retries",
  "wallClockMs",
] as const;
export type AddableDimension = (typeof addableDimensions)[number];

/**
 * Raises limits by `extra`, dimension by dimension (a resume adding budget). An unlimited dimension stays
 * unlimited. Dollars are added in nano-dollars, as the ledger counts, so 0.01 + 0.2 is exactly 0.21.
 */
export function addToLimits(
  limits: BudgetLimits,
  extra: Partial<Record<AddableDimension, number>>,
): BudgetLimits {
  const next = { ...limits };
  for (const dimension of addableDimensions) {
    const current = limits[dimension];
    const added = extra[dimension];
    if (current === undefined || added === undefined) continue;
    next[dimension] =
      dimension === "usd" ? (Math.round(current * 1e9) + Math.round(added * 1e9)) / 1e9 : current + added;
  }
  return next;
}
