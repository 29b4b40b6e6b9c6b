import type {} from "../../backends/model-backend.js";
import { costOfUsage, nanoPerToken } from "../../budget/money.js";
import { classifySettlement, type UsageAnomaly } from "../../budget/usage-anomaly.js";
import type { ModelSpec } from "../../core/model-spec.js";
import type { TokenUsage } from "../../core/token-usage.js";
import type { RunContext } from "../run-context.js";
import type { CallReservation } from "./reserve-call.js";

/** What a settled call cost, as its `budget-settle` records it. */
export interface SettledUsage {
  nanoUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
  modelCalls: number;
}

/**
 * Settles an answered call at the usage the backend reported, and records it with any anomaly (usage the
 * request cannot explain).
 *
 * @example
 * ```ts
 * const { cost, anomalies } = settleAnswer(context, { step, reservation, model, usage, estimatedInputTokens });
 * ```
 */
export function settleAnswer(
  context: RunContext,
  input: {
    step: number;
    reservation: CallReservation;
    model: ModelSpec;
    usage: TokenUsage;
    estimatedInputTokens: number;
  },
): { cost: number; anomalies: UsageAnomaly[] } {
  const { usage, reservation } = input;
  const cost = costOfUsage(usage, input.model.prices);
  const actual = {
    nanoUsd: cost,
    inputTokens: usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens,
    outputTokens: usage.outputTokens,
    modelCalls: 1,
  };
  const { released } = context.ledger.settle(reservation, actual);
  const anomalies = classifySettlement({
    requestedMaxOutputTokens: reservation.maxOutputTokens,
    estimatedInputTokens: input.estimatedInputTokens,
    reportedInputTokens: actual.inputTokens,
    reportedOutputTokens: actual.outputTokens,
  });
  context.log.emit({
    type: "budget-settle",
    step: input.step,
    reservationId: reservation.id,
    actual,
    released,
    ...(anomalies.length > 0 ? { anomalies } : {}),
  });
  return { cost, anomalies };
}

/**
 * Settles a call that brought no answer. It still counts as a call. Errors before an answer began are not
 * billed; an answer cut after the server accepted the request (`chargesEstimate`) was, at least for its
 * input: that is settled at the estimate, never at $0.
 *
 * @example
 * ```ts
 * const actual = settleFailure(context, { step, reservation, model, estimatedInputTokens, chargesEstimate: true });
 * ```
 */
export function settleFailure(
  context: RunContext,
  input: {
    step: number;
    reservation: CallReservation;
    model: ModelSpec;
    estimatedInputTokens: number;
    chargesEstimate: boolean;
  },
): SettledUsage {
  const { estimatedInputTokens } = input;
  const actual = input.chargesEstimate
    ? {
        modelCalls: 1,
        inputTokens: estimatedInputTokens,
        nanoUsd: estimatedInputTokens * nanoPerToken(input.model.prices.input),
      }
    : { modelCalls: 1 };
  const { released } = context.ledger.settle(input.reservation, actual);
  context.log.emit({
    type: "budget-settle",
    step: input.step,
    reservationId: input.reservation.id,
    actual,
    released,
  });
  return actual;
}
