import { nanoToUsd } from "../../budget/money.js";
import type { RunResult } from "../lifecycle/execute-run.js";
import { finishRun } from "../lifecycle/finish-run.js";
import { terminationPolicyOf } from "../lifecycle/termination-policy.js";
import type { Runtime } from "../runtime.js";
import { refuseIfKilled } from "./end-killed-run.js";
import { type ExternalFinishInput, externalFinishInputSchema } from "./external-run-inputs.js";
import { externalStop } from "./external-stop.js";
import { withExternalRun } from "./open-external-run.js";
import { parseInput } from "./parse-input.js";
import { closeOpenReservations } from "./settle-at-worst-case.js";

/**
 * Closes an external run with its answer or a partial result, as the managed loop ends its runs: the
 * reservations still open are settled at their worst case first (no report can follow the end), then the
 * final transition and `run-end` with the workspace's artifacts. A run its budget stopped is never
 * `complete`: it ends `partial` with the stop as its termination reason (`budget_exhausted:<dimension>`;
 * status `failed` under `hard-stop` or after a usage anomaly, else `completed`). Otherwise an answer ends
 * it `complete` (`answered`) and a partial result `partial` (`partial_result`).
 *
 * Throws UsageError (bad input), NotFoundError, RunNotOpenError (ended or managed), KillSwitchTriggeredError
 * (killed: it has now ended as killed).
 *
 * @example
 * ```ts
 * const result = await finishExternalRun(runtime, runId, { answer: "Refund approved; ticket closed." });
 * result.status; // "completed"
 * ```
 */
export async function finishExternalRun(
  runtime: Runtime,
  runId: string,
  ending: ExternalFinishInput,
): Promise<RunResult> {
  const input = parseInput(externalFinishInputSchema, ending, "finish request");
  return withExternalRun(runtime, runId, async (opened) => {
    await refuseIfKilled(opened);
    const { context } = opened;
    const { log } = context;
    closeOpenReservations(
      context,
      opened.reservations,
      "the run finished before the call's usage was reported",
    );
    const { options } = log.state;
    const stop = externalStop(log.events, { onUsageAnomaly: options.onUsageAnomaly });
    const answer = "answer" in input ? input.answer : input.partial;
    const failed =
      stop !== null &&
      (stop.reason === "usage_anomaly" || terminationPolicyOf(options.onExhaust) === "hard-stop");
    await finishRun(log, {
      status: failed ? "failed" : "completed",
      outcome: stop === null && "answer" in input ? "complete" : "partial",
      reason: stop?.reason ?? ("answer" in input ? "answered" : "partial_result"),
      answer,
    });
    const state = log.state;
    return {
      runId,
      status: state.status,
      outcome: state.outcome,
      terminationReason: state.terminationReason,
      answer: state.answer,
      costUsd: nanoToUsd(state.usage.nanoUsd),
    };
  });
}
