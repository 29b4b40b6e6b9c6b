import { runLimitBreach } from "../../budget/breach.js";
import {
  defaultStopRules,
  firstStopCause,
  type StopCause,
  type StopRuleInput,
  stepLimitReached,
} from "../../policy/stop-rules.js";
import type { RunContext } from "../run-context.js";
import { runStep, type StepResult } from "../step/run-step.js";
import { continueToolTurn } from "../tool-call/continue-tool-turn.js";
import { chooseStepKind } from "./choose-step-kind.js";
import { finishRun } from "./finish-run.js";
import { terminate } from "./terminate.js";
import { terminationPolicyOf } from "./termination-policy.js";

/** Consecutive failed steps after which the run stops as unrecoverable. */
export const maxConsecutiveFailedSteps = 3;

/** How the loop may be held between steps. */
export interface DriveOptions {
  /**
   * Asked after each step (or finished tool turn) that leaves the run going: a reason pauses the run
   * (`paused`, resumable), null goes on. Manual stepping answers `step_done` every time; a server shutting
   * down answers `shutdown` once asked to stop.
   */
  pauseAfterStep?: () => string | null;
}

/**
 * The agent loop: plan → act (tool calls) → observe → replan or finish. Before every step: the kill
 * switch, then the stop rules. The loop only orchestrates; steps, model calls, tools and termination live in
 * their own modules.
 *
 * Exit rule: the loop ends when the model answers (complete), when the kill switch fires (killed), when
 * tool calls wait for a human (awaiting approval), or when a stop rule or a budget breach hands over to the
 * termination policy (partial, failed or awaiting input), or when `pauseAfterStep` pauses it. A turn whose approvals were decided while the
 * run waited is finished first, before any stop rule, so the model's calls are always answered.
 */
export async function driveRun(context: RunContext, options: DriveOptions = {}): Promise<void> {
  const { log, runtime } = context;
  // This process may be continuing a run that waited: whatever the run read before may have changed.
  runtime.toolCache?.invalidateWorkspace(log.state.workspace);
  let stepsDone = 0;
  for (;;) {
    const scope = await runtime.killSwitch.check(log.runId);
    if (scope) {
      log.emit({ type: "run-kill", scope });
      await finishRun(context.log, {
        status: "killed",
        outcome: "partial",
        reason: `killed:${scope}`,
        answer: log.state.lastAssistantText,
      });
      return;
    }
    if (log.state.pendingApprovals.length > 0) {
      log.transition("awaiting_approval", "approval_required");
      await log.commit();
      return;
    }
    // Between steps, and only after one: a kill and a wait for approval come first, as without the pause.
    const pauseReason = stepsDone > 0 ? (options.pauseAfterStep?.() ?? null) : null;
    if (pauseReason) {
      log.transition("paused", pauseReason);
      await log.commit();
      return;
    }
    const continued = await continueToolTurn(context);
    if (continued) {
      stepsDone++;
      if (await endsRun(context, continued)) return;
      continue;
    }
    const cause = firstStopCause(defaultStopRules, stopRuleInput(context));
    if (cause) {
      await stopOn(context, cause);
      return;
    }
    const result = await runStep(context, {
      kind: chooseStepKind(log.state, {
        stepsLeft: context.ledger.headroom({ useHoldback: false }).steps,
        policy: context.policy,
      }),
    });
    stepsDone++;
    if (await endsRun(context, result)) return;
  }
}

/** What the stop rules look at, from the run's state now. */
function stopRuleInput(context: RunContext): StopRuleInput {
  const { ledger } = context;
  const state = context.log.state;
  return {
    limits: ledger.limits,
    usage: ledger.spent,
    holdback: ledger.holdback,
    elapsedMs: ledger.elapsedMs(),
    terminationSliceMs: ledger.terminationSliceMs,
    consecutiveFailedSteps: state.consecutiveFailedSteps,
    maxConsecutiveFailedSteps,
    usageAnomalies: state.usageAnomalies,
    onUsageAnomaly: state.options.onUsageAnomaly,
  };
}

/** A run-scope limit (or the failed-step rule) stops the run: record the breach, then the termination policy. */
async function stopOn(context: RunContext, cause: StopCause): Promise<void> {
  const { ledger } = context;
  const status = cause.dimension
    ? ledger.status().find((entry) => entry.dimension === cause.dimension)
    : undefined;
  if (status) ledger.recordBreach(runLimitBreach(status));
  await terminate(context, cause);
}

/** Acts on how a step went; true when the run is over (or handed to the termination policy). */
async function endsRun(context: RunContext, result: StepResult): Promise<boolean> {
  switch (result.type) {
    case "continue":
      return false;
    case "answer": {
      // An answer given on the last step the step limit allows was forced by that limit (a final step, or
      // a model told it has no steps left): the best the run could do, so never complete. Under ask-human
      // the person decides instead, as for any other exhausted budget.
      const atStepLimit = result.kind === "final" || stepLimitReached(stopRuleInput(context)) !== null;
      if (atStepLimit && terminationPolicyOf(context.log.state.options.onExhaust) === "ask-human") {
        await stopOn(context, { reason: "budget_exhausted:steps", dimension: "steps" });
        return true;
      }
      await finishRun(context.log, {
        status: "completed",
        outcome: atStepLimit ? "partial" : "complete",
        reason: atStepLimit ? "answered_at_step_limit" : "answered",
        answer: result.text,
      });
      return true;
    }
    case "refused":
      // Recorded (the model-call-end's finish reason), reported (the termination reason), not retried.
      await finishRun(context.log, {
        status: "completed",
        outcome: "partial",
        reason: "model_refused",
        answer: result.text,
      });
      return true;
    case "killed":
      await finishRun(context.log, {
        status: "killed",
        outcome: "partial",
        reason: `killed:${result.scope}`,
        answer: context.log.state.lastAssistantText,
      });
      return true;
    case "stop":
      await terminate(context, result.cause);
      return true;
  }
}
