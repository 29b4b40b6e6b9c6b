import type { BudgetDimension } from "../core/budget-dimension.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import { type BudgetUsage, totalTokens } from "../core/budget-usage.js";
import { usdToNano } from "./money.js";
import type { Holdback } from "./termination-holdback.js";

/** What is left on a dimension, in ledger units (dollars in nano-dollars); null when it is unlimited. */
export type Left = number | null;

/** What is left of the run's budget on every dimension. Negative when an estimate ran over. */
export type RunHeadroom = Record<BudgetDimension, Left>;

/** What is left of the step's own limits (the dimensions a step can limit except its wall clock). */
export interface StepHeadroom {
  nanoUsd: Left;
  tokens: Left;
  retries: Left;
}

/** What routing may spend on the next call: dollars (nano-dollars) and tokens; null means unlimited. */
export interface AvailableBudget {
  nanoUsd: Left;
  tokens: Left;
}

/** Routing's view of the budget: the tighter of run and step, and the run's own dollars and tokens. */
export interface RoutingHeadroom {
  available: AvailableBudget;
  runNanoUsd: Left;
  runTokens: Left;
}

const minus = (limit: number | undefined, used: number): Left => (limit === undefined ? null : limit - used);

/** The smaller of two optional headrooms (null means unlimited). */
export function tighter(left: Left, right: Left): Left {
  if (left === null) return right;
  return right === null ? left : Math.min(left, right);
}

/**
 * What is left of the run's budget: each limit less what is committed (spent plus open reservations)
 * and less what is held back for the termination policy. Wall-clock time is the limit less the
 * termination slice and the active time so far.
 *
 * @example
 * ```ts
 * const left = runHeadroom({ limits: { usd: 1, steps: 10 }, committed: { ...emptyUsage(), steps: 3 },
 *   holdback: { steps: 1 }, elapsedMs: 0, terminationSliceMs: 0 });
 * left.steps; // 6
 * left.usd; // 1_000_000_000 (nano-dollars)
 * ```
 */
export function runHeadroom(input: {
  limits: BudgetLimits;
  committed: BudgetUsage;
  holdback: Holdback;
  elapsedMs: number;
  terminationSliceMs: number;
}): RunHeadroom {
  const { limits, committed, holdback } = input;
  return {
    usd: minus(
      limits.usd === undefined ? undefined : usdToNano(limits.usd),
      committed.nanoUsd + (holdback.nanoUsd ?? 0),
    ),
    tokens: minus(limits.tokens, totalTokens(committed) + (holdback.tokens ?? 0)),
    inputTokens: minus(limits.inputTokens, committed.inputTokens),
    outputTokens: minus(limits.outputTokens, committed.outputTokens),
    toolCalls: minus(limits.toolCalls, committed.toolCalls),
    modelCalls: minus(limits.modelCalls, committed.modelCalls + (holdback.modelCalls ?? 0)),
    steps: minus(limits.steps, committed.steps + (holdback.steps ?? 0)),
    retries: minus(limits.retries, committed.retries),
    wallClockMs: minus(limits.wallClockMs, input.terminationSliceMs + input.elapsedMs),
  };
}

/** What is left of the step's own limits, given what the step has committed. */
export function stepHeadroom(limits: BudgetLimits, committed: BudgetUsage): StepHeadroom {
  return {
    nanoUsd: minus(
      limits.step?.usd === undefined ? undefined : usdToNano(limits.step.usd),
      committed.nanoUsd,
    ),
    tokens: minus(limits.step?.tokens, totalTokens(committed)),
    retries: minus(limits.step?.retries, committed.retries),
  };
}

/**
 * The budget routing may choose a model within: the run's dollars and tokens, and (with
 * `withStepLimits`) the tighter of those and the step's own.
 */
export function routingHeadroom(
  run: Pick<RunHeadroom, "usd" | "tokens">,
  step: StepHeadroom | null,
): RoutingHeadroom {
  const runNanoUsd = run.usd;
  const runTokens = run.tokens;
  if (step === null) return { available: { nanoUsd: runNanoUsd, tokens: runTokens }, runNanoUsd, runTokens };
  return {
    available: { nanoUsd: tighter(runNanoUsd, step.nanoUsd), tokens: tighter(runTokens, step.tokens) },
    runNanoUsd,
    runTokens,
  };
}
