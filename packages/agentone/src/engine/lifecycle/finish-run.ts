import type { RunOutcome, RunStatus } from "../../core/run-status.js";
import type { RunLog } from "../run-log.js";
import { collectArtifacts } from "./artifacts.js";

/** Ends the run: the final transition, a run-end event with the answer and the workspace artifacts, one commit. */
export async function finishRun(
  log: RunLog,
  ending: {
    status: Extract<RunStatus, "completed" | "failed" | "killed">;
    outcome: RunOutcome;
    reason: string;
    answer: string | null;
  },
): Promise<void> {
  log.transition(ending.status, ending.reason);
  const artifacts = await collectArtifacts(log.events, log.state.workspace);
  log.emit({
    type: "run-end",
    status: ending.status,
    outcome: ending.outcome,
    terminationReason: ending.reason,
    answer: ending.answer,
    artifacts,
  });
  await log.commit();
}
