import type { BudgetDimension, BudgetScope } from "../core/budget-dimension.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import { type BudgetUsage, totalTokens } from "../core/budget-usage.js";
import { BudgetExceededError } from "../core/errors/index.js";
import type { EventPayload } from "../core/events/run-event.js";
import { nanoToUsd } from "./money.js";
import type { DimensionStatus } from "./remaining.js";

/** Where a breach is recorded: the run's event log. */
export interface BreachLog {
  emit(payload: EventPayload): unknown;
}

/** A limit the run or the step ran into, in the units people read (dollars, tokens, counts, ms). */
export interface Breach {
  dimension: BudgetDimension;
  scope: BudgetScope;
  spent: number;
  limit: number;
  requested?: number;
}

/**
 * Records a breach: emits `budget-exceeded` (dimension, scope, spent, limit, requested) and returns the
 * error that carries it. Every breach of a run goes through here, whoever found it (a reservation, a
 * retry, a deadline, routing, a stop rule).
 *
 * @example
 * ```ts
 * const error = recordBreach(log, { dimension: "toolCalls", scope: "run", spent: 5, limit: 5, requested: 1 });
 * error.code; // "BUDGET_EXCEEDED"
 * ```
 */
export function recordBreach(log: BreachLog, breach: Breach | BudgetExceededError): BudgetExceededError {
  const error = breach instanceof BudgetExceededError ? breach : new BudgetExceededError(breach);
  log.emit({
    type: "budget-exceeded",
    dimension: error.dimension,
    scope: error.scope,
    spent: error.spent,
    limit: error.limit,
    requested: error.requested,
  });
  return error;
}

/**
 * The breach when routing finds no model the budget can pay for: the dollar or token limit at the scope
 * that ruled the call out. A step-scope refusal reports the step as having spent nothing (a step that
 * could never fit its own limit) or, with `reportStepAs: "reached"`, all of it (a tool's nested call
 * inside a step that has used its limit up).
 */
export function routingBreach(input: {
  limits: BudgetLimits;
  spent: BudgetUsage;
  dimension: "usd" | "tokens";
  scope: BudgetScope;
  reportStepAs?: "unspent" | "reached";
}): BudgetExceededError {
  const { dimension, scope } = input;
  const limits = scope === "step" ? (input.limits.step ?? {}) : input.limits;
  const limit = (dimension === "usd" ? limits.usd : limits.tokens) ?? 0;
  const stepSpent = input.reportStepAs === "reached" ? limit : 0;
  const spent =
    scope === "step"
      ? stepSpent
      : dimension === "usd"
        ? nanoToUsd(input.spent.nanoUsd)
        : totalTokens(input.spent);
  return new BudgetExceededError({ dimension, scope, spent, limit });
}

/** The breach when the run's or the step's wall-clock deadline passes: all of the limit is spent. */
export function wallClockBreach(limits: BudgetLimits, scope: BudgetScope): BudgetExceededError {
  const limit = (scope === "step" ? limits.step?.wallClockMs : limits.wallClockMs) ?? 0;
  return new BudgetExceededError({ dimension: "wallClockMs", scope, spent: limit, limit });
}

/** The breach a stop rule found before a step: the run-scope dimension as its status reads now. */
export function runLimitBreach(status: DimensionStatus): Breach {
  return { dimension: status.dimension, scope: "run", spent: status.used, limit: status.limit, requested: 0 };
}
