import { type Breach, runLimitBreach } from "../../budget/breach.js";
import type { BudgetExceededError } from "../../core/errors/index.js";
import type { StopCause } from "../../policy/stop-rules.js";
import { terminationPolicyOf } from "../lifecycle/termination-policy.js";
import type { RunContext } from "../run-context.js";

/**
 * Stops an external run at a run-scope breach, as a managed run stops at one: the breach is recorded
 * (`budget-exceeded`, which is what later requests read as the stop, see `externalStop`), and under
 * `ask-human` the run waits in `awaiting_input` until a resume adds budget. Under the other policies it
 * stays open for its caller to finish (with a summary step first under `summarize`).
 *
 * @example
 * ```ts
 * stopExternalRun(context, refusalBreach(context, routed));
 * ```
 */
export function stopExternalRun(context: RunContext, breach: Breach | BudgetExceededError): StopCause {
  const error = context.ledger.recordBreach(breach);
  const cause = { reason: `budget_exhausted:${error.dimension}`, dimension: error.dimension };
  if (terminationPolicyOf(context.log.state.options.onExhaust) === "ask-human")
    context.log.transition("awaiting_input", cause.reason);
  return cause;
}

/** Stops the run on what a stop rule found (the dimension's status as it reads now), when it names one. */
export function stopOnCause(context: RunContext, cause: StopCause): StopCause {
  const status = cause.dimension
    ? context.ledger.status().find((entry) => entry.dimension === cause.dimension)
    : undefined;
  return status ? stopExternalRun(context, runLimitBreach(status)) : cause;
}
