import type { BenchResults } from "../harness/bench-record.js";
import { type PolicySummary, seriesNames, seriesOf, type TaskCell } from "./summarize-results.js";

/** A Vega-Lite specification, as plain JSON. */
export type VegaLiteSpec = Record<string, unknown>;

/** A chart of the report: its file name, its alt text, and its specification. */
export interface ReportChart {
  file: string;
  title: string;
  spec: VegaLiteSpec;
}

const schema = "https://vega.github.io/schema/vega-lite/v5.json";

/** The title suffix every chart of simulated results carries. */
function titled(title: string, simulated: boolean): string {
  return simulated ? `${title} (simulated models)` : title;
}

function successVersusCost(summaries: readonly PolicySummary[], simulated: boolean): ReportChart {
  const points = summaries
    .filter((summary) => summary.runs > 0)
    .map((summary) => ({
      policy: summary.series,
      cost: summary.cost.mean,
      success: summary.successRate.estimate,
      low: summary.successRate.low,
      high: summary.successRate.high,
      front: summary.onParetoFront ? "Pareto front" : "dominated",
    }));
  const front = points
    .filter((point) => point.front === "Pareto front")
    .sort((left, right) => left.cost - right.cost);
  const title = titled("Success rate vs mean cost per run", simulated);
  const x = { field: "cost", type: "quantitative", title: "mean cost per run (USD)", scale: { zero: true } };
  const y = { field: "success", type: "quantitative", title: "success rate", scale: { domain: [0, 1] } };
  return {
    file: "success-vs-cost.svg",
    title,
    spec: {
      $schema: schema,
      title,
      width: 560,
      height: 360,
      layer: [
        {
          data: { values: points },
          mark: { type: "rule", opacity: 0.5 },
          encoding: { x, y: { ...y, field: "low" }, y2: { field: "high" } },
        },
        {
          data: { values: front },
          mark: { type: "line", strokeDash: [4, 3], color: "#888" },
          encoding: { x, y, order: { field: "cost" } },
        },
        {
          data: { values: points },
          mark: { type: "point", filled: true, size: 80 },
          encoding: {
            x,
            y,
            color: { field: "front", type: "nominal", title: null },
            shape: { field: "front", type: "nominal", title: null },
          },
        },
        {
          data: { values: points },
          mark: { type: "text", align: "left", dx: 7, dy: -7, fontSize: 10 },
          encoding: { x, y, text: { field: "policy" } },
        },
      ],
    },
  };
}

function latencyByPolicy(results: BenchResults): ReportChart {
  const values = results.runs.map((run) => ({ policy: seriesOf(run), seconds: run.latency.runMs / 1000 }));
  const title = titled("Run latency per policy", results.simulated);
  return {
    file: "latency-by-policy.svg",
    title,
    spec: {
      $schema: schema,
      title,
      width: 560,
      data: { values },
      mark: { type: "boxplot", extent: "min-max" },
      encoding: {
        y: { field: "policy", type: "nominal", sort: seriesNames(results), title: null },
        x: {
          field: "seconds",
          type: "quantitative",
          title: results.simulated ? "run latency (s, simulated time)" : "run latency (s)",
        },
      },
    },
  };
}

function costByTask(cells: readonly TaskCell[], results: BenchResults): ReportChart {
  const values = cells
    .filter((cell) => cell.runs > 0)
    .map((cell) => ({ policy: cell.series, task: cell.task, cost: cell.meanCostUsd }));
  const title = titled("Mean cost per run, by task", results.simulated);
  return {
    file: "cost-by-task.svg",
    title,
    spec: {
      $schema: schema,
      title,
      width: 560,
      data: { values },
      mark: "bar",
      encoding: {
        y: { field: "policy", type: "nominal", sort: seriesNames(results), title: null },
        x: { field: "cost", type: "quantitative", title: "sum over tasks of the mean cost per run (USD)" },
        color: { field: "task", type: "nominal", sort: results.tasks },
      },
    },
  };
}

/**
 * The report's charts as Vega-Lite specifications: success rate (with Wilson intervals) against mean cost
 * with the Pareto front joined, run latency per policy as box plots, and mean cost per policy split by task.
 * Titles say when the numbers come from simulated models.
 *
 * @example
 * ```ts
 * const charts = reportCharts({ results, summaries: summarizeByPolicy(results), cells: summarizeByTask(results) });
 * charts.map((chart) => chart.file); // ["success-vs-cost.svg", "latency-by-policy.svg", "cost-by-task.svg"]
 * ```
 */
export function reportCharts(input: {
  results: BenchResults;
  summaries: readonly PolicySummary[];
  cells: readonly TaskCell[];
}): ReportChart[] {
  return [
    successVersusCost(input.summaries, input.results.simulated),
    latencyByPolicy(input.results),
    costByTask(input.cells, input.results),
  ];
}
