import type { Clock } from "../../core/clock/index.js";
import {
  admitCall,
  type Circuit,
  type CircuitBreakerSettings,
  type CircuitState,
  circuitAt,
  closedCircuit,
  defaultCircuitBreakerSettings,
  recordOutcome,
} from "../../policy/circuit-breaker.js";
import type { HealthView } from "../../policy/step-decision.js";

/** A circuit's change of state, for the run's log. */
export interface CircuitTransition {
  backend: string;
  from: CircuitState;
  to: CircuitState;
  consecutiveFailures: number;
}

/** Weight of the newest observation in the latency correction (an exponential moving average). */
const latencySmoothing = 0.3;

/**
 * Process-wide health of the backends: a circuit breaker per backend, the latency each model is observed
 * to take against its prediction, and recent failures per model. Shared by every run of a runtime, so one
 * run's failures spare the next run the same timeouts. The circuit logic itself is pure
 * (`policy/circuit-breaker.ts`); this class only keeps the state and reads the clock.
 *
 * @example
 * ```ts
 * const health = new BackendHealth({ clock, settings: { failureThreshold: 3, coolDownMs: 10_000 } });
 * if (health.admit("openai").admitted) { ... health.record({ backend: "openai", model, ok: true }); }
 * ```
 */
export class BackendHealth {
  readonly #clock: Clock;
  readonly #settings: CircuitBreakerSettings;
  readonly #circuits = new Map<string, Circuit>();
  readonly #latencyCorrection = new Map<string, number>();
  readonly #recentFailures = new Map<string, number>();

  /**
   * True until a call was admitted or recorded: a new process's health. A run continued by another
   * process (the CLI's approve or resume) says so on its continuing event, so replay can start afresh there.
   */
  get pristine(): boolean {
    return this.#circuits.size === 0 && this.#latencyCorrection.size === 0 && this.#recentFailures.size === 0;
  }

  constructor(options: { clock: Clock; settings?: CircuitBreakerSettings }) {
    this.#clock = options.clock;
    this.#settings = options.settings ?? defaultCircuitBreakerSettings;
  }

  /** The circuit as it stands now (an open circuit past its cool-down reads half-open). */
  circuit(backend: string): Circuit {
    return circuitAt(this.#circuits.get(backend) ?? closedCircuit, {
      now: this.#clock.now(),
      settings: this.#settings,
    });
  }

  /** Milliseconds until an open circuit lets a probe through (0 if it already would). */
  coolDownLeftMs(backend: string): number {
    const circuit = this.circuit(backend);
    if (circuit.state !== "open" || circuit.openedAt === null) return 0;
    return Math.max(0, circuit.openedAt + this.#settings.coolDownMs - this.#clock.now());
  }

  /** Asks to send one call; a half-open circuit admits one probe at a time. */
  admit(backend: string): { admitted: boolean; transition: CircuitTransition | null } {
    const before = this.#circuits.get(backend) ?? closedCircuit;
    const current = this.circuit(backend);
    const { admitted, next } = admitCall(current);
    this.#circuits.set(backend, next);
    return { admitted, transition: this.#transition(backend, before, next) };
  }

  /**
   * Records a call's outcome. `countsAgainstBackend: false` says whether a failure reflects on the backend (a bad request
   * does not, and leaves the circuit alone).
   */
  record(outcome: {
    backend: string;
    model: string;
    ok: boolean;
    countsAgainstBackend?: boolean;
    latency?: { predictedMs: number; actualMs: number };
  }): CircuitTransition | null {
    const { backend, model, ok } = outcome;
    if (ok && outcome.latency && outcome.latency.predictedMs > 0) {
      const ratio = outcome.latency.actualMs / outcome.latency.predictedMs;
      const previous = this.#latencyCorrection.get(model) ?? 1;
      this.#latencyCorrection.set(model, previous * (1 - latencySmoothing) + ratio * latencySmoothing);
    }
    this.#recentFailures.set(model, ok ? 0 : (this.#recentFailures.get(model) ?? 0) + 1);
    if (!ok && outcome.countsAgainstBackend === false) {
      this.releaseProbe(backend);
      return null;
    }
    const before = this.circuit(backend);
    const next = recordOutcome(before, { ok, now: this.#clock.now(), settings: this.#settings });
    this.#circuits.set(backend, next);
    return this.#transition(backend, before, next);
  }

  /**
   * Gives back a half-open circuit's probe slot when the probe ended without a verdict (it was never
   * sent, or it was aborted, or it failed in a way that says nothing about the backend).
   */
  releaseProbe(backend: string): void {
    const circuit = this.#circuits.get(backend);
    if (circuit?.state === "half-open" && circuit.probeInFlight)
      this.#circuits.set(backend, { ...circuit, probeInFlight: false });
  }

  /** What routing sees: open circuits, latency corrections, recent failures. */
  view(): HealthView {
    const openBackends = [...this.#circuits.keys()].filter(
      (backend) => this.circuit(backend).state === "open",
    );
    return {
      openBackends,
      latencyCorrection: Object.fromEntries(this.#latencyCorrection),
      recentFailures: Object.fromEntries(this.#recentFailures),
    };
  }

  #transition(backend: string, before: Circuit, after: Circuit): CircuitTransition | null {
    if (before.state === after.state) return null;
    return { backend, from: before.state, to: after.state, consecutiveFailures: after.consecutiveFailures };
  }
}
