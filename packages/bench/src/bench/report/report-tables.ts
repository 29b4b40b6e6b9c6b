import type { BenchResults } from "../harness/bench-record.js";
import { markdownTable, percent, seconds, usd, withInterval } from "./markdown-table.js";
import { type PolicySummary, seriesNames, type TaskCell } from "./summarize-results.js";

/**
 * Success, quality and cost per policy, with intervals and the Pareto front marked. The other tables of
 * this file are built the same way, from the same summaries.
 *
 * @example
 * ```ts
 * const markdown = successAndCostTable(summarizeByPolicy(results));
 * ```
 */
export function successAndCostTable(summaries: readonly PolicySummary[]): string {
  return markdownTable({
    header: [
      "Policy",
      "Runs",
      "Success",
      "95% CI (Wilson)",
      "Mean quality",
      "Mean cost",
      "95% CI (bootstrap)",
      "Pareto",
    ],
    numeric: [1, 2, 3, 4, 5, 6],
    rows: summaries.map((summary) => [
      summary.series,
      String(summary.runs),
      `${percent(summary.successRate.estimate)} (${summary.successes}/${summary.runs})`,
      withInterval(percent, summary.successRate),
      summary.meanQuality.toFixed(2),
      usd(summary.cost.mean),
      withInterval(usd, summary.cost),
      summary.onParetoFront ? "yes" : "",
    ]),
  });
}

/** Run latency (mean with interval, p50, p90) and model-call latency per policy. */
export function latencyTable(summaries: readonly PolicySummary[]): string {
  return markdownTable({
    header: [
      "Policy",
      "Mean run latency",
      "95% CI (bootstrap)",
      "Run p50",
      "Run p90",
      "Model call p50",
      "Model call p90",
    ],
    numeric: [1, 2, 3, 4, 5, 6],
    rows: summaries.map((summary) => [
      summary.series,
      seconds(summary.runLatency.mean),
      withInterval(seconds, summary.runLatency),
      seconds(summary.runLatencyP50),
      seconds(summary.runLatencyP90),
      seconds(summary.modelCallP50),
      seconds(summary.modelCallP90),
    ]),
  });
}

/** One row per policy, one column per task: `cell(policy, task)`. */
function byTaskTable(
  results: BenchResults,
  input: { cells: readonly TaskCell[]; show: (cell: TaskCell) => string },
) {
  return markdownTable({
    header: ["Policy", ...results.tasks],
    numeric: results.tasks.map((_, index) => index + 1),
    rows: seriesNames(results).map((series) => [
      series,
      ...results.tasks.map((task) => {
        const cell = input.cells.find((candidate) => candidate.series === series && candidate.task === task);
        return cell === undefined || cell.runs === 0 ? "" : input.show(cell);
      }),
    ]),
  });
}

/** Mean cost per run for each policy and task. */
export function costByTaskTable(results: BenchResults, cells: readonly TaskCell[]): string {
  return byTaskTable(results, { cells, show: (cell) => usd(cell.meanCostUsd) });
}

/** Successes out of runs for each policy and task. */
export function successByTaskTable(results: BenchResults, cells: readonly TaskCell[]): string {
  return byTaskTable(results, { cells, show: (cell) => `${cell.successes}/${cell.runs}` });
}

/** Mean steps, tool calls, tool errors, retries and downgrades per run, and cache hits in total. */
export function countersTable(summaries: readonly PolicySummary[]): string {
  return markdownTable({
    header: [
      "Policy",
      "Steps",
      "Tool calls",
      "Tool errors",
      "Retries",
      "Downgrades",
      "Cache hits",
      "Harness errors",
    ],
    numeric: [1, 2, 3, 4, 5, 6, 7],
    rows: summaries.map((summary) => [
      summary.series,
      summary.mean.steps.toFixed(1),
      summary.mean.toolCalls.toFixed(1),
      summary.mean.toolErrors.toFixed(1),
      summary.mean.retries.toFixed(1),
      summary.mean.downgrades.toFixed(1),
      String(summary.cacheHits),
      String(summary.errors),
    ]),
  });
}

/** How runs ended, per policy: a column per termination reason seen. */
export function terminationTable(summaries: readonly PolicySummary[]): string {
  const reasons = [...new Set(summaries.flatMap((summary) => Object.keys(summary.terminations)))].sort();
  return markdownTable({
    header: ["Policy", ...reasons],
    numeric: reasons.map((_, index) => index + 1),
    rows: summaries.map((summary) => [
      summary.series,
      ...reasons.map((reason) => String(summary.terminations[reason] ?? 0)),
    ]),
  });
}
