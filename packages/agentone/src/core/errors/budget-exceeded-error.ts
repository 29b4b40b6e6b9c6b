import type { BudgetDimension, BudgetScope } from "../budget-dimension.js";
import { AgentOneError } from "./agentone-error.js";

/** A budget limit would be (or was) crossed. Carries which limit, what was spent and the limit itself. */
export class BudgetExceededError extends AgentOneError {
  readonly dimension: BudgetDimension;
  readonly scope: BudgetScope;
  readonly spent: number;
  readonly limit: number;
  readonly requested: number;

  constructor(input: {
    dimension: BudgetDimension;
    scope: BudgetScope;
    spent: number;
    limit: number;
    requested?: number;
  }) {
    const requested = input.requested ?? 0;
    super(
      "BUDGET_EXCEEDED",
      `${input.scope} budget for ${input.dimension} exhausted: spent ${input.spent}, limit ${input.limit}` +
        (requested > 0 ? `, requested ${requested}` : ""),
      { details: { ...input, requested } },
    );
    this.dimension = input.dimension;
    this.scope = input.scope;
    this.spent = input.spent;
    this.limit = input.limit;
    this.requested = requested;
  }
}
