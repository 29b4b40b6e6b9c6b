import type { BudgetLimits } from "../core/budget-limits.js";
import { usdToNano } from "./money.js";

/**
 * Budget kept back so the termination policy (a closing summary) can still run when ordinary steps have
 * used everything else.
 */
export interface Holdback {
  nanoUsd?: number;
  tokens?: number;
  steps?: number;
  modelCalls?: number;
}

/** Share of each limited budget kept back for the closing summary when the policy is `summarize`. */
export const summaryReserveFraction = 0.1;

/** The longest wall-clock slice kept back for the closing summary, however long the run may take. */
export const maxTerminationSliceMs = 60_000;

/** What a run keeps back for its termination policy: budget on the counted dimensions, and wall-clock time. */
export interface TerminationHoldback {
  holdback: Holdback;
  terminationSliceMs: number;
}

/**
 * The hold-back of a run: under `summarize`, 10% of the dollars and tokens, one step and one model call
 * (when the run has more than one) and 10% of the wall clock (at most a minute) are kept from ordinary
 * steps so the closing summary can still run. Other termination policies make no further call: nothing
 * is kept back.
 *
 * @example
 * ```ts
 * terminationHoldback({ usd: 1, steps: 10 }, { summarize: true });
 * // { holdback: { nanoUsd: 100_000_000, steps: 1 }, terminationSliceMs: 0 }
 * ```
 */
export function terminationHoldback(
  limits: BudgetLimits,
  options: { summarize: boolean },
): TerminationHoldback {
  if (!options.summarize) return { holdback: {}, terminationSliceMs: 0 };
  const holdback: Holdback = {};
  if (limits.usd !== undefined) holdback.nanoUsd = usdToNano(limits.usd * summaryReserveFraction);
  if (limits.tokens !== undefined) holdback.tokens = Math.floor(limits.tokens * summaryReserveFraction);
  if (limits.steps !== undefined && limits.steps > 1) holdback.steps = 1;
  if (limits.modelCalls !== undefined && limits.modelCalls > 1) holdback.modelCalls = 1;
  const terminationSliceMs =
    limits.wallClockMs === undefined
      ? 0
      : Math.min(maxTerminationSliceMs, Math.floor(limits.wallClockMs * summaryReserveFraction));
  return { holdback, terminationSliceMs };
}
