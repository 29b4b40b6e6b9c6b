import { foldRunState } from "../core/run-state/fold-run-state.js";
import { isTerminalStatus } from "../core/run-status.js";
import { executeHeldRun, type RunResult } from "../engine/lifecycle/execute-run.js";
import { withRunClaim } from "../engine/lifecycle/run-claim.js";
import { RunLog } from "../engine/run-log.js";
import type { Runtime } from "../engine/runtime.js";

/**
 * Executes a run from its stored log, under the run's claim: what a queued run does when its turn comes.
 * The log is read under the claim, so a run killed while it waited is seen as ended and left alone.
 */
export async function executeStoredRun(runtime: Runtime, runId: string): Promise<RunResult> {
  return withRunClaim(runtime.store, runId, async () => {
    const events = await runtime.store.readEvents(runId);
    const state = foldRunState(events);
    if (isTerminalStatus(state.status))
      return {
        runId,
        status: state.status,
        outcome: state.outcome,
        terminationReason: state.terminationReason,
        answer: state.answer,
        costUsd: state.usage.nanoUsd / 1e9,
      };
    const log = new RunLog({
      events,
      state,
      store: runtime.store,
      clock: runtime.clock,
      onEvent: runtime.onEvent,
    });
    return executeHeldRun(runtime, log);
  });
}
