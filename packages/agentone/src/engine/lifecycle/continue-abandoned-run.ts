import { UsageError } from "../../core/errors/index.js";
import { RunLog } from "../run-log.js";
import type { Runtime } from "../runtime.js";
import { executeClaimedRun, openRunToExecute } from "./continue-run.js";
import type { ExecuteOptions, RunResult } from "./execute-run.js";

/**
 * Continues a run whose process stopped while executing it (a crash, SIGKILL, a power loss): the run is
 * still `planning` or `running` in its log and nobody holds its claim. The engine commits once per step,
 * so the log ends where the last committed step ended, or with the transition into the step in flight:
 * that step was lost whole, and it is executed again as the loop would have executed it. Nothing is
 * logged about the interruption; the log reads as if the step had run once. A tool call the lost step
 * made did happen, and happens again (at least once, as after any crash). A run in another state goes as
 * {@link continueRun} takes it; an ended run is returned as it is; an external run (its caller executes
 * it) is refused, UsageError, nothing written.
 *
 * Only for a caller that knows no live process executes the run: the claim proves it on PostgreSQL, and
 * inside a server whose store makes claims exclusive within the process (`withProcessClaims`); the
 * embedded store grants every claim to the one process holding its lock.
 *
 * @example
 * ```ts
 * // A server starting on the store of one that was SIGKILLed mid-step:
 * const result = await continueAbandonedRun(runtime, runId, { stop: shutdown.signal });
 * ```
 */
export function continueAbandonedRun(
  runtime: Runtime,
  runId: string,
  options: ExecuteOptions = {},
): Promise<RunResult> {
  return executeClaimedRun(runtime, runId, {
    ...options,
    open: async (events, state) => {
      if (state.options.external !== undefined)
        throw new UsageError(`run ${runId} is an external run: its caller executes it, not AgentOne`);
      return state.status === "planning" || state.status === "running"
        ? RunLog.forRuntime(runtime, events, state)
        : openRunToExecute(runtime, events, "continued");
    },
  });
}
