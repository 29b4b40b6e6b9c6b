/**
 * Stable reason codes of routing decisions. Codes are part of the public contract (they appear in
 * events, reports, metrics and, later, API answers): add new ones, never rename.
 *
 * - `model_pinned`: the run names one model; every step uses it (summaries excepted).
 * - `<kind>_preferred_<tier>`: the step kind's preferred tier fits every constraint.
 * - `<kind>_budget_low_<tier>`: less than the low-budget fraction of dollars remains, so the step starts
 *   one tier below its preference.
 * - `<kind>_unaffordable_<tier>`: the preferred tiers do not fit the remaining budget; this one does.
 * - `<kind>_allocation_<tier>`: adaptive budgeting: the stronger tiers' typical cost exceeds the step's share
 *   of the remaining budget.
 * - `<kind>_sla_constrained_<tier>`: the stronger tiers are predicted to miss the step's latency SLA; this
 *   one meets it (an SLA violation prevented).
 * - `<kind>_sla_unattainable_<tier>`: no model is predicted to meet the SLA; the fastest one that fits runs.
 * - `<kind>_remote_unhealthy_fallback_<tier>`: the preferred model's backend has an open circuit breaker.
 * - `<kind>_all_unhealthy_<tier>`: every candidate's backend has an open circuit and no local model may take
 *   over; the step tries the first affordable candidate anyway (its breaker may let a probe through).
 * - `<kind>_only_available_<tier>`: no model of the tiers the policy allows for the step kind exists; the
 *   nearest tier that has a model runs (one configured model of tier premium serves every step).
 * - `<kind>_rule_<name>`: a rule of the policy file decided the step.
 * - `<kind>_degrade_local`: no priced model fits; the run allows degrading to a local (free) model.
 * - `<kind>_fallback_<tier>`: the step's model failed (retries used up, or not retryable); the next model
 *   in the default chain runs.
 * - `<kind>_fallback_chain_<tier>`: as above, from the chain the policy file gives for the failed model.
 * - `<kind>_remote_failed_fallback_local`: every remote candidate failed; a local model finishes the step.
 * - `<kind>_context_larger_window_<tier>`: the request exceeded the model's context; a larger window runs.
 * - `summarize_cheapest`: the termination summary runs on the cheapest model that fits the reserve;
 *   `summarize_preferred_<tier>` when the policy's summary tiers put another model first.
 * - `budget_exhausted`: no model fits the remaining budget; the step may not run.
 * - `context_too_large`: the request fits no model's context window; the step may not run.
 * - `no_model_available`: the runtime has no model at all; the step may not run (not a budget matter).
 * - `no_fallback`: a model failed and no other model may take over within the policy and the budget.
 * - `usage_anomaly`: an external run's caller reported usage its request cannot explain; no more steps.
 * - `awaiting_input`: an external run waits for a human (its budget ran out under `ask-human`).
 */
export type ReasonCode = string;

export const reasons = {
  pinned: "model_pinned",
  preferred: (kind: string, tier: string) => `${kind}_preferred_${tier}`,
  budgetLow: (kind: string, tier: string) => `${kind}_budget_low_${tier}`,
  unaffordable: (kind: string, tier: string) => `${kind}_unaffordable_${tier}`,
  allocation: (kind: string, tier: string) => `${kind}_allocation_${tier}`,
  slaConstrained: (kind: string, tier: string) => `${kind}_sla_constrained_${tier}`,
  slaUnattainable: (kind: string, tier: string) => `${kind}_sla_unattainable_${tier}`,
  unhealthy: (kind: string, tier: string) => `${kind}_remote_unhealthy_fallback_${tier}`,
  rule: (kind: string, name: string) => `${kind}_rule_${name}`,
  onlyAvailable: (kind: string, tier: string) => `${kind}_only_available_${tier}`,
  allUnhealthy: (kind: string, tier: string) => `${kind}_all_unhealthy_${tier}`,
  degradeLocal: (kind: string) => `${kind}_degrade_local`,
  fallback: (kind: string, tier: string) => `${kind}_fallback_${tier}`,
  fallbackChain: (kind: string, tier: string) => `${kind}_fallback_chain_${tier}`,
  remoteFailedLocal: (kind: string) => `${kind}_remote_failed_fallback_local`,
  largerWindow: (kind: string, tier: string) => `${kind}_context_larger_window_${tier}`,
  summarizeCheapest: "summarize_cheapest",
  budgetExhausted: "budget_exhausted",
  noFallback: "no_fallback",
  contextTooLarge: "context_too_large",
  noModelAvailable: "no_model_available",
  usageAnomaly: "usage_anomaly",
  awaitingInput: "awaiting_input",
} as const;
