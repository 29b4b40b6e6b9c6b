import { describe, expect, it } from "vitest";
import { sampleRecord, sampleResults } from "../../../test/bench/support/sample-record.js";
import { reportCharts } from "./chart-specs.js";
import { renderReportMarkdown } from "./report-markdown.js";
import { summarizeByPolicy, summarizeByTask } from "./summarize-results.js";

function render(results: ReturnType<typeof sampleResults>) {
  const summaries = summarizeByPolicy(results);
  const cells = summarizeByTask(results);
  const charts = reportCharts({ results, summaries, cells });
  return {
    markdown: renderReportMarkdown({ results, command: "agentone bench --quick", summaries, cells, charts }),
    charts,
  };
}

const runs = [
  sampleRecord({ policy: "cheap-only", costUsd: 0.004 }),
  sampleRecord({ policy: "agentone", costUsd: 0.09, success: false, quality: 0.5 }),
];

describe("renderReportMarkdown", () => {
  it("states the command and says under every table and chart that the models were simulated", () => {
    const { markdown, charts } = render(sampleResults(runs));
    expect(markdown).toContain("Produced by: `agentone bench --quick`");
    const sections = markdown.split("\n## ").slice(1);
    const withTables = sections.filter(
      (section) => section.includes("| ---") && !section.startsWith("Policies"),
    );
    expect(withTables.length).toBeGreaterThanOrEqual(6);
    for (const section of withTables) expect(section).toContain("_Simulated models:");
    for (const chart of charts) {
      expect(chart.title).toContain("(simulated models)");
      expect(markdown).toContain(`(${chart.file})`);
    }
  });

  it("says nothing about simulation for real models", () => {
    const { markdown, charts } = render(sampleResults(runs, { simulated: false, backend: "openai/gpt-4.1" }));
    expect(markdown).not.toContain("Simulated models");
    for (const chart of charts) expect(chart.title).not.toContain("simulated");
  });

  it("names the transport when the simulated models were served over HTTP", () => {
    expect(render(sampleResults(runs, { backend: "wire" })).markdown).toContain("in-process sim-server");
  });

  it("lists skipped runs and harness errors", () => {
    const { markdown } = render(
      sampleResults(
        [...runs, sampleRecord({ policy: "cheap-only", seed: 2, success: false, error: "boom" })],
        {
          skipped: [{ task: "triage-ci", policy: "local-only", seed: 1, reason: "no local model" }],
        },
      ),
    );
    expect(markdown).toContain("- skipped triage-ci · local-only · seed 1: no local model");
    expect(markdown).toContain("- harness error in triage-ci · cheap-only · seed 2: boom");
  });

  it("marks the Pareto front in the success and cost table", () => {
    const { markdown } = render(sampleResults(runs));
    const row = markdown.split("\n").find((line) => line.startsWith("| cheap-only | 1 |"));
    expect(row).toMatch(/\| yes \|$/);
  });
});
