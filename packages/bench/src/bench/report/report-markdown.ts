import type { BenchResults } from "../harness/bench-record.js";
import { allPolicies } from "../policies/index.js";
import type { ReportChart } from "./chart-specs.js";
import { markdownTable } from "./markdown-table.js";
import {
  costByTaskTable,
  countersTable,
  latencyTable,
  successAndCostTable,
  successByTaskTable,
  terminationTable,
} from "./report-tables.js";
import type { PolicySummary, TaskCell } from "./summarize-results.js";

/**
 * The line every table and chart of simulated results carries; null for real models.
 *
 * @example
 * ```ts
 * simulatedNote(results); // "Simulated models: these numbers come from AgentOne's simulated models (...)"
 * ```
 */
export function simulatedNote(results: BenchResults): string | null {
  if (!results.simulated) return null;
  const how =
    results.backend === "wire"
      ? "served over HTTP (OpenAI protocol) by an in-process sim-server"
      : "called in process";
  return (
    `Simulated models: these numbers come from AgentOne's simulated models (${how}), not from real LLM ` +
    "calls. Costs are their usage at published prices; latencies are simulated time."
  );
}

function section(input: { title: string; note: string | null; body: readonly string[] }): string {
  return [
    `## ${input.title}`,
    "",
    ...(input.note === null ? [] : [`_${input.note}_`, ""]),
    ...input.body,
  ].join("\n");
}

function chartLine(charts: readonly ReportChart[], file: string): string[] {
  const chart = charts.find((candidate) => candidate.file === file);
  return chart === undefined ? [] : ["", `![${chart.title}](${chart.file})`];
}

function policiesTable(results: BenchResults): string {
  const catalogue = allPolicies();
  return markdownTable({
    header: ["Policy", "Group", "What it does"],
    rows: results.policies.map((name) => {
      const policy = catalogue.find((candidate) => candidate.name === name);
      return [name, policy?.group ?? "", policy?.description ?? ""];
    }),
  });
}

function skippedAndErrors(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const skip of results.skipped)
    lines.push(`- skipped ${skip.task} · ${skip.policy} · seed ${skip.seed}: ${skip.reason}`);
  for (const run of results.runs.filter((candidate) => candidate.error !== null))
    lines.push(`- harness error in ${run.task} · ${run.policy} · seed ${run.seed}: ${run.error}`);
  return lines.length === 0 ? ["None."] : lines;
}

const method = [
  "- Success: every essential check of the task's grader passed (graders check files, test runs and service " +
    "state, never the answer's claims). Quality: the weighted share of passed checks.",
  "- Success rates carry 95% Wilson score intervals. Mean cost and mean run latency carry 95% percentile-" +
    "bootstrap intervals (2,000 resamples from a generator seeded with the policy's name, so the same results " +
    "give the same intervals).",
  "- Pareto front: the policies no other policy beats on mean cost without losing on success rate, or on " +
    "success rate without costing more.",
  "- Percentiles are nearest-rank. Model-call p50 and p90 are the medians over runs of each run's percentiles.",
  "- A cascade's cost, tokens, calls and latency are the sums over the runs it made.",
];

/**
 * The benchmark report in Markdown: the command that produced it, what was compared, then tables (and the
 * charts next to it) for success and cost with the Pareto front, latency, cost and success per task,
 * counters, termination reasons, skipped runs and harness errors, and the method. When the models were
 * simulated, the top and every section say so.
 *
 * @example
 * ```ts
 * const markdown = renderReportMarkdown({ results, command: "agentone bench --quick", summaries, cells, charts });
 * ```
 */
export function renderReportMarkdown(input: {
  results: BenchResults;
  command: string;
  summaries: readonly PolicySummary[];
  cells: readonly TaskCell[];
  charts: readonly ReportChart[];
}): string {
  const { results, summaries, cells, charts } = input;
  const note = simulatedNote(results);
  const header = [
    "# AgentOne benchmark report",
    "",
    `Produced by: \`${input.command}\``,
    "",
    ...(note === null ? [] : [`**${note}**`, ""]),
    `Backend: ${results.backend}. Tasks: ${results.tasks.join(", ")}. Seeds: ${results.seeds.join(", ")}. ` +
      `Runs: ${results.runs.length}.`,
  ].join("\n");
  const sections = [
    section({ title: "Policies", note: null, body: [policiesTable(results)] }),
    section({
      title: "Success and cost",
      note,
      body: [successAndCostTable(summaries), ...chartLine(charts, "success-vs-cost.svg")],
    }),
    section({
      title: "Latency",
      note,
      body: [latencyTable(summaries), ...chartLine(charts, "latency-by-policy.svg")],
    }),
    section({
      title: "Cost by policy and task (mean per run)",
      note,
      body: [costByTaskTable(results, cells), ...chartLine(charts, "cost-by-task.svg")],
    }),
    section({ title: "Success by policy and task", note, body: [successByTaskTable(results, cells)] }),
    section({
      title: "Steps, tools, retries and downgrades (mean per run)",
      note,
      body: [countersTable(summaries)],
    }),
    section({ title: "How runs ended", note, body: [terminationTable(summaries)] }),
    section({ title: "Skipped runs and harness errors", note: null, body: skippedAndErrors(results) }),
    section({ title: "Method", note: null, body: method }),
  ];
  return `${[header, ...sections].join("\n\n")}\n`;
}
