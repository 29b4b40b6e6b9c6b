import type { RunContext } from "../run-context.js";
import type { ExternalReservation } from "./external-reservations.js";

/**
 * Settles a reservation nobody reported usage for at its worst case (what the budget promised it could
 * cost), marks the settlement `expired`, and fails its step. A usage report for it afterwards is a
 * conflict (`ReservationConflictError`, reason `expired`).
 *
 * @example
 * ```ts
 * settleAtWorstCase(context, entry, "the run finished before the call's usage was reported");
 * ```
 */
export function settleAtWorstCase(context: RunContext, entry: ExternalReservation, why: string): void {
  const { log, ledger } = context;
  const { reservation } = entry;
  const { released } = ledger.settle(reservation, reservation.amount);
  log.emit({
    type: "budget-settle",
    step: entry.step,
    reservationId: reservation.id,
    actual: reservation.amount,
    released,
    expired: true,
  });
  log.emit({
    type: "step-end",
    step: entry.step,
    kind: entry.kind,
    status: "failed",
    error: why,
    durationMs: Math.max(0, Date.parse(log.nowIso()) - Date.parse(entry.reservedAt)),
  });
  entry.state = "expired";
}

/**
 * Settles at their worst case the open reservations made `ttlMs` or longer ago on the run's clock, oldest
 * first. Called whenever the run is opened, so expiry is a function of the log and the clock alone.
 */
export function expireReservations(
  context: RunContext,
  reservations: ReadonlyMap<string, ExternalReservation>,
  options: { ttlMs: number },
): void {
  const now = Date.parse(context.log.nowIso());
  for (const entry of reservations.values()) {
    if (entry.state !== "open" || now - Date.parse(entry.reservedAt) < options.ttlMs) continue;
    settleAtWorstCase(context, entry, `reservation expired: no usage reported within ${options.ttlMs} ms`);
  }
}

/** Settles every reservation still open at its worst case (the run ends: no report can follow). */
export function closeOpenReservations(
  context: RunContext,
  reservations: ReadonlyMap<string, ExternalReservation>,
  why: string,
): void {
  for (const entry of reservations.values()) if (entry.state === "open") settleAtWorstCase(context, entry, why);
}
