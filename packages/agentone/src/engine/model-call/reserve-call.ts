import type { Reservation } from "../../budget/ledger.js";
import type { ModelSpec } from "../../core/model-spec.js";
import { minimumOutputTokens } from "../../policy/model-fit.js";
import type { RunContext } from "../run-context.js";

/** A model call's reservation: the worst case it may cost, and the output ceiling it must be sent with. */
export type CallReservation = Reservation & { maxOutputTokens: number };

/**
 * Reserves the worst case of one attempt before anything is sent (clamping its output tokens to what the
 * budget allows) and records the reservation. Throws BudgetExceededError, before any event, when not even
 * the minimum output fits.
 *
 * @example
 * ```ts
 * const reservation = reserveCall(context, { step: 3, model, estimatedInputTokens: 900, maxOutputTokens: 1024, useHoldback: false });
 * ```
 */
export function reserveCall(
  context: RunContext,
  input: {
    step: number;
    model: ModelSpec;
    estimatedInputTokens: number;
    maxOutputTokens: number;
    useHoldback: boolean;
  },
): CallReservation {
  const reservation = context.ledger.reserveModelCall({
    prices: input.model.prices,
    estimatedInputTokens: input.estimatedInputTokens,
    requestedMaxOutputTokens: input.maxOutputTokens,
    minOutputTokens: minimumOutputTokens,
    useHoldback: input.useHoldback,
  });
  context.log.emit({
    type: "budget-reserve",
    step: input.step,
    reservationId: reservation.id,
    purpose: "model-call",
    amount: reservation.amount,
    maxOutputTokens: reservation.maxOutputTokens,
  });
  return reservation;
}
