import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { BenchResults } from "../harness/bench-record.js";
import { reportCharts } from "./chart-specs.js";
import { renderSvg } from "./render-svg.js";
import { renderReportMarkdown } from "./report-markdown.js";
import { summarizeByPolicy, summarizeByTask } from "./summarize-results.js";

/**
 * Writes `report.md` and its charts (SVG, rendered headless with Vega-Lite) into `directory`, which must
 * exist. Returns the files written.
 *
 * @example
 * ```ts
 * await writeBenchReport({ directory: "bench-results", results, command: "agentone bench --quick" });
 * ```
 */
export async function writeBenchReport(input: {
  directory: string;
  results: BenchResults;
  command: string;
}): Promise<string[]> {
  const { results, directory } = input;
  const summaries = summarizeByPolicy(results);
  const cells = summarizeByTask(results);
  const charts = results.runs.length === 0 ? [] : reportCharts({ results, summaries, cells });
  const written: string[] = [];
  for (const chart of charts) {
    const file = path.join(directory, chart.file);
    await writeFile(file, await renderSvg(chart.spec));
    written.push(file);
  }
  const report = path.join(directory, "report.md");
  await writeFile(
    report,
    renderReportMarkdown({ results, command: input.command, summaries, cells, charts }),
  );
  written.push(report);
  return written;
}
