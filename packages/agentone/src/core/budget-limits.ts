import { z } from "zod";

const count = z.number().int().nonnegative();
const amount = z.number().nonnegative().finite();

/** Limits that apply to each step on its own. */
export const stepLimitsSchema = z
  .object({ tokens: count, usd: amount, wallClockMs: count, retries: count })
  .partial()
  .strict();

/**
 * A run's budget. Every limit is optional; usage is tracked on every dimension either way.
 * `tokens` counts input (cached or not) plus output.
 */
export const budgetLimitsSchema = z
  .object({
    usd: amount,
    tokens: count,
    inputTokens: count,
    outputTokens: count,
    toolCalls: count,
    modelCalls: count,
    steps: count,
    retries: count,
    wallClockMs: count,
    step: stepLimitsSchema,
  })
  .partial()
  .strict();

export type StepLimits = z.infer<typeof stepLimitsSchema>;
export type BudgetLimits = z.infer<typeof budgetLimitsSchema>;

/** Defaults for a run that names no limit: generous, but never unbounded. */
export const defaultBudgetLimits: BudgetLimits = {
  usd: 2,
  steps: 50,
  wallClockMs: 30 * 60 * 1000,
  // An unreachable backend fails a step after a few retries (and three failed steps stop the run),
  // instead of being retried until the wall clock runs out.
  step: { retries: 4 },
};

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
