import { costOfUsage } from "../budget/money.js";
import type { RunEvent } from "../core/events/run-event.js";
import type { ModelSpec } from "../core/model-spec.js";

/** A plain copy of the counters, for an API to serve or a test to read. Money in nano-dollars. */
export interface PolicyMetricsSnapshot {
  runsTotal: number;
  /** Keyed `<kind>/<tier>`. */
  stepsByKindAndTier: Record<string, number>;
  downgradesByReason: Record<string, number>;
  fallbacksByReason: Record<string, number>;
  retriesTotal: number;
  /** Runs a budget stopped with the hard-stop policy (failed, nothing more spent). */
  hardStops: number;
  costTotalNanoUsd: number;
  /**
   * What routing saved: for each model call, the cost at the step's preferred model for the same tokens,
   * minus the actual cost. Negative when a fallback ran on a pricier model.
   */
  costSavedNanoUsd: number;
  slaViolationsPrevented: number;
}

const increment = (counters: Record<string, number>, key: string) => {
  counters[key] = (counters[key] ?? 0) + 1;
};

/**
 * Process-wide counters of the routing policy's effect, fed with every event of every run in the
 * runtime: runs, steps by kind and tier, downgrades and fallbacks by reason, hard stops, cost, cost saved
 * against each step's preferred model, SLA violations prevented. The API issue will serve them; for now
 * `snapshot()` and `toPrometheusText()` read them out.
 *
 * @example
 * ```ts
 * const metrics = new PolicyMetrics({ models: (id) => catalog.find(id) });
 * const runtime = createRuntime({ store, tokenCounter, backends, metrics });
 * // ... runs ...
 * metrics.snapshot().costSavedNanoUsd;
 * ```
 */
export class PolicyMetrics {
  readonly #model: (id: string) => ModelSpec | undefined;
  readonly #counters: PolicyMetricsSnapshot = {
    runsTotal: 0,
    stepsByKindAndTier: {},
    downgradesByReason: {},
    fallbacksByReason: {},
    retriesTotal: 0,
    hardStops: 0,
    costTotalNanoUsd: 0,
    costSavedNanoUsd: 0,
    slaViolationsPrevented: 0,
  };
  /** The preferred model of each step in flight, keyed `<runId>/<step>`. */
  readonly #preferred = new Map<string, string>();

  constructor(options: { model: (id: string) => ModelSpec | undefined }) {
    this.#model = options.model;
  }

  observe(event: RunEvent): void {
    const counters = this.#counters;
    switch (event.type) {
      case "run-start":
        counters.runsTotal++;
        break;
      case "step-start": {
        const { decision } = event;
        increment(counters.stepsByKindAndTier, `${event.kind}/${decision.tier}`);
        if (decision.downgraded) increment(counters.downgradesByReason, decision.reason);
        if (decision.slaViolationPrevented) counters.slaViolationsPrevented++;
        this.#preferred.set(`${event.runId}/${event.step}`, decision.preferredModel ?? decision.model);
        break;
      }
      case "fallback-select":
        increment(counters.fallbacksByReason, event.decision.reason);
        counters.retriesTotal++;
        break;
      case "retry-schedule":
        counters.retriesTotal++;
        break;
      case "model-call-end": {
        counters.costTotalNanoUsd += event.costNanoUsd;
        // A tool's nested call is not what the step's routing chose: it saves nothing against the step's preference.
        const preferred = event.nested
          ? undefined
          : this.#model(this.#preferred.get(`${event.runId}/${event.step}`) ?? event.model);
        if (preferred)
          counters.costSavedNanoUsd += costOfUsage(event.usage, preferred.prices) - event.costNanoUsd;
        break;
      }
      case "model-call-error":
        counters.costTotalNanoUsd += event.costNanoUsd ?? 0;
        break;
      case "step-end":
        this.#preferred.delete(`${event.runId}/${event.step}`);
        break;
      case "run-end":
        if (event.status === "failed" && event.terminationReason.startsWith("budget_exhausted"))
          counters.hardStops++;
        break;
      default:
        break;
    }
  }

  snapshot(): PolicyMetricsSnapshot {
    return structuredClone(this.#counters);
  }

  /** The counters in the Prometheus text exposition format. */
  toPrometheusText(): string {
    const counters = this.#counters;
    const lines: string[] = [];
    const metric = (name: string, help: string, samples: [string, number][]) => {
      // Cost saved goes down when a fallback runs on a pricier model: a gauge, not a counter.
      const type = name === "cost_saved_usd_total" ? "gauge" : "counter";
      lines.push(`# HELP agentone_${name} ${help}`, `# TYPE agentone_${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`agentone_${name}${labels} ${value}`);
    };
    const labelled = (label: string, values: Record<string, number>): [string, number][] =>
      Object.entries(values).map(([key, value]) => [`{${label}="${key}"}`, value]);
    metric("runs_total", "Runs started.", [["", counters.runsTotal]]);
    metric(
      "steps_total",
      "Steps by kind and tier.",
      Object.entries(counters.stepsByKindAndTier).map(([key, value]) => {
        const [kind, tier] = key.split("/");
        return [`{kind="${kind}",tier="${tier}"}`, value];
      }),
    );
    metric(
      "downgrades_total",
      "Steps routed below their preferred tier, by reason.",
      labelled("reason", counters.downgradesByReason),
    );
    metric(
      "fallbacks_total",
      "Fallbacks to another model, by reason.",
      labelled("reason", counters.fallbacksByReason),
    );
    metric("retries_total", "Retries and fallbacks.", [["", counters.retriesTotal]]);
    metric("hard_stops_total", "Runs ended by a budget under the hard-stop policy.", [
      ["", counters.hardStops],
    ]);
    metric("cost_usd_total", "Dollars spent on model calls.", [["", counters.costTotalNanoUsd / 1e9]]);
    metric("cost_saved_usd_total", "Dollars saved against each step's preferred model.", [
      ["", counters.costSavedNanoUsd / 1e9],
    ]);
    metric("sla_violations_prevented_total", "Steps routed to a faster tier to meet their SLA.", [
      ["", counters.slaViolationsPrevented],
    ]);
    return `${lines.join("\n")}\n`;
  }
}
