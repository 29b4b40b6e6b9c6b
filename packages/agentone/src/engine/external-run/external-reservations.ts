import type { StepKind } from "../../core/events/payload-schemas.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { CallReservation } from "../model-call/reserve-call.js";

/** A model-call reservation of an external run, as its log tells it. */
export interface ExternalReservation {
  reservation: CallReservation;
  step: number;
  kind: StepKind;
  /** The decision's latency target, when it had one (the settlement measures the step against it). */
  latencySlaMs: number | undefined;
  predictedLatencyMs: number | undefined;
  callId: string;
  model: string;
  backend: string;
  /** When it was made (ISO, the run's clock): it expires `reservationTtlMs` later. */
  reservedAt: string;
  state: "open" | "settled" | "expired";
}

/**
 * Every model-call reservation in an external run's log, by id: what it holds, the step and call it
 * belongs to, and whether it is still open. The log is the only place an external run's open reservations
 * live between its caller's requests.
 *
 * @example
 * ```ts
 * const open = [...externalReservations(log.events).values()].filter((entry) => entry.state === "open");
 * ```
 */
export function externalReservations(events: readonly RunEvent[]): Map<string, ExternalReservation> {
  const byId = new Map<string, ExternalReservation>();
  const steps = new Map<number, Extract<RunEvent, { type: "step-start" }>>();
  // The reservation a decision just made, waiting for the call record that follows it.
  let pending: ExternalReservation | null = null;
  for (const event of events) {
    switch (event.type) {
      case "step-start":
        steps.set(event.step, event);
        break;
      case "budget-reserve": {
        if (event.purpose !== "model-call") break;
        const step = steps.get(event.step);
        pending = {
          reservation: {
            id: event.reservationId,
            purpose: "model-call",
            amount: event.amount,
            maxOutputTokens: event.maxOutputTokens ?? event.amount.outputTokens ?? 0,
          },
          step: event.step,
          kind: step?.kind ?? "act",
          latencySlaMs: step?.decision.latencySlaMs,
          predictedLatencyMs: step?.decision.predictedLatencyMs,
          callId: "",
          model: "",
          backend: "",
          reservedAt: event.at,
          state: "open",
        };
        byId.set(event.reservationId, pending);
        break;
      }
      case "model-call-start":
        if (pending !== null && pending.step === event.step) {
          Object.assign(pending, { callId: event.callId, model: event.model, backend: event.backend });
          pending = null;
        }
        break;
      case "budget-settle": {
        const entry = byId.get(event.reservationId);
        if (entry) entry.state = event.expired ? "expired" : "settled";
        break;
      }
      default:
        break;
    }
  }
  return byId;
}
