import type { BenchRecord, BenchResults } from "../../../src/bench/harness/bench-record.js";

/** A record with plausible values, overridden where a test cares. */
export function sampleRecord(overrides: Partial<BenchRecord> = {}): BenchRecord {
  return {
    task: "triage-ci",
    policy: "agentone",
    seed: 1,
    pass: 1,
    success: true,
    quality: 1,
    failedChecks: [],
    costUsd: 0.05,
    budgetUsd: 2,
    tokens: { input: 1000, cachedInput: 0, cacheWrite: 0, output: 200, reasoning: 0, total: 1200 },
    toolCalls: 5,
    toolErrors: 0,
    modelCalls: 6,
    steps: 6,
    retries: 0,
    downgrades: 0,
    latency: { runMs: 20_000, modelCallP50Ms: 1500, modelCallP90Ms: 4000 },
    status: "completed",
    outcome: "complete",
    terminationReason: "answered",
    cacheHits: 0,
    stages: 1,
    models: ["sim-premium", "sim-standard"],
    simulated: true,
    error: null,
    ...overrides,
  };
}

/** Results around the given records, naming their tasks, policies and seeds in first-seen order. */
export function sampleResults(runs: BenchRecord[], overrides: Partial<BenchResults> = {}): BenchResults {
  const unique = <T>(values: T[]) => [...new Set(values)];
  return {
    resultsVersion: 1,
    backend: "sim",
    simulated: true,
    tasks: unique(runs.map((run) => run.task)),
    policies: unique(runs.map((run) => run.policy)),
    seeds: unique(runs.map((run) => run.seed)),
    runs,
    skipped: [],
    ...overrides,
  };
}
