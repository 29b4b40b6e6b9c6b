import type { ModelCallFailure } from "./model-call-error.js";

/**
 * A failed model call's kind as the reliability policy sees it: a `ModelCallError`'s failure, or
 * `circuit_open`, a call the circuit breaker refused to send.
 */
export type FailureKind = ModelCallFailure | "circuit_open";

/** What one kind of failure means for the next move. Every layer reads these; none keeps its own list. */
export interface FailureTraits {
  /** The same call may succeed later: a fresh `ModelCallError` of this kind is retryable by default. */
  retryable: boolean;
  /**
   * The backend, not one model or the request, is failing: the failure counts towards the backend's
   * circuit breaker, and a fallback skips the backend's other models.
   */
  outageLike: boolean;
  /** Another model may succeed where this one failed (a bad request fails everywhere). */
  fallsBack: boolean;
  /**
   * The server accepted the request before the answer broke off, so it billed at least the input: the
   * call settles at the reservation's input estimate, never at $0.
   */
  chargesEstimate: boolean;
  /** The same request gets the same failure: a retry must change the sampling. */
  variesRequestOnRetry: boolean;
  /**
   * The request is too large for this model: no retry of it helps, whatever the server says, and only a
   * model with a larger context window may take it.
   */
  needsLargerModel: boolean;
}

const none: FailureTraits = {
  retryable: false,
  outageLike: false,
  fallsBack: false,
  chargesEstimate: false,
  variesRequestOnRetry: false,
  needsLargerModel: false,
};

/** A failure of the backend itself: wait and retry, and count it against the backend. */
const outage: FailureTraits = { ...none, retryable: true, outageLike: true, fallsBack: true };

/**
 * The one table of failure traits, by kind.
 *
 * @example
 * ```ts
 * failureTraits.rate_limit; // { retryable: true, outageLike: false, fallsBack: true, ... }
 * if (failureTraits[error.failure].chargesEstimate) settleAtEstimate(reservation);
 * ```
 */
export const failureTraits: Readonly<Record<FailureKind, FailureTraits>> = {
  // One model is rate-limited; the backend's other models may be fine.
  rate_limit: { ...none, retryable: true, fallsBack: true },
  server: outage,
  overloaded: outage,
  timeout: outage,
  connection: outage,
  cut_stream: { ...outage, chargesEstimate: true },
  model_output: { ...none, retryable: true, fallsBack: true, variesRequestOnRetry: true },
  context_length: { ...none, fallsBack: true, needsLargerModel: true },
  bad_request: none,
  // Credentials and quota belong to the backend: none of its models can help, another backend may.
  authentication: { ...none, outageLike: true, fallsBack: true },
  not_found: { ...none, fallsBack: true },
  // An abort nobody asked for (the caller's own aborts end the call before it is judged).
  aborted: { ...none, outageLike: true },
  circuit_open: outage,
};

/**
 * The traits of a failure kind as recorded in an event (a string): an unknown kind has none of them.
 *
 * @example
 * ```ts
 * traitsOfFailure(event.failure).fallsBack;
 * ```
 */
export function traitsOfFailure(kind: string): FailureTraits {
  return Object.hasOwn(failureTraits, kind) ? failureTraits[kind as FailureKind] : none;
}
