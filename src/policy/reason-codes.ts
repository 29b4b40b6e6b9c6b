/**
 * Stable reason codes of routing decisions. Codes are part of the public contract (they appear in
 * events, reports and, later, API answers): add new ones, never rename.
 *
 * - `model_pinned`: the run names one model; every step uses it (summaries excepted).
 * - `<kind>_preferred_<tier>`: the step kind's preferred tier fits the budget.
 * - `<kind>_budget_low_<tier>`: less than the low-budget fraction of dollars remains, so the step starts
 *   one tier below its preference.
 * - `<kind>_unaffordable_<tier>`: the preferred tiers do not fit the remaining budget; this one does.
 * - `<kind>_degrade_local`: no priced model fits; the run allows degrading to a local (free) model.
 * - `summarize_cheapest`: the termination summary runs on the cheapest model that fits the reserve.
 * - `budget_exhausted`: no model fits the remaining budget; the step may not run.
 */
export type ReasonCode = string;

export const reasons = {
  pinned: "model_pinned",
  preferred: (kind: string, tier: string) => `${kind}_preferred_${tier}`,
  budgetLow: (kind: string, tier: string) => `${kind}_budget_low_${tier}`,
  unaffordable: (kind: string, tier: string) => `${kind}_unaffordable_${tier}`,
  degradeLocal: (kind: string) => `${kind}_degrade_local`,
  summarizeCheapest: "summarize_cheapest",
  budgetExhausted: "budget_exhausted",
} as const;
