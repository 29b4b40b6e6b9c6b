import type { RunState } from "../core/run-state/run-state.js";

/**
 * True when the oldest pending request of the run is at least `timeoutMs` old at `now` (the run's clock).
 * Pure: the caller reads the clock.
 *
 * @example
 * ```ts
 * approvalExpired(state, { now: clock.now(), timeoutMs: policy.timeoutMs }); // false while a human may still decide
 * ```
 */
export function approvalExpired(state: RunState, input: { now: number; timeoutMs: number }): boolean {
  const oldest = state.pendingApprovals[0];
  return oldest !== undefined && input.now - Date.parse(oldest.requestedAt) >= input.timeoutMs;
}
