import { nanoToUsd } from "../../budget/money.js";
import type { UsageAnomaly } from "../../budget/usage-anomaly.js";
import { ReservationConflictError } from "../../core/errors/index.js";
import type { TokenUsage } from "../../core/token-usage.js";
import { recordCallEnd } from "../model-call/record-call.js";
import { settleAnswer } from "../model-call/settle-call.js";
import type { Runtime } from "../runtime.js";
import { refuseIfKilled } from "./end-killed-run.js";
import type { ExternalReservation } from "./external-reservations.js";
import { type ExternalUsageInput, externalUsageInputSchema } from "./external-run-inputs.js";
import { withExternalRun } from "./open-external-run.js";
import { parseInput } from "./parse-input.js";

/** What a settled usage report came to. */
export interface ExternalSettlement {
  reservationId: string;
  step: number;
  /** The call's cost at the catalog's prices, dollars. */
  costUsd: number;
  /** What the reservation held beyond that, given back to the budget, dollars. */
  releasedUsd: number;
  /** The run's spend so far, dollars. */
  spentUsd: number;
  /** Usage the request cannot explain (the run stops under the `stop` anomaly policy). */
  anomalies: UsageAnomaly[];
  /** The step met its latency SLA (absent when it had none). */
  slaMet?: boolean;
}

function conflict(
  reservationId: string,
  entry: ExternalReservation | undefined,
): ReservationConflictError | null {
  if (entry === undefined) return new ReservationConflictError({ reservationId, reason: "unknown" });
  if (entry.state === "open") return null;
  return new ReservationConflictError({ reservationId, reason: entry.state });
}

/**
 * Settles an external run's reservation with the usage its call really had, as a managed call settles:
 * the cost at the catalog's prices of the model that answered (`modelId`, default the one decided), the
 * unused worst case released, the spend added to the run's ledger, usage anomalies flagged, and the same
 * events (`budget-settle`, `model-call-end`, `step-end` with the SLA outcome). Usage above the reservation
 * is spend all the same (it happened); the next decision sees it.
 *
 * Throws ReservationConflictError (`unknown`, `settled` or `expired`: HTTP 409), UsageError (bad input,
 * naming the field), ConfigError (a model the catalog does not have), NotFoundError, RunNotOpenError,
 * KillSwitchTriggeredError.
 *
 * @example
 * ```ts
 * await settleExternalUsage(runtime, runId, {
 *   reservationId: decision.reservationId, usage: { inputTokens: 1712, outputTokens: 388 }, latencyMs: 1840,
 * });
 * ```
 */
export async function settleExternalUsage(
  runtime: Runtime,
  runId: string,
  report: ExternalUsageInput,
): Promise<ExternalSettlement> {
  const input = parseInput(externalUsageInputSchema, report, "usage report");
  if (input.modelId !== undefined) runtime.backends.resolve(input.modelId);
  return withExternalRun(runtime, runId, async (opened) => {
    await refuseIfKilled(opened);
    const { context } = opened;
    const entry = opened.reservations.get(input.reservationId);
    const refused = conflict(input.reservationId, entry);
    if (refused !== null || entry === undefined) throw refused;
    const { model, backend } = runtime.backends.resolve(input.modelId ?? entry.model);
    const usage: TokenUsage = input.usage;
    const settled = settleAnswer(context, {
      step: entry.step,
      reservation: entry.reservation,
      model,
      usage,
      estimatedInputTokens: entry.reservation.amount.inputTokens ?? 0,
    });
    entry.state = "settled";
    recordCallEnd(context, {
      position: { step: entry.step, callId: entry.callId, model: model.id, backend: backend.name },
      answer: {
        model: model.id,
        modelVersion: input.modelVersion ?? model.id,
        backend: backend.name,
        text: "",
        toolCalls: [],
        finishReason: "stop",
        usage,
        costNanoUsd: settled.cost,
        latencyMs: input.latencyMs,
        warnings: [],
        provenance: { external: "true" },
      },
      cache: undefined,
    });
    const sla =
      entry.latencySlaMs === undefined
        ? undefined
        : {
            targetMs: entry.latencySlaMs,
            predictedMs: entry.predictedLatencyMs ?? 0,
            actualMs: input.latencyMs,
            met: input.latencyMs <= entry.latencySlaMs,
          };
    context.log.emit({
      type: "step-end",
      step: entry.step,
      kind: entry.kind,
      status: "ok",
      durationMs: Math.max(0, Date.parse(context.log.nowIso()) - Date.parse(entry.reservedAt)),
      ...(sla ? { sla } : {}),
    });
    context.ledger.recordWarnings();
    const reservedNano = entry.reservation.amount.nanoUsd ?? 0;
    return {
      reservationId: input.reservationId,
      step: entry.step,
      costUsd: nanoToUsd(settled.cost),
      releasedUsd: nanoToUsd(Math.max(0, reservedNano - settled.cost)),
      spentUsd: nanoToUsd(context.log.state.usage.nanoUsd),
      anomalies: settled.anomalies,
      ...(sla ? { slaMet: sla.met } : {}),
    };
  });
}
