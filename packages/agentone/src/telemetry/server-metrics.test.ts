import { simulatedModels } from "@agentone/simulated";
import { contentType } from "prom-client";
import { beforeAll, describe, expect, it } from "vitest";
import { buildLog, runStart } from "../../test/support/event-builder.js";
import { warmUpScriptedRuns } from "../../test/support/scripted-run.js";
import { tempWorkspace } from "../../test/support/temp-workspace.js";
import type { EventPayload, RunEvent } from "../core/events/run-event.js";
import { startRun } from "../engine/lifecycle/start-run.js";
import { createTestRuntime } from "../testing/test-runtime.js";
import { observeRunEvent } from "./observe-run-event.js";
import {
  createServerMetrics,
  type MetricJson,
  metricsToJson,
  observeHttpRequest,
  renderPrometheus,
} from "./server-metrics.js";

const usage = {
  inputTokens: 1000,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 100,
  reasoningTokens: 0,
};
const decision = (model: string, tier: string, extra: Record<string, unknown> = {}) => ({
  allowed: true,
  model,
  tier,
  maxOutputTokens: 1024,
  reason: `act_preferred_${tier}`,
  explanation: "",
  ...extra,
});
const callEnd = (step: number, model: string, costNanoUsd: number, extra: object = {}): EventPayload => ({
  type: "model-call-end",
  step,
  callId: `call_${step}`,
  model,
  modelVersion: model,
  backend: "simulated",
  text: "",
  toolCalls: [],
  finishReason: "stop",
  usage,
  costNanoUsd,
  latencyMs: 10,
  warnings: [],
  provenance: {},
  ...extra,
});

/** A run that plans on premium, acts downgraded to cheap, retries, falls back to local, and is hard-stopped. */
const hardStoppedRun = (runId: string) =>
  buildLog(runId, [
    runStart(),
    { type: "step-start", step: 1, kind: "plan", decision: decision("sim-premium", "premium") },
    callEnd(1, "sim-premium", 22_500_000),
    { type: "step-end", step: 1, kind: "plan", status: "ok", durationMs: 10 },
    {
      type: "step-start",
      step: 2,
      kind: "act",
      decision: decision("sim-cheap", "cheap", {
        reason: "act_sla_constrained_cheap",
        preferredModel: "sim-standard",
        preferredTier: "standard",
        downgraded: true,
        slaViolationPrevented: true,
      }),
    },
    { type: "retry-schedule", step: 2, attempt: 2, waitMs: 500, reason: "rate_limit" },
    {
      type: "fallback-select",
      step: 2,
      fromModel: "sim-cheap",
      failure: "server",
      decision: decision("sim-local", "local", { reason: "act_remote_failed_fallback_local" }),
    },
    callEnd(2, "sim-local", 0),
    { type: "step-end", step: 2, kind: "act", status: "ok", durationMs: 10 },
    {
      type: "run-end",
      status: "failed",
      outcome: "partial",
      terminationReason: "budget_exhausted:usd",
      answer: null,
      artifacts: { changedFiles: [], diff: "" },
    },
  ]);

/** A run whose one plan came from an earlier run's plan: a cache hit worth 0.0125 dollars. */
const cachedRun = (runId: string) =>
  buildLog(runId, [
    runStart(),
    { type: "step-start", step: 1, kind: "plan", decision: decision("sim-standard", "standard") },
    callEnd(1, "sim-standard", 0, {
      usage: { ...usage, inputTokens: 0, outputTokens: 0 },
      cache: {
        status: "hit",
        layer: "plan",
        key: "k",
        sourceRunId: "run_0",
        sourceStep: 1,
        savedNanoUsd: 12_500_000,
        savedMs: 800,
        savedUsage: usage,
      },
    }),
    { type: "step-end", step: 1, kind: "plan", status: "ok", durationMs: 10 },
    {
      type: "run-end",
      status: "completed",
      outcome: "complete",
      terminationReason: "answered",
      answer: "done",
      artifacts: { changedFiles: [], diff: "" },
    },
  ]);

const byModelId = (id: string) => simulatedModels.find((model) => model.id === id);

/** The value of a metric's sample with exactly these labels (0 when there is none). */
function sampleValue(json: MetricJson[], name: string, labels: Record<string, string>): number {
  const metric = json.find((candidate) => candidate.name === name);
  const sample = metric?.values.find(
    (candidate) =>
      Object.keys(candidate.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([key, value]) => candidate.labels[key] === value),
  );
  return sample?.value ?? 0;
}

beforeAll(warmUpScriptedRuns);

