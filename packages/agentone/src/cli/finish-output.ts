import { isWaitingStatus, type RunOutcome, type RunStatus } from "../core/run-status.js";
import type { RunResult } from "../engine/lifecycle/execute-run.js";
import { resumeCommandFor } from "../engine/lifecycle/resume-run.js";
import type { Runtime } from "../engine/runtime.js";
import { buildReport } from "../report/build-report.js";
import { renderReport } from "../report/render-report.js";
import { type CliIo, exitCodes } from "./cli-io.js";

/** 0 complete; 3 partial (a budget or termination policy stopped it, or it waits for input); 1 failed or killed. */
export function exitCodeFor(result: { status: RunStatus; outcome: RunOutcome | null }): number {
  if (result.status === "completed")
    return result.outcome === "complete" ? exitCodes.complete : exitCodes.partial;
  // Waiting for a human (input, approval, a pause) is not failure: the run can continue.
  if (isWaitingStatus(result.status)) return exitCodes.partial;
  return exitCodes.failed;
}

/** Prints the run's report (human or JSON) and what to do next; returns the exit code. */
export async function printRunResult(
  io: CliIo,
  input: { runtime: Runtime; result: RunResult; json: boolean },
): Promise<number> {
  const events = await input.runtime.store.readEvents(input.result.runId);
  const report = buildReport(events);
  // A run stopped by a model failure (a bad key, an unknown model) says what the backend answered.
  if (report.terminationReason?.startsWith("model_error:")) {
    const failure = [...events].reverse().find((event) => event.type === "model-call-error");
    if (failure?.type === "model-call-error") {
      io.stderr.write(
        `agentone: the run stopped on a model error from backend ${failure.backend} (${failure.model}): ${failure.message}\n`,
      );
    }
  }
  if (input.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    io.stdout.write(`\n${renderReport(report)}`);
    if (report.status === "awaiting_input") {
      io.stdout.write(
        `\nThe run waits for you: ${resumeCommandFor(report.runId, report.terminationReason)}\n`,
      );
    }
  }
  return exitCodeFor(input.result);
}
