/** Every dimension a budget can limit. */
export const budgetDimensions = [
  "usd",
  "tokens",
  "inputTokens",
  "outputTokens",
  "toolCalls",
  "modelCalls",
  "steps",
  "retries",
  "wallClockMs",
] as const;

export type BudgetDimension = (typeof budgetDimensions)[number];

/** A limit applies to the whole run or to one step. */
export type BudgetScope = "run" | "step";