describe("server metrics", () => {
  it("derives the policy counters of a tenant from its runs' events", async () => {
    const metrics = createServerMetrics({ model: byModelId });
    for (const event of [...hardStoppedRun("run_1"), ...cachedRun("run_2")])
      observeRunEvent(metrics, "acme", event);

    const json = await metricsToJson(metrics);
    const acme = { tenant: "acme" };
    expect(sampleValue(json, "agentone_runs_started_total", acme)).toBe(2);
    expect(sampleValue(json, "agentone_runs_total", { tenant: "acme", status: "failed" })).toBe(1);
    expect(sampleValue(json, "agentone_runs_total", { tenant: "acme", status: "completed" })).toBe(1);
    expect(sampleValue(json, "agentone_steps_total", { tenant: "acme", kind: "plan", tier: "premium" })).toBe(
      1,
    );
    expect(
      sampleValue(json, "agentone_steps_total", { tenant: "acme", kind: "plan", tier: "standard" }),
    ).toBe(1);
    expect(sampleValue(json, "agentone_steps_total", { tenant: "acme", kind: "act", tier: "cheap" })).toBe(1);
    expect(
      sampleValue(json, "agentone_downgrades_total", { tenant: "acme", reason: "act_sla_constrained_cheap" }),
    ).toBe(1);
    expect(
      sampleValue(json, "agentone_fallbacks_total", {
        tenant: "acme",
        reason: "act_remote_failed_fallback_local",
      }),
    ).toBe(1);
    expect(sampleValue(json, "agentone_retries_total", acme)).toBe(2);
    expect(sampleValue(json, "agentone_hard_stops_total", acme)).toBe(1);
    expect(sampleValue(json, "agentone_sla_violations_prevented_total", acme)).toBe(1);
    expect(sampleValue(json, "agentone_cost_usd_total", acme)).toBe(0.0225);
    expect(sampleValue(json, "agentone_cache_hits_total", { tenant: "acme", layer: "plan" })).toBe(1);
    expect(sampleValue(json, "agentone_cache_saved_usd_total", acme)).toBe(0.0125);
    // Step 2 ran on the free local model; at its preferred standard model the same tokens would have cost:
    const standard = byModelId("sim-standard");
    const standardNano =
      1000 * (standard?.prices.input ?? 0) * 1000 + 100 * (standard?.prices.output ?? 0) * 1000;
    expect(sampleValue(json, "agentone_cost_saved_usd", acme)).toBeCloseTo(standardNano / 1e9, 12);
    expect(standardNano).toBeGreaterThan(0);
  });

  it("keeps tenants apart, and two registries apart", async () => {
    const metrics = createServerMetrics({ model: byModelId });
    const other = createServerMetrics({ model: byModelId });
    for (const event of hardStoppedRun("run_1")) observeRunEvent(metrics, "acme", event);
    for (const event of cachedRun("run_2")) observeRunEvent(metrics, "beta", event);

    const json = await metricsToJson(metrics);
    expect(sampleValue(json, "agentone_hard_stops_total", { tenant: "acme" })).toBe(1);
    expect(sampleValue(json, "agentone_hard_stops_total", { tenant: "beta" })).toBe(0);
    expect(sampleValue(json, "agentone_cache_hits_total", { tenant: "beta", layer: "plan" })).toBe(1);
    expect(sampleValue(json, "agentone_cache_hits_total", { tenant: "acme", layer: "plan" })).toBe(0);
    expect(sampleValue(json, "agentone_cost_usd_total", { tenant: "acme" })).toBe(0.0225);
    expect(sampleValue(json, "agentone_cost_usd_total", { tenant: "beta" })).toBe(0);
    expect(sampleValue(await metricsToJson(other), "agentone_runs_started_total", { tenant: "acme" })).toBe(
      0,
    );
  });

  it("renders Prometheus text whose every sample line parses, with the registry's content type", async () => {
    const metrics = createServerMetrics({ model: byModelId });
    for (const event of hardStoppedRun("run_1")) observeRunEvent(metrics, "acme", event);
    observeHttpRequest(metrics, {
      method: "GET",
      route: "/v1/runs/{id}",
      status: 200,
      durationSeconds: 0.004,
    });
    observeHttpRequest(metrics, { method: "GET", route: "/v1/runs/{id}", status: 404, durationSeconds: 0.2 });

    const text = await renderPrometheus(metrics);

    expect(metrics.registry.contentType).toBe(contentType);
    const sample =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|NaN)$/;
    const lines = text.trim().split("\n");
    for (const line of lines) {
      if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
      expect(line).toMatch(sample);
    }
    expect(lines).toContain('agentone_steps_total{tenant="acme",kind="act",tier="cheap"} 1');
    expect(lines).toContain('agentone_hard_stops_total{tenant="acme"} 1');
    expect(lines).toContain('agentone_cost_usd_total{tenant="acme"} 0.0225');
    expect(lines).toContain("# TYPE agentone_cost_saved_usd gauge");
    expect(lines).toContain(
      'agentone_http_requests_total{method="GET",route="/v1/runs/{id}",status="404"} 1',
    );
    expect(lines).toContain(
      'agentone_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v1/runs/{id}",status="200"} 1',
    );
    expect(lines).toContain(
      'agentone_http_request_duration_seconds_count{method="GET",route="/v1/runs/{id}",status="404"} 1',
    );
  });

  it("agrees with the runtime's PolicyMetrics on a run of the simulated models", async () => {
    const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
    const events: RunEvent[] = [];
    const runtime = await createTestRuntime({ onEvent: (event) => events.push(event) });
    try {
      await startRun(runtime, {
        goal: "Summarize notes.txt",
        workspace: workspace.root,
        limits: { usd: 0.05 },
      });
      const metrics = createServerMetrics({ model: byModelId });
      for (const event of events) observeRunEvent(metrics, "acme", event);

      const json = await metricsToJson(metrics);
      const policy = runtime.metrics.snapshot();
      expect(events.length).toBeGreaterThan(3);
      for (const [key, count] of Object.entries(policy.stepsByKindAndTier)) {
        const [kind = "", tier = ""] = key.split("/");
        expect(sampleValue(json, "agentone_steps_total", { tenant: "acme", kind, tier })).toBe(count);
      }
      expect(sampleValue(json, "agentone_cost_usd_total", { tenant: "acme" })).toBe(
        policy.costTotalNanoUsd / 1e9,
      );
      expect(sampleValue(json, "agentone_cost_saved_usd", { tenant: "acme" })).toBe(
        policy.costSavedNanoUsd / 1e9,
      );
      expect(policy.costTotalNanoUsd).toBeGreaterThan(0);
      const ended = events.find((event) => event.type === "run-end");
      const status = ended?.type === "run-end" ? ended.status : "none";
      expect(sampleValue(json, "agentone_runs_total", { tenant: "acme", status })).toBe(1);
    } finally {
      await runtime.store.close();
      await workspace.cleanup();
    }
  });
});
