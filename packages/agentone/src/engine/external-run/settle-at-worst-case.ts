import { Ledger } from "../../budget/ledger.js";
import type { RunContext } from "../run-context.js";
import type { RunLog } from "../run-log.js";
import { type ExternalReservation, externalReservations } from "./external-reservations.js";

/** What a worst-case settlement writes to: the run's log and the ledger that holds the reservation. */
type Books = Pick<RunContext, "log" | "ledger">;

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
export function settleAtWorstCase(context: Books, entry: ExternalReservation, why: string): void {
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
  context: Books,
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
  context: Books,
  reservations: ReadonlyMap<string, ExternalReservation>,
  why: string,
): void {
  for (const entry of reservations.values())
    if (entry.state === "open") settleAtWorstCase(context, entry, why);
}

/**
 * Settles at their worst case the reservations an external run's log leaves open, for a caller that ends
 * the run from its log alone (`killRun` on a run nobody holds).
 *
 * @example
 * ```ts
 * if (state.options.external) closeReservationsInLog(log, "the run was killed before the call's usage was reported");
 * ```
 */
export function closeReservationsInLog(log: RunLog, why: string): void {
  const ledger = new Ledger({
    run: log,
    nextId: () => {
      throw new Error("closing an external run's reservations makes no new one");
    },
  });
  const reservations = externalReservations(log.events);
  for (const entry of reservations.values()) if (entry.state === "open") ledger.adopt(entry.reservation);
  closeOpenReservations({ log, ledger }, reservations, why);
}
