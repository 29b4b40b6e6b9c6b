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

export { type AddableDimension, addableDimensions, addToLimits } from "./add-to-limits.js";
export { defaultBudgetLimits } from "./default-budget-limits.js";
