import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ModelSpec } from "../core/model-spec.js";

/** Nano-dollars per tenant, kept as integers so that sums are exact; exposed in dollars when read. */
type NanoUsdByTenant = Map<string, number>;

/**
 * One server's metrics in a prom-client registry of its own (never prom-client's global one): the
 * policy counters labelled by tenant, fed by {@link observeRunEvent}, and the HTTP request counter and
 * latency histogram, fed by {@link observeHttpRequest}. Build one per server with {@link createServerMetrics}.
 */
export interface ServerMetrics {
  readonly registry: Registry;
  /** The model of an id, for the prices "cost saved" compares against. */
  readonly model: (id: string) => ModelSpec | undefined;
  readonly runsStarted: Counter<"tenant">;
  readonly runsFinished: Counter<"tenant" | "status">;
  readonly steps: Counter<"tenant" | "kind" | "tier">;
  readonly downgrades: Counter<"tenant" | "reason">;
  readonly fallbacks: Counter<"tenant" | "reason">;
  readonly retries: Counter<"tenant">;
  readonly hardStops: Counter<"tenant">;
  readonly slaViolationsPrevented: Counter<"tenant">;
  readonly cacheHits: Counter<"tenant" | "layer">;
  readonly httpRequests: Counter<"method" | "route" | "status">;
  readonly httpDuration: Histogram<"method" | "route" | "status">;
  /** Money, in nano-dollars per tenant: spent, saved by routing (may go negative), saved by the caches. */
  readonly nanoUsd: { cost: NanoUsdByTenant; saved: NanoUsdByTenant; cacheSaved: NanoUsdByTenant };
  /** The preferred model of each step in flight, per run: what "cost saved" compares each call with. */
  readonly preferredModels: Map<string, Map<number, string>>;
}

/** Latency buckets in seconds: from a cached answer to a long `?wait=` request. */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * A fresh registry with every metric the server serves. Nothing is global: two servers (or two tests) in
 * one process have separate counters.
 *
 * @example
 * ```ts
 * const metrics = createServerMetrics({ model: (id) => runtime.backends.catalog.list().find((m) => m.id === id) });
 * const runtime = createRuntime({ ...options, onEvent: (event) => observeRunEvent(metrics, tenantOf(event.runId), event) });
 * response.type(metrics.registry.contentType).send(await renderPrometheus(metrics));
 * ```
 */
export function createServerMetrics(options: {
  model: (id: string) => ModelSpec | undefined;
}): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  const nanoUsd = { cost: new Map(), saved: new Map(), cacheSaved: new Map() };
  const dollarsOf = (byTenant: NanoUsdByTenant, metric: Counter<"tenant"> | Gauge<"tenant">) => {
    metric.reset();
    for (const [tenant, nano] of byTenant) {
      if (metric instanceof Gauge) metric.set({ tenant }, nano / 1e9);
      else metric.inc({ tenant }, nano / 1e9);
    }
  };
  new Counter({
    name: "agentone_cost_usd_total",
    help: "Dollars spent on model calls.",
    labelNames: ["tenant"],
    registers,
    collect() {
      dollarsOf(nanoUsd.cost, this);
    },
  });
  new Gauge({
    // Goes down when a fallback runs on a pricier model than the step preferred: a gauge, not a counter.
    name: "agentone_cost_saved_usd",
    help: "Dollars routing saved against each step's preferred model (negative when fallbacks cost more).",
    labelNames: ["tenant"],
    registers,
    collect() {
      dollarsOf(nanoUsd.saved, this);
    },
  });
  new Counter({
    name: "agentone_cache_saved_usd_total",
    help: "Dollars the response cache and reused plans saved: what the original calls cost.",
    labelNames: ["tenant"],
    registers,
    collect() {
      dollarsOf(nanoUsd.cacheSaved, this);
    },
  });
  const counter = <Label extends string>(name: string, help: string, labelNames: Label[]) =>
    new Counter<Label>({ name, help, labelNames, registers });
  return {
    registry,
    model: options.model,
    runsStarted: counter("agentone_runs_started_total", "Runs started.", ["tenant"]),
    runsFinished: counter("agentone_runs_total", "Runs ended, by final status.", ["tenant", "status"]),
    steps: counter("agentone_steps_total", "Steps by kind and tier.", ["tenant", "kind", "tier"]),
    downgrades: counter("agentone_downgrades_total", "Steps routed below their preferred tier, by reason.", [
      "tenant",
      "reason",
    ]),
    fallbacks: counter("agentone_fallbacks_total", "Fallbacks to another model, by reason.", [
      "tenant",
      "reason",
    ]),
    retries: counter("agentone_retries_total", "Retries and fallbacks.", ["tenant"]),
    hardStops: counter(
      "agentone_hard_stops_total",
      "Runs a budget ended under the hard-stop policy (failed, nothing more spent).",
      ["tenant"],
    ),
    slaViolationsPrevented: counter(
      "agentone_sla_violations_prevented_total",
      "Steps routed to a faster tier to meet their latency SLA.",
      ["tenant"],
    ),
    cacheHits: counter(
      "agentone_cache_hits_total",
      "Model turns answered from the response cache (model) or by a reused plan (plan).",
      ["tenant", "layer"],
    ),
    httpRequests: counter("agentone_http_requests_total", "HTTP requests answered.", [
      "method",
      "route",
      "status",
    ]),
    httpDuration: new Histogram({
      name: "agentone_http_request_duration_seconds",
      help: "Time to answer an HTTP request, in seconds.",
      labelNames: ["method", "route", "status"],
      buckets: durationBuckets,
      registers,
    }),
    nanoUsd,
    preferredModels: new Map(),
  };
}

/**
 * Counts one answered HTTP request. `route` is the route's template (`/v1/runs/{id}`), never the path, so
 * that run ids do not each make a series.
 *
 * @example
 * ```ts
 * observeHttpRequest(metrics, { method: "GET", route: "/v1/runs/{id}", status: 200, durationSeconds: 0.004 });
 * ```
 */
export function observeHttpRequest(
  metrics: ServerMetrics,
  request: { method: string; route: string; status: number; durationSeconds: number },
): void {
  const labels = { method: request.method, route: request.route, status: String(request.status) };
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe(labels, request.durationSeconds);
}

/** The metrics in the Prometheus text exposition format; serve with `metrics.registry.contentType`. */
export function renderPrometheus(metrics: ServerMetrics): Promise<string> {
  return metrics.registry.metrics();
}

/** One metric as `/v1/metrics` serves it: its samples with their labels. */
export interface MetricJson {
  name: string;
  help: string;
  type: string;
  values: { labels: Record<string, string | number>; value: number; metricName?: string }[];
}

/** The same metrics as {@link renderPrometheus}, as JSON (histograms as their bucket, sum and count samples). */
export async function metricsToJson(metrics: ServerMetrics): Promise<MetricJson[]> {
  const all = await metrics.registry.getMetricsAsJSON();
  return all.map((metric) => ({
    name: metric.name,
    help: metric.help,
    type: String(metric.type),
    values: metric.values.map((sample) => ({
      labels: { ...sample.labels } as Record<string, string | number>,
      value: sample.value,
      ...("metricName" in sample && typeof sample.metricName === "string"
        ? { metricName: sample.metricName }
        : {}),
    })),
  }));
}
