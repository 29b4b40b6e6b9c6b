import type { Clock } from "../../core/clock/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { isQueuedStatus, isTerminalStatus, isWaitingStatus, type RunStatus } from "../../core/run-status.js";
import type { Store } from "../../store/store.js";
import { closeReservationsInLog } from "../external-run/settle-at-worst-case.js";
import type { KillSwitch } from "../kill-switch/kill-switch.js";
import { RunLog } from "../run-log.js";
import { finishRun } from "./finish-run.js";

/**
 * What killing a run came to: `ended-here` (no live process executed it, so the kill ended it), `signalled`
 * (a live process holds its claim: it got the kill switch and stops itself), or `already-ended`.
 */
export type KillRunResult =
  | { kind: "ended-here" }
  | { kind: "signalled" }
  | { kind: "already-ended"; status: RunStatus };

/**
 * Kills a run from outside the process executing it. The run's claim is tried before the kill switch is
 * set: a live process stops as soon as it sees the switch and gives its claim up, so a claim tried after
 * the switch could be the one that process just released, and a live run would pass for an abandoned one.
 *
 * @example
 * ```ts
 * const result = await killRun({ store, killSwitch, clock: new RealClock() }, runId);
 * if (result.kind === "signalled") console.log("the process running it stops before its next step");
 * ```
 */
export async function killRun(
  dependencies: { store: Store; killSwitch: KillSwitch; clock: Clock },
  runId: string,
): Promise<KillRunResult> {
  const { store, killSwitch } = dependencies;
  const before = foldRunState(await store.readEvents(runId));
  if (isTerminalStatus(before.status)) return { kind: "already-ended", status: before.status };
  // Only the process executing a run writes its events, and it holds the run's claim while it does
  // (PostgreSQL: an advisory lock its connection keeps). Taken here, the claim proves no live process
  // executes the run: it waits for someone, or its process died. Either way it is ended here.
  const hold = await store.holdRun?.(runId);
  if (hold === undefined) {
    await killSwitch.trigger({ runId });
    return { kind: "signalled" };
  }
  try {
    return await endRunHere(store, dependencies.clock, runId);
  } finally {
    await hold.release();
  }
}

/** Ends a run no process executes, from its stored log (read again now that nobody else can write it). */
async function endRunHere(store: Store, clock: Clock, runId: string): Promise<KillRunResult> {
  const events = await store.readEvents(runId);
  const state = foldRunState(events);
  // The process executing it may have ended it between the first read and the claim.
  if (isTerminalStatus(state.status)) return { kind: "already-ended", status: state.status };
  const log = new RunLog({ events, state, store, clock });
  // An external run is executed by its caller between requests, not by a process holding it.
  const external = state.options.external !== undefined;
  log.emit({
    type: "run-kill",
    scope: "run",
    // A run that was not waiting (nor queued, never started) was being executed when its process stopped
    // (a crash, SIGKILL, power loss): say so, so nobody mistakes the end for one the run reached itself.
    // An external run has no process executing it.
    ...(isWaitingStatus(state.status) || isQueuedStatus(state.status) || external
      ? {}
      : { note: `the process executing the run was gone (the run was ${state.status})` }),
  });
  if (external) closeReservationsInLog(log, "the run was killed before the call's usage was reported");
  await finishRun(log, {
    status: "killed",
    outcome: "partial",
    reason: "killed:run",
    answer: state.lastAssistantText,
  });
  return { kind: "ended-here" };
}
