import { describe, expect, it } from "vitest";
import { sampleRecord, sampleResults } from "../../../test/bench/support/sample-record.js";
import { reportCharts } from "./chart-specs.js";
import { renderSvg } from "./render-svg.js";
import { summarizeByPolicy, summarizeByTask } from "./summarize-results.js";

describe("renderSvg", () => {
  it("renders each report chart headless, the same bytes every time", async () => {
    const results = sampleResults([
      sampleRecord({ policy: "cheap-only", costUsd: 0.004 }),
      sampleRecord({ policy: "agentone", costUsd: 0.09, task: "fix-failing-test" }),
      sampleRecord({ policy: "agentone", costUsd: 0.07, seed: 2 }),
    ]);
    const charts = reportCharts({
      results,
      summaries: summarizeByPolicy(results),
      cells: summarizeByTask(results),
    });
    expect(charts.map((chart) => chart.file)).toEqual([
      "success-vs-cost.svg",
      "latency-by-policy.svg",
      "cost-by-task.svg",
    ]);
    for (const chart of charts) {
      const svg = await renderSvg(chart.spec);
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).toContain("(simulated models)");
      expect(svg).toContain("agentone");
      expect(await renderSvg(chart.spec)).toBe(svg);
    }
  }, 60_000);
});
