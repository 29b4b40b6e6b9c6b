import type { EventOf, RunEvent } from "../../core/events/run-event.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { executeHeldRun, type RunResult } from "../lifecycle/execute-run.js";
import { withRunClaim } from "../lifecycle/run-claim.js";
import { RunLog } from "../run-log.js";
import type { Runtime } from "../runtime.js";

/**
 * Creates a run whose log begins with `start` and the events it inherits (a fork's copy of its parent's
 * first steps, or a replayed fork's copy of its own), then drives it on from the state they fold to. The
 * inherited events are written with the run, in one transaction; nothing they record is executed again.
 */
export async function continueFromHistory(
  runtime: Runtime,
  input: { start: EventOf<"run-start">; inherited: readonly RunEvent[] },
): Promise<RunResult> {
  const events = [input.start, ...input.inherited];
  const state = foldRunState(events);
  // Claimed before the run's first events are written, as startRun does.
  return withRunClaim(runtime.store, state.runId, async () => {
    await runtime.store.createRun(
      {
        id: state.runId,
        goal: state.goal,
        workspace: state.workspace,
        status: state.status,
        outcome: state.outcome,
        terminationReason: state.terminationReason,
        parentRunId: state.parentRunId,
        costNanoUsd: state.usage.nanoUsd,
        createdAt: input.start.at,
        updatedAt: state.updatedAt,
      },
      events,
    );
    for (const event of events) runtime.onEvent(event);
    const log = RunLog.forRuntime(runtime, events, state);
    return executeHeldRun(runtime, log);
  });
}
