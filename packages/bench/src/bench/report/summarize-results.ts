import type { BenchRecord, BenchResults } from "../harness/bench-record.js";
import { bootstrapMeanInterval, type MeanInterval } from "./bootstrap-interval.js";
import { paretoFront } from "./pareto-front.js";
import { type ProportionInterval, wilsonInterval } from "./wilson-interval.js";

/** What one policy (or one pass of a two-pass policy) came to over every task and seed. */
export interface PolicySummary {
  /** The policy's name; a later pass is `<policy> (pass 2)`. */
  series: string;
  runs: number;
  successes: number;
  /** Runs the harness could not finish (counted as failures). */
  errors: number;
  successRate: ProportionInterval;
  meanQuality: number;
  /** Mean cost per run, USD, with a 95% bootstrap interval. */
  cost: MeanInterval;
  /** Mean run latency, milliseconds, with a 95% bootstrap interval. */
  runLatency: MeanInterval;
  /** Nearest-rank percentiles of run latency. */
  runLatencyP50: number;
  runLatencyP90: number;
  /** Medians over runs of each run's model-call percentiles. */
  modelCallP50: number;
  modelCallP90: number;
  mean: { toolCalls: number; toolErrors: number; retries: number; downgrades: number; steps: number };
  cacheHits: number;
  terminations: Record<string, number>;
  onParetoFront: boolean;
}

/**
 * The name a record is summarized under: its policy, with the pass when it is not the first.
 *
 * @example
 * ```ts
 * seriesOf({ policy: "cache-on", pass: 2 }); // "cache-on (pass 2)"
 * ```
 */
export function seriesOf(record: Pick<BenchRecord, "policy" | "pass">): string {
  return record.pass > 1 ? `${record.policy} (pass ${record.pass})` : record.policy;
}

const average = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

function nearestRank(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  if (sorted.length === 0) return 0;
  return sorted[Math.max(1, Math.ceil(fraction * sorted.length)) - 1] ?? 0;
}

function summarizeSeries(
  series: string,
  records: readonly BenchRecord[],
): Omit<PolicySummary, "onParetoFront"> {
  const successes = records.filter((record) => record.success).length;
  const latencies = records.map((record) => record.latency.runMs);
  const empty: MeanInterval = { mean: 0, low: 0, high: 0 };
  const terminations: Record<string, number> = {};
  for (const record of records) {
    const reason = record.error !== null ? "harness_error" : (record.terminationReason ?? "none");
    terminations[reason] = (terminations[reason] ?? 0) + 1;
  }
  const meanOf = (pick: (record: BenchRecord) => number) => average(records.map(pick));
  return {
    series,
    runs: records.length,
    successes,
    errors: records.filter((record) => record.error !== null).length,
    successRate: wilsonInterval({ successes, trials: records.length }),
    meanQuality: meanOf((record) => record.quality),
    // Seeded by the series name: the same results always give the same intervals.
    cost:
      bootstrapMeanInterval({ values: records.map((record) => record.costUsd), seed: `cost:${series}` }) ??
      empty,
    runLatency: bootstrapMeanInterval({ values: latencies, seed: `latency:${series}` }) ?? empty,
    runLatencyP50: nearestRank(latencies, 0.5),
    runLatencyP90: nearestRank(latencies, 0.9),
    modelCallP50: nearestRank(
      records.map((record) => record.latency.modelCallP50Ms),
      0.5,
    ),
    modelCallP90: nearestRank(
      records.map((record) => record.latency.modelCallP90Ms),
      0.5,
    ),
    mean: {
      toolCalls: meanOf((record) => record.toolCalls),
      toolErrors: meanOf((record) => record.toolErrors),
      retries: meanOf((record) => record.retries),
      downgrades: meanOf((record) => record.downgrades),
      steps: meanOf((record) => record.steps),
    },
    cacheHits: records.reduce((sum, record) => sum + record.cacheHits, 0),
    terminations,
  };
}

/**
 * The series in the order the results name their policies, each later pass after its first.
 *
 * @example
 * ```ts
 * seriesNames(results); // ["cache-off", "cache-on", "cache-on (pass 2)"]
 * ```
 */
export function seriesNames(results: BenchResults): string[] {
  const names: string[] = [];
  for (const policy of results.policies) {
    const passes = [...new Set(results.runs.filter((run) => run.policy === policy).map((run) => run.pass))];
    for (const pass of passes.sort((left, right) => left - right)) names.push(seriesOf({ policy, pass }));
  }
  return names;
}

/**
 * Per policy: success rate with a Wilson interval, mean quality, mean cost and run latency with bootstrap
 * intervals, latency percentiles, mean counters, termination reasons, and whether it is on the Pareto front
 * of mean cost against success rate.
 *
 * @example
 * ```ts
 * const summaries = summarizeByPolicy(results);
 * summaries.filter((summary) => summary.onParetoFront).map((summary) => summary.series);
 * ```
 */
export function summarizeByPolicy(results: BenchResults): PolicySummary[] {
  const summaries = seriesNames(results).map((series) =>
    summarizeSeries(
      series,
      results.runs.filter((run) => seriesOf(run) === series),
    ),
  );
  const front = new Set(
    paretoFront(
      summaries
        .filter((summary) => summary.runs > 0)
        .map((summary) => ({
          name: summary.series,
          cost: summary.cost.mean,
          success: summary.successRate.estimate,
        })),
    ),
  );
  return summaries.map((summary) => ({ ...summary, onParetoFront: front.has(summary.series) }));
}

/** One (policy, task) cell: runs, successes and mean cost. */
export interface TaskCell {
  series: string;
  task: string;
  runs: number;
  successes: number;
  meanCostUsd: number;
}

/**
 * Per policy and task: runs, successes and mean cost per run, in the results' order.
 *
 * @example
 * ```ts
 * summarizeByTask(results).find((cell) => cell.task === "triage-ci" && cell.series === "agentone")?.meanCostUsd;
 * ```
 */
export function summarizeByTask(results: BenchResults): TaskCell[] {
  return seriesNames(results).flatMap((series) =>
    results.tasks.map((task) => {
      const records = results.runs.filter((run) => seriesOf(run) === series && run.task === task);
      return {
        series,
        task,
        runs: records.length,
        successes: records.filter((record) => record.success).length,
        meanCostUsd: average(records.map((record) => record.costUsd)),
      };
    }),
  );
}
