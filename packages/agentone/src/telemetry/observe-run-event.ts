import { costOfUsage } from "../budget/money.js";
import type { RunEvent } from "../core/events/run-event.js";
import type { ServerMetrics } from "./server-metrics.js";

const add = (byTenant: Map<string, number>, tenant: string, nano: number) =>
  byTenant.set(tenant, (byTenant.get(tenant) ?? 0) + nano);

/**
 * Counts one run event against its tenant: runs started and ended (by final status), steps by kind and
 * tier, downgrades and fallbacks by reason, retries, hard stops, SLA violations prevented, cost, cost saved
 * by routing (each model call against its step's preferred model, as `PolicyMetrics` computes it) and by the
 * caches. Feed it every event of every run, in order, from the runtime's `onEvent`.
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ ...options, onEvent: (event) => observeRunEvent(metrics, tenantOf(event.runId), event) });
 * ```
 */
export function observeRunEvent(metrics: ServerMetrics, tenant: string, event: RunEvent): void {
  switch (event.type) {
    case "run-start":
      metrics.runsStarted.inc({ tenant });
      break;
    case "step-start": {
      const { decision } = event;
      metrics.steps.inc({ tenant, kind: event.kind, tier: decision.tier });
      if (decision.downgraded) metrics.downgrades.inc({ tenant, reason: decision.reason });
      if (decision.slaViolationPrevented) metrics.slaViolationsPrevented.inc({ tenant });
      const steps = metrics.preferredModels.get(event.runId) ?? new Map<number, string>();
      steps.set(event.step, decision.preferredModel ?? decision.model);
      metrics.preferredModels.set(event.runId, steps);
      break;
    }
    case "fallback-select":
      metrics.fallbacks.inc({ tenant, reason: event.decision.reason });
      metrics.retries.inc({ tenant });
      break;
    case "retry-schedule":
      metrics.retries.inc({ tenant });
      break;
    case "model-call-end": {
      add(metrics.nanoUsd.cost, tenant, event.costNanoUsd);
      if (event.cache?.status === "hit") {
        metrics.cacheHits.inc({ tenant, layer: event.cache.layer });
        add(metrics.nanoUsd.cacheSaved, tenant, event.cache.savedNanoUsd);
      }
      // A tool's nested call is not what the step's routing chose: it saves nothing against the step's preference.
      if (event.nested) break;
      const preferred = metrics.model(
        metrics.preferredModels.get(event.runId)?.get(event.step) ?? event.model,
      );
      if (preferred)
        add(metrics.nanoUsd.saved, tenant, costOfUsage(event.usage, preferred.prices) - event.costNanoUsd);
      break;
    }
    case "model-call-error":
      add(metrics.nanoUsd.cost, tenant, event.costNanoUsd ?? 0);
      break;
    case "step-end":
      metrics.preferredModels.get(event.runId)?.delete(event.step);
      break;
    case "run-end":
      metrics.preferredModels.delete(event.runId);
      metrics.runsFinished.inc({ tenant, status: event.status });
      if (event.status === "failed" && event.terminationReason.startsWith("budget_exhausted"))
        metrics.hardStops.inc({ tenant });
      break;
    default:
      break;
  }
}
