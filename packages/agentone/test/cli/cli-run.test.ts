import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../src/report/run-report.js";
import { cliHarness } from "../support/cli-harness.js";

let cli: Awaited<ReturnType<typeof cliHarness>>;
beforeAll(async () => {
  // The runs here share one store: caching would make later runs answer from earlier ones.
  cli = await cliHarness({ AGENTONE_CACHE: "off" });
});
afterAll(() => cli.cleanup());

const runIdOf = (output: string) => /run (run_\w+)/.exec(output)?.[1] ?? "";

describe("agentone run on the examples (simulated models)", () => {
  it("triages the CI failure example and prints the report as one JSON document", async () => {
    const result = await cli.run("run", "--workspace", "examples/ci-failure", "--json", "--seed", "1");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report).toMatchObject({
      reportVersion: 1,
      status: "completed",
      outcome: "complete",
      partial: false,
      terminationReason: "answered",
      simulated: true,
    });
    for (const field of [
      "costByModel",
      "costByStepKind",
      "toolCalls",
      "retries",
      "latency",
      "decisions",
      "usage",
      "artifacts",
    ])
      expect(report).toHaveProperty(field);
    expect(report.answer).toContain("[simulated");
    expect(report.answer).toContain("tax is charged on the discounted subtotal");
    expect(report.usage.usd).toBeGreaterThan(0);
    expect(report.usage.usd).toBeLessThanOrEqual(2);
    expect(report.latency.modelCalls.count).toBe(report.usage.modelCalls);
    // Progress went to stderr, one line per step.
    expect(result.stderr).toMatch(/step {2}1 {2}plan +sim-premium/);
  });

  it("answers the documents question with citations, and the run can be inspected afterwards", async () => {
    const result = await cli.run("run", "--workspace", "examples/docs-question", "--seed", "3");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/step {2}\d+ {2}act/);
    expect(result.stdout).toContain("Simulated models");
    expect(result.stdout).toMatch(/\(docs\/[\w-]+\.(md|html):\d+\)/);
    const runId = runIdOf(result.stdout);
    expect((await cli.run("runs")).stdout).toContain(runId);
    expect((await cli.run("show", runId.slice(0, 12))).stdout).toContain("status: completed (complete)");
    const events = (await cli.run("events", runId, "--json")).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { seq: number; type: string });
    expect(events[0]?.type).toBe("run-start");
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    expect(events[events.length - 1]?.type).toBe("run-end");
    const report = JSON.parse((await cli.run("report", runId, "--json")).stdout) as RunReport;
    expect(report.runId).toBe(runId);
  });
});

describe("a budget breach under each termination policy", () => {
  const tight = ["run", "--workspace", "examples/ci-failure", "--max-tool-calls", "1", "--seed", "1"];
  it.each([
    ["summarize", 3, "completed", "partial"],
    ["best-effort", 3, "completed", "partial"],
    ["hard-stop", 1, "failed", "partial"],
  ])("%s exits %i with status %s, outcome %s", async (policy, code, status, outcome) => {
    const result = await cli.run(...tight, "--on-exhaust", policy, "--json");
    expect(result.code).toBe(code);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report).toMatchObject({
      status,
      outcome,
      partial: true,
      terminationReason: "budget_exhausted:toolCalls",
    });
    expect(report.usage.toolCalls).toBeLessThanOrEqual(1);
    if (policy === "summarize") expect(report.answer).toContain("Stopped: budget exhausted:toolCalls");
  });

  it("ask-human waits (exit 3), then resume with more budget finishes the run", async () => {
    const waiting = await cli.run(
      "run",
      "--workspace",
      "examples/ci-failure",
      "--budget-usd",
      "0.01",
      "--on-exhaust",
      "ask-human",
      "--seed",
      "1",
    );
    expect(waiting.code).toBe(3);
    expect(waiting.stdout).toContain("awaiting_input");
    const runId = runIdOf(waiting.stdout);
    expect(waiting.stdout).toContain(`agentone resume ${runId}`);
    const resumed = await cli.run(
      "resume",
      runId,
      "--add-usd",
      "2",
      "--input",
      "Finish the triage.",
      "--json",
    );
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: "completed", outcome: "complete" });
  });

  it("resume refuses, with the flag to use, when the budget that stopped the run gets nothing added", async () => {
    const waiting = await cli.run(
      "run",
      "--workspace",
      "examples/ci-failure",
      "--max-steps",
      "2",
      "--on-exhaust",
      "ask-human",
    );
    expect(waiting.code).toBe(3);
    const runId = runIdOf(waiting.stdout);
    const refused = await cli.run("resume", runId, "--add-usd", "1");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/steps budget ran out; resume it with --add-steps <amount>/);
    const resumed = await cli.run("resume", runId, "--add-steps", "20", "--json");
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: "completed", limits: { steps: 22 } });
  });

  it("a dollar budget is never exceeded", async () => {
    const result = await cli.run(
      "run",
      "--workspace",
      "examples/ci-failure",
      "--budget-usd",
      "0.01",
      "--json",
    );
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.usage.usd).toBeLessThanOrEqual(0.01);
    expect(report.budgetExceeded.length + report.budgetWarnings.length).toBeGreaterThan(0);
  });

  it("the global kill switch stops runs until re-armed", async () => {
    expect((await cli.run("kill", "--all")).code).toBe(0);
    const before = (await cli.run("runs", "--json")).stdout;
    const refused = await cli.run("run", "--workspace", "examples/ci-failure", "--json");
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toMatch(/global kill switch is on/);
    expect((await cli.run("runs", "--json")).stdout).toBe(before);
    expect((await cli.run("kill", "--off")).code).toBe(0);
    expect((await cli.run("run", "--workspace", "examples/ci-failure", "--json")).code).toBe(0);
  });
});
