import { KillSwitchTriggeredError } from "../../core/errors/index.js";
import { finishRun } from "../lifecycle/finish-run.js";
import type { OpenedExternalRun } from "./open-external-run.js";
import { closeOpenReservations } from "./settle-at-worst-case.js";

/**
 * Asks the kill switch about the run; when it is on (for the run, or globally), ends the run as a managed
 * run ends on a kill (`run-kill`, `killed`, partial), its open reservations settled at their worst case,
 * and throws KillSwitchTriggeredError.
 *
 * @example
 * ```ts
 * await refuseIfKilled(opened); // throws when killed; the run has ended
 * ```
 */
export async function refuseIfKilled(opened: OpenedExternalRun): Promise<void> {
  const { context, reservations } = opened;
  const scope = await context.runtime.killSwitch.check(context.log.runId);
  if (scope === null) return;
  context.log.emit({ type: "run-kill", scope });
  closeOpenReservations(context, reservations, "the run was killed before the call's usage was reported");
  await finishRun(context.log, {
    status: "killed",
    outcome: "partial",
    reason: `killed:${scope}`,
    answer: null,
  });
  throw new KillSwitchTriggeredError(scope, { runId: context.log.runId });
}
