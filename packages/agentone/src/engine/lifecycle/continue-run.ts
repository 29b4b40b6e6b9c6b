import { UsageError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import type { RunState } from "../../core/run-state/run-state.js";
import { isTerminalStatus, type RunStatus } from "../../core/run-status.js";
import { RunLog } from "../run-log.js";
import type { Runtime } from "../runtime.js";
import { type ExecuteOptions, executeHeldRun, type RunResult, runResultOf } from "./execute-run.js";
import { withRunClaim } from "./run-claim.js";

/**
 * Executes a run that is ready to go without anyone's input: not started yet (`created`, or `queued` by a
 * scheduler) or `paused` (after a manual step, or by a shutdown). A run that has ended is returned as it is
 * (a queued run may have been killed while it waited); any other state is a UsageError, nothing written.
 * Runs to an end or a wait, or one step with `oneStep`; `stop` pauses it after the step in flight.
 *
 * @example
 * ```ts
 * const runId = await createRun(runtime, { goal: "Summarize the README", workspace: "." });
 * const result = await continueRun(runtime, runId, { stop: shutdown.signal });
 * ```
 */
export async function continueRun(
  runtime: Runtime,
  runId: string,
  options: ExecuteOptions = {},
): Promise<RunResult> {
  return executeClaimedRun(runtime, runId, {
    ...options,
    open: (events) => openRunToExecute(runtime, events, "continued"),
  });
}

/**
 * Claims the run, reads its log and, unless it has ended (returned as it is), executes it from the log that
 * `options.open` makes of its events: the one body of {@link continueRun} and `continueAbandonedRun`, which differ
 * only in the states they accept.
 */
export function executeClaimedRun(
  runtime: Runtime,
  runId: string,
  options: ExecuteOptions & { open: (events: RunEvent[], state: RunState) => Promise<RunLog> },
): Promise<RunResult> {
  const { open, ...executeOptions } = options;
  return withRunClaim(runtime.store, runId, async () => {
    const events = await runtime.store.readEvents(runId);
    const state = foldRunState(events);
    if (isTerminalStatus(state.status)) return runResultOf(state);
    return executeHeldRun(runtime, await open(events, state), executeOptions);
  });
}

/**
 * The log of a run about to execute, claimed by the caller: a paused run first goes back to the state it
 * paused in, so that its log, pause transitions aside, is what the run would have logged without pausing.
 * Refuses (UsageError) a run that is not created, queued or paused.
 */
export async function openRunToExecute(
  runtime: Runtime,
  events: RunEvent[],
  reason: string,
): Promise<RunLog> {
  const state = foldRunState(events);
  const runId = state.runId;
  if (!canExecute(state.status)) {
    const why = isTerminalStatus(state.status)
      ? `has ended (${state.status})`
      : state.status === "awaiting_approval" || state.status === "awaiting_input"
        ? `waits for a human (${state.status}); approve, deny or resume it instead`
        : `is ${state.status}, executed by another process or left so by one that stopped (a crash)`;
    throw new UsageError(`run ${runId} cannot execute a step: it ${why}`);
  }
  const log = RunLog.forRuntime(runtime, events, state);
  if (state.status === "paused") {
    log.transition(statusBeforePause(events), reason);
    await log.commit();
  }
  return log;
}

function canExecute(status: RunStatus): boolean {
  return status === "created" || status === "queued" || status === "paused";
}

/** The state the run was in when it last paused (`planning` or `running`). */
function statusBeforePause(events: readonly RunEvent[]): RunStatus {
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index];
    if (event?.type === "run-transition" && event.to === "paused") return event.from;
  }
  return "running";
}
