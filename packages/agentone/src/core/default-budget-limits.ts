import type { BudgetLimits } from "./budget-limits.js";

/**
 * Defaults for a run that names no limit: generous, but never unbounded. A module of its own, without the
 * limits' schema, so that the CLI can print them in its help without loading the schema library.
 */
export const defaultBudgetLimits: BudgetLimits = {
  usd: 2,
  steps: 50,
  wallClockMs: 30 * 60 * 1000,
  // An unreachable backend fails a step after a few retries (and three failed steps stop the run),
  // instead of being retried until the wall clock runs out.
  step: { retries: 4 },
};
