import { budgetStatus } from "../budget/remaining.js";
import { activeElapsedMs } from "../core/run-state/fold-run-state.js";
import { defaultStopRules, firstStopCause } from "../policy/stop-rules.js";
import { continueToolTurn } from "./approvals/continue-tool-turn.js";
import { chooseStepKind } from "./choose-step-kind.js";
import { finishRun } from "./finish-run.js";
import type { RunContext } from "./run-context.js";
import { runStep, type StepResult } from "./run-step.js";
import { terminate } from "./terminate.js";

/** Consecutive failed steps after which the run stops as unrecoverable. */
export const maxConsecutiveFailedSteps = 3;

/**
 * The agent loop: plan → act (tool calls) → observe → replan or finish. Before every step: the kill
 * switch, then the stop rules. The loop only orchestrates; steps, model calls, tools and termination live in
 * their own modules.
 *
 * Exit rule: the loop ends when the model answers (complete), when the kill switch fires (killed), when
 * tool calls wait for a human (awaiting approval), or when a stop rule or a budget breach hands over to the
 * termination policy (partial, failed or awaiting input). A turn whose approvals were decided while the
 * run waited is finished first, before any stop rule, so the model's calls are always answered.
 */
export async function driveRun(context: RunContext): Promise<void> {
  const { log, runtime } = context;
  // This process may be continuing a run that waited: whatever the run read before may have changed.
  runtime.toolCache?.invalidateWorkspace(log.state.workspace);
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
    const continued = await continueToolTurn(context);
    if (continued) {
      if (await endsRun(context, continued)) return;
      continue;
    }
    const state = log.state;
    const elapsedMs = activeElapsedMs(state, log.nowIso());
    const cause = firstStopCause(defaultStopRules, {
      limits: state.limits,
      usage: state.usage,
      holdback: context.holdback,
      elapsedMs,
      terminationSliceMs: context.terminationSliceMs,
      consecutiveFailedSteps: state.consecutiveFailedSteps,
      maxConsecutiveFailedSteps,
    });
    if (cause) {
      const status = cause.dimension
        ? budgetStatus(state.limits, state.usage, elapsedMs).find(
            (entry) => entry.dimension === cause.dimension,
          )
        : undefined;
      if (status)
        log.emit({
          type: "budget-exceeded",
          dimension: status.dimension,
          scope: "run",
          spent: status.used,
          limit: status.limit,
          requested: 0,
        });
      await terminate(context, cause);
      return;
    }
    const result = await runStep(context, { kind: chooseStepKind(state, context.holdback) });
    if (await endsRun(context, result)) return;
  }
}

/** Acts on how a step went; true when the run is over (or handed to the termination policy). */
async function endsRun(context: RunContext, result: StepResult): Promise<boolean> {
  switch (result.type) {
    case "continue":
      return false;
    case "answer":
      await finishRun(context.log, {
        status: "completed",
        // A final step is forced by the step limit: the answer is the best the run could do, so partial.
        outcome: result.kind === "final" ? "partial" : "complete",
        reason: result.kind === "final" ? "answered_at_step_limit" : "answered",
        answer: result.text,
      });
      return true;
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
