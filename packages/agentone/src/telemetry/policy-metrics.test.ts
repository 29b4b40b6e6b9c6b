import { simulatedModels } from "@agentone/simulated";
import { describe, expect, it } from "vitest";
import { buildLog, runStart } from "../../test/support/event-builder.js";
import type { EventPayload } from "../core/events/run-event.js";
import { PolicyMetrics } from "./policy-metrics.js";

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
const callEnd = (step: number, model: string, costNanoUsd: number): EventPayload => ({
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
});

describe("PolicyMetrics", () => {
  const log = buildLog("run_1", [
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

  it("counts runs, steps by kind and tier, downgrades, fallbacks, retries, hard stops, cost and cost saved", () => {
    const metrics = new PolicyMetrics({ model: (id) => simulatedModels.find((model) => model.id === id) });
    for (const event of log) metrics.observe(event);
    const standard = simulatedModels.find((model) => model.id === "sim-standard");
    // Step 2 ran on the free local model; at its preferred standard model the same tokens would have cost:
    const standardCost =
      1000 * (standard?.prices.input ?? 0) * 1000 + 100 * (standard?.prices.output ?? 0) * 1000;
    expect(metrics.snapshot()).toEqual({
      runsTotal: 1,
      stepsByKindAndTier: { "plan/premium": 1, "act/cheap": 1 },
      downgradesByReason: { act_sla_constrained_cheap: 1 },
      fallbacksByReason: { act_remote_failed_fallback_local: 1 },
      retriesTotal: 2,
      hardStops: 1,
      costTotalNanoUsd: 22_500_000,
      costSavedNanoUsd: standardCost,
      slaViolationsPrevented: 1,
    });
  });

  it("renders the Prometheus text format", () => {
    const metrics = new PolicyMetrics({ model: () => undefined });
    for (const event of log) metrics.observe(event);
    const text = metrics.toPrometheusText();
    expect(text).toContain('agentone_steps_total{kind="act",tier="cheap"} 1');
    expect(text).toContain('agentone_downgrades_total{reason="act_sla_constrained_cheap"} 1');
    expect(text).toContain("agentone_hard_stops_total 1");
    expect(text).toContain("# TYPE agentone_runs_total counter");
  });
});
