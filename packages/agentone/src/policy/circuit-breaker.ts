/** A backend's circuit: closed (calls go through), open (calls fail fast), half-open (one probe allowed). */
export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit stays open before it lets one probe through, milliseconds. */
  coolDownMs: number;
}

export const defaultCircuitBreakerSettings: CircuitBreakerSettings = {
  failureThreshold: 5,
  coolDownMs: 30_000,
};

export interface Circuit {
  state: CircuitState;
  consecutiveFailures: number;
  /** When the circuit last opened (clock milliseconds); null while closed. */
  openedAt: number | null;
  /** A half-open circuit lets exactly one probe through at a time. */
  probeInFlight: boolean;
}

export const closedCircuit: Circuit = {
  state: "closed",
  consecutiveFailures: 0,
  openedAt: null,
  probeInFlight: false,
};

/** The circuit as it stands at `now`: an open circuit whose cool-down has passed is half-open. */
export function circuitAt(
  circuit: Circuit,
  input: { now: number; settings: CircuitBreakerSettings },
): Circuit {
  if (
    circuit.state === "open" &&
    circuit.openedAt !== null &&
    input.now - circuit.openedAt >= input.settings.coolDownMs
  )
    return { ...circuit, state: "half-open", probeInFlight: false };
  return circuit;
}

/** May a call go out now? Closed: yes. Open: no. Half-open: only the one probe. */
export function admitCall(circuit: Circuit): { admitted: boolean; next: Circuit } {
  if (circuit.state === "closed") return { admitted: true, next: circuit };
  if (circuit.state === "half-open" && !circuit.probeInFlight)
    return { admitted: true, next: { ...circuit, probeInFlight: true } };
  return { admitted: false, next: circuit };
}

/**
 * The circuit after a call's outcome. Only failures that say the backend is unwell (rate limits, server
 * errors, timeouts, connection failures, cut streams) count; a bad request is the caller's fault.
 *
 * @example
 * ```ts
 * let circuit = closedCircuit;
 * for (let i = 0; i < 5; i++) circuit = recordOutcome(circuit, { ok: false, now: 0, settings });
 * circuit.state; // "open"
 * ```
 */
export function recordOutcome(
  circuit: Circuit,
  input: { ok: boolean; now: number; settings: CircuitBreakerSettings },
): Circuit {
  if (input.ok) return closedCircuit;
  const consecutiveFailures = circuit.consecutiveFailures + 1;
  // A late failure from a call admitted before the circuit opened does not extend the cool-down.
  if (circuit.state === "open") return { ...circuit, consecutiveFailures };
  // A failed probe reopens at once; a closed circuit opens at the threshold.
  if (circuit.state === "half-open" || consecutiveFailures >= input.settings.failureThreshold)
    return { state: "open", consecutiveFailures, openedAt: input.now, probeInFlight: false };
  return { ...circuit, consecutiveFailures };
}
