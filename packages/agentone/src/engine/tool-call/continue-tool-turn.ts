import { BudgetExceededError, KillSwitchTriggeredError } from "../../core/errors/index.js";
import type { RunContext } from "../run-context.js";
import { stepDeadlines } from "../step/deadlines.js";
import type { StepResult } from "../step/run-step.js";
import { approvalTimeoutReason } from "./approvals/expire-approvals.js";
import { openToolTurn } from "./approvals/tool-turn.js";
import { advanceToolTurn } from "./execute-tools.js";

/** Records the breach: a step's own limit lets the run go on, a run limit stops it. */
function exhausted(context: RunContext, breach: BudgetExceededError): StepResult {
  const error = context.ledger.recordBreach(breach);
  if (error.scope === "step") return { type: "continue" };
  return {
    type: "stop",
    cause: { reason: `budget_exhausted:${error.dimension}`, dimension: error.dimension },
  };
}

/**
 * Finishes a tool turn that waited for approval, once the run continues: runs the approved calls, answers
 * the denied ones, and commits. Null when there is no open turn. The turn belongs to a step that already
 * ended, so no step is counted; the calls get a fresh step deadline.
 */
export async function continueToolTurn(context: RunContext): Promise<StepResult | null> {
  const { log, runtime } = context;
  if (!openToolTurn(log.events)) return null;
  const deadlines = stepDeadlines(context, { stepStartedAt: runtime.clock.now(), forTermination: false });
  let result: StepResult;
  try {
    const progress = await advanceToolTurn(context, deadlines);
    context.ledger.recordWarnings();
    if (progress.type === "expired") result = { type: "stop", cause: { reason: approvalTimeoutReason } };
    else if (progress.type === "done" && progress.breach) result = exhausted(context, progress.breach);
    else result = { type: "continue" };
  } catch (error) {
    if (error instanceof KillSwitchTriggeredError) {
      log.emit({ type: "run-kill", scope: error.scope });
      result = { type: "killed", scope: error.scope };
    } else if (error instanceof BudgetExceededError) result = exhausted(context, error);
    else throw error;
  }
  await log.commit();
  return result;
}
