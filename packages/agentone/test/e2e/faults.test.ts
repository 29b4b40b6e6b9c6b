import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSimServer, parseFaultSpec } from "@agentone/simulated";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import type { RunReport } from "../../src/report/run-report.js";
import { cliHarness } from "../support/cli-harness.js";
import { expectReportReconciles } from "../support/report-reconciles.js";

// 20% of model requests fail: rate limits, server errors and streams cut midway.
const faults = "429:0.07,500:0.07,cut:0.06";
let server: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  const simServer = createSimServer({
    seed: 7,
    timeScale: 0,
    faults: parseFaultSpec(faults),
    tokenCounter: await loadTokenCounter(),
  });
  server = await simServer.listen(0, "127.0.0.1");
});
afterAll(() => server.close());

/** Every budget dimension the run had a limit on, checked against what the log says it used. */
function expectWithinLimits(report: RunReport): void {
  const { limits, usage } = report;
  const pairs: [number | undefined, number][] = [
    [limits.usd, usage.usd],
    [limits.tokens, usage.totalTokens],
    [limits.steps, usage.steps],
    [limits.toolCalls, usage.toolCalls],
    [limits.modelCalls, usage.modelCalls],
    [limits.retries, usage.retries],
    [limits.wallClockMs, report.wallClockMs],
  ];
  for (const [limit, used] of pairs) if (limit !== undefined) expect(used).toBeLessThanOrEqual(limit);
}

describe("runs through the sim-server with 20% faults injected", () => {
  const reports: RunReport[] = [];

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: the run returns a result, budgets hold exactly, and the report shows the retry paths`, async () => {
      const cli = await cliHarness({ VLLM_BASE_URL: `${server.url}/v1` });
      try {
        const config = join(cli.directory, "agentone.yaml");
        await writeFile(
          config,
          `backends:\n  - name: vllm\n    protocol: openai\n    baseUrl: ${server.url}/v1\n    stream: ${seed % 2 === 0}\n`,
        );
        const result = await cli.run(
          "run",
          "--workspace",
          "examples/ci-failure",
          "--json",
          "--seed",
          String(seed),
          "--budget-usd",
          "0.3",
          "--max-retries",
          "12",
          "--clock",
          "virtual",
          "--config",
          config,
        );
        const report = JSON.parse(result.stdout) as RunReport;
        reports.push(report);
        // A degraded run still returns a result: an answer, or the best-effort / summary output.
        expect(report.status).toBe("completed");
        expect(report.answer ?? "").not.toBe("");
        expectWithinLimits(report);
        // Retries, cut streams and fallbacks: the report's rows still add up to its totals.
        expectReportReconciles(report);
        // Every retry and fallback the run counted appears as a path in the report.
        expect(report.retries.paths.length).toBe(report.usage.retries);
        const events = (await cli.run("events", report.runId, "--json")).stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as RunEvent);
        const failures = events.filter((event) => event.type === "model-call-error").length;
        expect(report.retries.paths.length).toBeLessThanOrEqual(failures);
        for (const path of report.retries.paths) {
          expect(["rate_limit", "server", "cut_stream", "connection", "overloaded"]).toContain(path.error);
          expect(path.fallbackTo !== null || path.waitMs > 0).toBe(true);
        }
      } finally {
        await cli.cleanup();
      }
    }, 60_000);
  }

  it("faults happened and were retried or fallen back from across the runs", () => {
    const paths = reports.flatMap((report) => report.retries.paths);
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths.map((path) => path.error)).size).toBeGreaterThan(1);
  });
});
