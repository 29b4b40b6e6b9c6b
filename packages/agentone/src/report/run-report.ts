import type { BudgetLimits } from "../core/budget-limits.js";
import type { RunOutcome, RunStatus } from "../core/run-status.js";
import type { CacheReport } from "./cache-report.js";
import type { Distribution } from "./percentiles.js";
import type { ProvenanceReport } from "./provenance-report.js";

/**
 * The per-run report, derived from the event log alone. Field names are a public contract (the CLI's
 * `--json` output); add fields, do not rename them.
 */
export interface RunReport {
  reportVersion: 1;
  runId: string;
  goal: string;
  workspace: string;
  status: RunStatus;
  outcome: RunOutcome | null;
  partial: boolean;
  terminationReason: string | null;
  answer: string | null;
  /** True when any model call was served by the simulator: the numbers describe a simulation. */
  simulated: boolean;
  startedAt: string;
  endedAt: string;
  /** Active wall-clock time (excluding waits for a human), milliseconds. */
  wallClockMs: number;
  limits: BudgetLimits;
  usage: {
    usd: number;
    inputTokens: number;
    cachedInputTokens: number;
    cacheWriteTokens: number;
    outputTokens: number;
    reasoningTokens: number;
    totalTokens: number;
    toolCalls: number;
    modelCalls: number;
    steps: number;
    retries: number;
  };
  /**
   * Every model call the budget counted, by model, costed from its settlement: failed attempts too (a cut
   * stream is billed for its input). The rows sum to `usage`; so do the `costByStepKind` rows.
   */
  costByModel: {
    model: string;
    backend: string;
    modelVersions: string[];
    calls: number;
    inputTokens: number;
    cachedInputTokens: number;
    outputTokens: number;
    usd: number;
    /** Calls whose server reported no usage, so it was counted with the token counter (absent: none). */
    estimatedUsageCalls?: number;
  }[];
  costByStepKind: { kind: string; steps: number; modelCalls: number; usd: number; totalTokens: number }[];
  toolCalls: { total: number; errors: number; byTool: { tool: string; calls: number; errors: number }[] };
  /**
   * Every failed attempt and what followed it: a wait and a retry on the same model, or a fallback to
   * another (`fallbackTo`). `total` counts retries and fallbacks, as the `retries` budget does.
   */
  retries: {
    total: number;
    paths: {
      step: number;
      attempt: number;
      model: string;
      error: string;
      waitMs: number;
      fallbackTo: string | null;
      reason: string | null;
      /** What the failed attempt was charged: an answer cut after the server accepted the request. */
      chargedUsd?: number;
    }[];
  };
  /** Steps that ran on a weaker tier than their kind prefers, and why. */
  downgrades: {
    step: number;
    kind: string;
    preferredModel: string;
    preferredTier: string;
    model: string;
    tier: string;
    reason: string;
  }[];
  /** Steps with a latency SLA: how each went, and downgrades that kept a step inside its SLA. */
  sla: {
    steps: number;
    met: number;
    missed: number;
    violationsPrevented: number;
    outcomes: {
      step: number;
      kind: string;
      targetMs: number;
      predictedMs: number;
      actualMs: number;
      met: boolean;
    }[];
  };
  /** Circuit breaker changes the run saw. */
  circuits: { backend: string; from: string; to: string; at: string }[];
  latency: {
    modelCalls: Distribution;
    modelCallsByStepKind: Record<string, Distribution>;
    steps: Distribution;
    stepsByKind: Record<string, Distribution>;
  };
  decisions: {
    step: number;
    kind: string;
    model: string;
    tier: string;
    reason: string;
    explanation: string;
    maxOutputTokens: number;
  }[];
  /**
   * Turns answered from the response cache or by a reused plan (not counted as model calls above), what
   * they saved, and the providers' prompt-cache reads and writes.
   */
  cache: CacheReport;
  /** Models (versions, backends, base URLs), tools, cache hits with their sources, parent and fork origin. */
  provenance: ProvenanceReport;
  budgetWarnings: { dimension: string; fractionUsed: number }[];
  budgetExceeded: { dimension: string; scope: string; spent: number; limit: number }[];
  /**
   * Model calls whose reported usage contradicted their request (output above the requested maximum,
   * input far above the estimate). The spend is counted above all the same.
   */
  usageAnomalies: { step: number; model: string; kind: string; reported: number; allowed: number }[];
  artifacts: { changedFiles: string[]; diff: string };
}
