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
};

/** Adds `extra` to `limits` dimension by dimension (used when a paused run is resumed with more budget). */
export function addToLimits(limits: BudgetLimits, extra: { usd?: number; tokens?: number }): BudgetLimits {
  const next = { ...limits };
  // Added in nano-dollars, as the ledger counts, so 0.01 + 0.2 is 0.21 and not 0.21000000000000002.
  if (extra.usd !== undefined)
    next.usd = (Math.round((limits.usd ?? 0) * 1e9) + Math.round(extra.usd * 1e9)) / 1e9;
  if (extra.tokens !== undefined) next.tokens = (limits.tokens ?? 0) + extra.tokens;
  return next;
}
