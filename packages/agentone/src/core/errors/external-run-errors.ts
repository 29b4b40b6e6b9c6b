import { AgentOneError, type AgentOneErrorOptions } from "./agentone-error.js";

/** Why a reservation cannot be settled: no such reservation, settled already, or expired (settled at its worst case). */
export type ReservationConflict = "unknown" | "settled" | "expired";

const explanations: Record<ReservationConflict, string> = {
  unknown: "the run has no such reservation",
  settled: "its usage was already settled",
  expired: "it expired unsettled and was settled at its worst case",
};

/**
 * An external run's usage report names a reservation that cannot take it (HTTP 409). `details.reason` is
 * `unknown`, `settled` or `expired`.
 *
 * @example
 * ```ts
 * try { await settleExternalUsage(runtime, runId, report); } catch (error) {
 *   if (error instanceof ReservationConflictError && error.reason === "expired") console.warn("charged at worst case");
 * }
 * ```
 */
export class ReservationConflictError extends AgentOneError {
  readonly reason: ReservationConflict;
  readonly reservationId: string;
  constructor(
    input: { reservationId: string; reason: ReservationConflict },
    options: AgentOneErrorOptions = {},
  ) {
    super(
      "RESERVATION_CONFLICT",
      `reservation '${input.reservationId}' cannot be settled: ${explanations[input.reason]}`,
      { ...options, details: { reservationId: input.reservationId, reason: input.reason } },
    );
    this.reason = input.reason;
    this.reservationId = input.reservationId;
  }
}

/**
 * A run cannot take the call in its present state (HTTP 409): it has ended, it is not an external run, or
 * it waits for a human. `details.status` is the run's status.
 *
 * @example
 * ```ts
 * throw new RunNotOpenError({ runId, status: "completed", why: "it has ended" });
 * ```
 */
export class RunNotOpenError extends AgentOneError {
  constructor(input: { runId: string; status: string; why: string }, options: AgentOneErrorOptions = {}) {
    super("RUN_NOT_OPEN", `run ${input.runId} takes no such call: ${input.why}`, {
      ...options,
      runId: input.runId,
      details: { runId: input.runId, status: input.status },
    });
  }
}
