import type { ModelTier, RunTask } from "agentone";

/** Which caches a run uses (`RunTask.cache`); a policy that says nothing reads no earlier run's model answers. */
export interface CacheChoice {
  models?: boolean;
  tools?: boolean;
}

/** The RunTask fields a policy decides; the harness adds goal, workspace and seed. */
export type PolicyRunFields = Pick<
  RunTask,
  "limits" | "onExhaust" | "model" | "budgetPrompt" | "policy" | "quality"
> & { cache?: CacheChoice };

/** What a policy may depend on: the models the bench runs on, and the task's reference cost. */
export interface PolicyContext {
  /** The cheapest model of each tier among the bench's models; absent when no model has that tier. */
  modelForTier: (tier: ModelTier) => string | undefined;
  /** The median premium-only cost of this task over the bench's seeds (USD); null before it is known. */
  referenceUsd: number | null;
}

/** A policy's runs for one (task, seed): one stage, or several for a cascade; or why it cannot run here. */
export type PolicyPlan = { stages: PolicyRunFields[] } | { skip: string };

/**
 * A way of running the benchmark's tasks: a baseline, a routing strategy, or one arm of an ablation.
 *
 * @example
 * ```ts
 * const cheapOnly: BenchPolicy = {
 *   name: "cheap-only", group: "baseline", description: "every step on the cheap tier",
 *   plan: (context) => ({ stages: [{ model: context.modelForTier("cheap") ?? null }] }),
 * };
 * ```
 */
export interface BenchPolicy {
  /** Lower-case, stable: results and reports name the policy by it. */
  name: string;
  /** The comparison it belongs to: `baseline`, `routing`, or the ablation's name. */
  group: string;
  description: string;
  plan(context: PolicyContext): PolicyPlan;
  /**
   * With several stages, whether to run the next one after a stage ended this way. The harness never shows
   * a stage's grade to this decision: a deployed cascade has no grader either.
   */
  escalate?: (stage: { outcome: string | null; terminationReason: string | null }) => boolean;
  /** The dollar budget is this share of the task's premium-only median cost (needs a premium-only pass first). */
  referenceBudgetFraction?: number;
  /** Model-call faults injected, as the sim-server's `--faults` spec (e.g. `429:0.04,500:0.03,cut:0.03`). */
  faults?: string;
  /** Runs each (task, seed) this many times against one store, so a later pass can reuse an earlier one's cache. */
  passes?: 1 | 2;
  /** Only runs on simulated models (fault injection wraps the simulator or the sim-server). */
  simulatedOnly?: boolean;
}
