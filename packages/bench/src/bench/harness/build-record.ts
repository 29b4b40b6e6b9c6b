import type { RunReport } from "agentone";
import { distributionOf } from "agentone/internal";
import type { GradeResult } from "../tasks/index.js";
import type { BenchRecord } from "./bench-record.js";
import type { StageResult } from "./run-stage.js";

/** Turns served from the response cache or by a reused plan. */
const cacheHitsOf = (report: RunReport) => report.cache.modelHits + report.cache.planReuses;

const sum = (stages: readonly StageResult[], value: (report: RunReport) => number) =>
  stages.reduce((total, stage) => total + value(stage.report), 0);

/**
 * The record of one run, or of a cascade's stages added up: cost, tokens, calls, retries and run latency
 * are sums; model-call percentiles are over every stage's calls; the status and termination reason are the
 * last stage's. A harness failure (`error`) keeps what the finished stages measured and counts as failure.
 *
 * @example
 * ```ts
 * const record = buildRecord({ key: { task: "triage-ci", policy: "agentone", seed: 1, pass: 1 },
 *   stages, grade, error: null, simulated: true });
 * ```
 */
export function buildRecord(input: {
  key: Pick<BenchRecord, "task" | "policy" | "seed" | "pass">;
  stages: readonly StageResult[];
  grade: GradeResult | null;
  error: string | null;
  simulated: boolean;
}): BenchRecord {
  const { stages, grade } = input;
  const last = stages[stages.length - 1];
  const latencies = distributionOf(stages.flatMap((stage) => stage.modelCallLatencies));
  const usage = (pick: (usage: RunReport["usage"]) => number) => sum(stages, (report) => pick(report.usage));
  const models = new Set(stages.flatMap((stage) => stage.report.costByModel.map((entry) => entry.model)));
  return {
    ...input.key,
    success: input.error === null && grade?.success === true,
    quality: input.error === null ? (grade?.quality ?? 0) : 0,
    failedChecks: (grade?.checks ?? []).filter((check) => !check.passed).map((check) => check.name),
    // Whole nano-dollars, so that summing floats cannot leave noise in the last digits.
    costUsd: Math.round(usage((value) => value.usd) * 1e9) / 1e9,
    budgetUsd: last?.report.limits.usd ?? null,
    tokens: {
      input: usage((value) => value.inputTokens),
      cachedInput: usage((value) => value.cachedInputTokens),
      cacheWrite: usage((value) => value.cacheWriteTokens),
      output: usage((value) => value.outputTokens),
      reasoning: usage((value) => value.reasoningTokens),
      total: usage((value) => value.totalTokens),
    },
    toolCalls: usage((value) => value.toolCalls),
    toolErrors: sum(stages, (report) => report.toolCalls.errors),
    modelCalls: usage((value) => value.modelCalls),
    steps: usage((value) => value.steps),
    retries: usage((value) => value.retries),
    downgrades: sum(stages, (report) => report.downgrades.length),
    latency: {
      runMs: sum(stages, (report) => report.wallClockMs),
      modelCallP50Ms: latencies.p50,
      modelCallP90Ms: latencies.p90,
    },
    status: last?.report.status ?? null,
    outcome: last?.report.outcome ?? null,
    terminationReason: last?.report.terminationReason ?? null,
    cacheHits: sum(stages, cacheHitsOf),
    stages: stages.length,
    models: [...models].sort(),
    simulated: input.simulated || stages.some((stage) => stage.report.simulated),
    error: input.error,
  };
}
