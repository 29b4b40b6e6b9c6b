import type { RunReport, RunResult } from "agentone";
import { describe, expect, it } from "vitest";
import { benchRecordSchema } from "./bench-record.js";
import { buildRecord } from "./build-record.js";
import type { StageResult } from "./run-stage.js";

function stage(input: {
  usd: number;
  latencies: number[];
  outcome: "complete" | "partial";
  model: string;
  hits?: number;
}): StageResult {
  const report = {
    status: "completed",
    outcome: input.outcome,
    terminationReason: input.outcome === "complete" ? "answered" : "budget_exhausted:usd",
    simulated: true,
    wallClockMs: input.latencies.reduce((sum, value) => sum + value, 0),
    limits: { usd: 2 },
    usage: {
      usd: input.usd,
      inputTokens: 100,
      cachedInputTokens: 10,
      cacheWriteTokens: 0,
      outputTokens: 20,
      reasoningTokens: 5,
      totalTokens: 130,
      toolCalls: 3,
      modelCalls: input.latencies.length,
      steps: input.latencies.length,
      retries: 1,
    },
    toolCalls: { total: 3, errors: 1, byTool: [] },
    downgrades: [],
    costByModel: [{ model: input.model }],
    cache: { modelHits: input.hits ?? 0, planReuses: 0 },
  } as unknown as RunReport;
  return { result: {} as RunResult, report, modelCallLatencies: input.latencies };
}

const key = { task: "triage-ci", policy: "cascade", seed: 1, pass: 1 };
const grade = {
  success: true,
  quality: 0.75,
  explanation: "",
  checks: [
    { name: "cites-line", passed: false, weight: 1, essential: false },
    { name: "names-test", passed: true, weight: 3, essential: true },
  ],
};

describe("buildRecord", () => {
  it("adds a cascade's stages up and takes the ending from the last", () => {
    const record = buildRecord({
      key,
      stages: [
        stage({ usd: 0.0000001, latencies: [1000, 3000], outcome: "partial", model: "sim-cheap" }),
        stage({
          usd: 0.3,
          latencies: [2000, 5000, 4000],
          outcome: "complete",
          model: "sim-premium",
          hits: 2,
        }),
      ],
      grade,
      error: null,
      simulated: true,
    });
    expect(benchRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      success: true,
      quality: 0.75,
      failedChecks: ["cites-line"],
      costUsd: 0.3000001,
      budgetUsd: 2,
      tokens: { input: 200, cachedInput: 20, cacheWrite: 0, output: 40, reasoning: 10, total: 260 },
      toolCalls: 6,
      toolErrors: 2,
      modelCalls: 5,
      steps: 5,
      retries: 2,
      latency: { runMs: 15_000, modelCallP50Ms: 3000, modelCallP90Ms: 5000 },
      outcome: "complete",
      terminationReason: "answered",
      cacheHits: 2,
      stages: 2,
      models: ["sim-cheap", "sim-premium"],
    });
  });

  it("counts a harness error as a failure with quality 0, keeping what was measured", () => {
    const record = buildRecord({
      key,
      stages: [stage({ usd: 0.01, latencies: [1000], outcome: "complete", model: "sim-cheap" })],
      grade: null,
      error: "grader crashed",
      simulated: true,
    });
    expect(record).toMatchObject({
      success: false,
      quality: 0,
      error: "grader crashed",
      costUsd: 0.01,
      stages: 1,
    });
  });

  it("is all zeros, with no status, when nothing ran", () => {
    const record = buildRecord({ key, stages: [], grade: null, error: "prepare failed", simulated: false });
    expect(benchRecordSchema.parse(record)).toMatchObject({
      stages: 0,
      costUsd: 0,
      status: null,
      budgetUsd: null,
      latency: { runMs: 0, modelCallP50Ms: 0, modelCallP90Ms: 0 },
      simulated: false,
    });
  });
});
