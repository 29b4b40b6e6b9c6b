import type { StopCause } from "../../policy/stop-rules.js";
import type { RunContext } from "../run-context.js";
import { runStep } from "../step/run-step.js";
import { finishRun } from "./finish-run.js";
import { terminationPolicyOf } from "./termination-policy.js";

/** Best-effort output: the last thing the model said (the artifacts travel in run-end either way). */
function bestEffortAnswer(context: RunContext): string | null {
  return context.log.state.lastAssistantText;
}

/**
 * A budget ran out or a failure cannot be recovered: apply the run's termination policy. Work done so far
 * is never discarded: it stays in the log, the report and the run-end artifacts whatever the policy.
 * - `summarize`: one last call on the cheapest model, within the held-back slice; falls back to best-effort.
 * - `best-effort`: no more calls; the last answer and the workspace diff, marked partial.
 * - `ask-human`: the run waits in `awaiting_input` until `resume` adds budget or an instruction.
 * - `hard-stop`: the run fails at once.
 * A usage anomaly (`usage_anomaly`) always ends as `hard-stop`.
 */
export async function terminate(context: RunContext, cause: StopCause): Promise<void> {
  // A backend whose usage reports contradict its requests is not asked for anything more, not even a
  // summary: the run fails with what it has.
  const policy =
    cause.reason === "usage_anomaly" ? "hard-stop" : terminationPolicyOf(context.log.state.options.onExhaust);
  switch (policy) {
    case "hard-stop":
      await finishRun(context.log, {
        status: "failed",
        outcome: "partial",
        reason: cause.reason,
        answer: null,
      });
      return;
    case "best-effort":
      await finishRun(context.log, {
        status: "completed",
        outcome: "partial",
        reason: cause.reason,
        answer: bestEffortAnswer(context),
      });
      return;
    case "ask-human":
      context.log.transition("awaiting_input", cause.reason);
      await context.log.commit();
      return;
    case "summarize": {
      const result = await runStep(context, {
        kind: "summarize",
        useHoldback: true,
        stopReason: cause.reason.replaceAll("_", " "),
      });
      if (result.type === "killed") {
        await finishRun(context.log, {
          status: "killed",
          outcome: "partial",
          reason: `killed:${result.scope}`,
          answer: bestEffortAnswer(context),
        });
        return;
      }
      const summary = result.type === "answer" ? result.text : null;
      await finishRun(context.log, {
        status: "completed",
        outcome: "partial",
        reason: cause.reason,
        answer: summary ?? bestEffortAnswer(context),
      });
      return;
    }
  }
}
