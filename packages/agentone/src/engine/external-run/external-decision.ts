import type { IfNotAllowed } from "./if-not-allowed.js";

/**
 * The answer to an external run's "may I take this step, and on what?": the decision, its stable reason
 * code and explanation, the reservation that holds the step's worst case (settle it with the call's real
 * usage), and what to do when the step is refused.
 */
export interface ExternalDecision {
  allowed: boolean;
  /** The step number the decision opened (null when refused). */
  step: number | null;
  model: string | null;
  tier: string | null;
  /** Send the call with at most this many output tokens: the reservation holds exactly that. */
  maxOutputTokens: number;
  /** A stable reason code (`policy/reason-codes.ts`): why this model, or why refused. */
  reason: string;
  explanation: string;
  /** Settle it with `settleExternalUsage`; null when refused. */
  reservationId: string | null;
  /** What the worst case of the call holds, dollars (null when refused). */
  reservedUsd: number | null;
  /** What the caller does if refused, from the run's `onExhaust` (see `ifNotAllowedFor`). */
  ifNotAllowed: IfNotAllowed;
  /** On a refusal: the budget dimension that rules the step out, when one does. */
  limitedBy?: string;
  /** The step kind prefers a stronger tier than the chosen one. */
  downgraded?: boolean;
  predictedLatencyMs?: number;
  latencySlaMs?: number;
}
