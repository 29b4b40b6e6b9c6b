import type { BudgetDimension } from "../../core/budget-dimension.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { StopCause } from "../../policy/stop-rules.js";

/**
 * What stopped an external run's decisions, or null while it may go on: the last run-scope breach since a
 * resume last added budget (`budget_exhausted:<dimension>`), or a usage report its request could not
 * explain (`usage_anomaly`, under the `stop` anomaly policy; nothing lifts it). A managed run stops at its
 * first breach; an external run stays open after it, for its caller to finish, and this is how it
 * remembers, from its log alone, that it stopped.
 *
 * @example
 * ```ts
 * externalStop(log.events, { onUsageAnomaly: "stop" }); // { reason: "budget_exhausted:usd", dimension: "usd" }
 * ```
 */
export function externalStop(
  events: readonly RunEvent[],
  options: { onUsageAnomaly?: "stop" | "warn" | undefined },
): StopCause | null {
  let breach: StopCause | null = null;
  for (const event of events) {
    if (event.type === "run-input") breach = null;
    if (event.type === "budget-exceeded" && event.scope === "run")
      breach = {
        reason: `budget_exhausted:${event.dimension}`,
        dimension: event.dimension as BudgetDimension,
      };
    const anomalous = event.type === "budget-settle" && (event.anomalies?.length ?? 0) > 0;
    if (anomalous && (options.onUsageAnomaly ?? "stop") === "stop") return { reason: "usage_anomaly" };
  }
  return breach;
}
