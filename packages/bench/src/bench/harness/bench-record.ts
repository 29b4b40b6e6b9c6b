import { z } from "zod";

/**
 * One benchmark run (or one cascade: its stages added up) as `results.json` stores it. Every field is a
 * pure function of the task, policy, seed and models, so two benches with the same seeds write the same
 * bytes on simulated models; real elapsed time lives in `meta.json` instead.
 */
export const benchRecordSchema = z
  .object({
    task: z.string(),
    policy: z.string(),
    seed: z.number().int().nonnegative(),
    /** 1, or 2 for the warm pass of a two-pass (caching) policy. */
    pass: z.number().int().positive(),
    /** Every essential check of the task's grader passed. */
    success: z.boolean(),
    /** The grader's weighted share of passed checks, 0 to 1. */
    quality: z.number().min(0).max(1),
    /** The essential and optional checks that failed, by name. */
    failedChecks: z.array(z.string()),
    costUsd: z.number().nonnegative(),
    /** The dollar limit the (last) run had. */
    budgetUsd: z.number().nonnegative().nullable(),
    tokens: z
      .object({
        input: z.number().int().nonnegative(),
        cachedInput: z.number().int().nonnegative(),
        cacheWrite: z.number().int().nonnegative(),
        output: z.number().int().nonnegative(),
        reasoning: z.number().int().nonnegative(),
        total: z.number().int().nonnegative(),
      })
      .strict(),
    toolCalls: z.number().int().nonnegative(),
    toolErrors: z.number().int().nonnegative(),
    modelCalls: z.number().int().nonnegative(),
    steps: z.number().int().nonnegative(),
    retries: z.number().int().nonnegative(),
    downgrades: z.number().int().nonnegative(),
    latency: z
      .object({
        /** The run's active wall-clock time (simulated time on the virtual clock), milliseconds. */
        runMs: z.number().nonnegative(),
        /** Nearest-rank percentiles over every model call of the run (0 when it made none). */
        modelCallP50Ms: z.number().nonnegative(),
        modelCallP90Ms: z.number().nonnegative(),
      })
      .strict(),
    status: z.string().nullable(),
    outcome: z.string().nullable(),
    terminationReason: z.string().nullable(),
    /** Turns answered from the model cache or by a reused plan, as the run's report counts them. */
    cacheHits: z.number().int().nonnegative(),
    /** Runs the policy made: 1, 2 when a cascade escalated, 0 when the task could not even be prepared. */
    stages: z.number().int().nonnegative(),
    /** The models that served calls, sorted. */
    models: z.array(z.string()),
    /** True when any model call was served by the simulator. */
    simulated: z.boolean(),
    /** A failure of the harness (not of the agent): the run, its grading or its clean-up did not complete. */
    error: z.string().nullable(),
  })
  .strict();

export type BenchRecord = z.infer<typeof benchRecordSchema>;

/** A policy that did not run for a task, and why (a missing tier, no reference cost). */
export const skippedRunSchema = z
  .object({ task: z.string(), policy: z.string(), seed: z.number().int(), reason: z.string() })
  .strict();

export type SkippedRun = z.infer<typeof skippedRunSchema>;

/** `results.json`: what was compared, then one record per run, sorted by task, policy, seed and pass. */
export const benchResultsSchema = z
  .object({
    resultsVersion: z.literal(1),
    /** `sim`, `wire`, or the real model ids. */
    backend: z.string(),
    simulated: z.boolean(),
    tasks: z.array(z.string()),
    policies: z.array(z.string()),
    seeds: z.array(z.number().int().nonnegative()),
    runs: z.array(benchRecordSchema),
    skipped: z.array(skippedRunSchema),
  })
  .strict();

export type BenchResults = z.infer<typeof benchResultsSchema>;
