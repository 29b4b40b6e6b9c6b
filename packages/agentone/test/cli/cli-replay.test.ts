import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../src/report/run-report.js";
import { cliHarness } from "../support/cli-harness.js";

type Cli = Awaited<ReturnType<typeof cliHarness>>;
const example = ["--workspace", "examples/ci-failure", "--seed", "1", "--json"];
const reportOf = (stdout: string) => JSON.parse(stdout) as RunReport;

let cli: Cli;
let uncached: Cli;
beforeAll(async () => {
  cli = await cliHarness();
  uncached = await cliHarness({ AGENTONE_CACHE: "off" });
});
afterAll(async () => {
  await cli.cleanup();
  await uncached.cleanup();
});

// Whole simulated runs on a shared machine: generous time, no timing assertions.
describe("agentone run, twice (simulated models)", { timeout: 120_000 }, () => {
  let first: RunReport;
  let second: RunReport;
  beforeAll(async () => {
    first = reportOf((await cli.run("run", ...example)).stdout);
    second = reportOf((await cli.run("run", ...example)).stdout);
  }, 180_000);

  it("the second run is cheaper and faster, and its report says why", () => {
    expect(second.answer).toBe(first.answer);
    expect(first.usage.usd).toBeGreaterThan(0);
    expect(second.usage.usd).toBeLessThan(first.usage.usd);
    expect(second.wallClockMs).toBeLessThan(first.wallClockMs);
    expect(second.cache.planReuses).toBe(1);
    expect(second.cache.modelHits).toBeGreaterThan(0);
    expect(second.cache.savedUsd).toBeCloseTo(first.usage.usd - second.usage.usd, 9);
    expect(second.cache.hits.every((hit) => hit.sourceRunId === first.runId)).toBe(true);
  });

  it("both runs replay exactly, the cached one too", async () => {
    for (const run of [first, second]) {
      const result = await cli.run("replay", run.runId, "--verify");
      expect(result.code, result.stderr).toBe(0);
    }
  });

  it("with AGENTONE_CACHE=off the second run costs the same and nothing is served", async () => {
    const one = reportOf((await uncached.run("run", ...example)).stdout);
    const two = reportOf((await uncached.run("run", ...example)).stdout);
    expect(two.usage.usd).toBe(one.usage.usd);
    expect(two.usage.modelCalls).toBe(one.usage.modelCalls);
    expect(two.cache).toMatchObject({
      modelHits: 0,
      planReuses: 0,
      misses: 0,
      bypassed: two.usage.modelCalls,
    });
  });

  it("show --provenance lists the models, tools and where cached answers came from", async () => {
    const text = await cli.run("show", second.runId, "--provenance");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /sim-premium\s+simulated\s+sim-premium-2026-11\s+\(in process\)\s+0\s+1\s+yes/,
    );
    expect(text.stdout).toContain(`step 1: plan reused, from ${first.runId} step 1`);
    const json = JSON.parse((await cli.run("show", second.runId, "--provenance", "--json")).stdout);
    expect(json).toMatchObject({ runId: second.runId, forkedFrom: null, seed: 1 });
    expect(json.tools.map((tool: { tool: string }) => tool.tool)).toContain("read_file");
  });
});

// Whole simulated runs on a shared machine: generous time, no timing assertions.
describe("agentone replay and fork", { timeout: 120_000 }, () => {
  let runId: string;
  beforeAll(async () => {
    runId = reportOf(
      (await cli.run("run", "--workspace", "examples/docs-question", "--seed", "2", "--json")).stdout,
    ).runId;
  }, 120_000);

  it("replay --verify reproduces the run from its log and exits 0", async () => {
    const result = await cli.run("replay", runId, "--verify");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\d+ model calls and \d+ tool calls answered from the recording/);
    expect(result.stdout).toContain("The replay matches the recording");
    const json = JSON.parse((await cli.run("replay", runId.slice(0, 14), "--json")).stdout);
    expect(json).toMatchObject({ runId, matches: true, divergence: null, reportDifference: null });
    expect(json.served.modelCalls).toBeGreaterThan(0);
  });

  it("a deliberate change of model makes replay --verify name the divergence and exit 1", async () => {
    const result = await cli.run("replay", runId, "--verify", "--model", "sim-cheap");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /agentone: replay of run_\w+ diverged: event \d+ \(step-start\): decision.model was "sim-premium" in the recording, "sim-cheap" in the replay/,
    );
    // Without --verify the divergence is reported, and is not a failure.
    expect((await cli.run("replay", runId, "--quality", "fast")).code).toBe(0);
  });

  it("fork continues from a step on another model, inheriting what came before", async () => {
    const result = await cli.run("fork", runId, "--from-step", "2", "--model", "sim-cheap", "--json");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/forked from run_\w+ at step 2: \d+ events inherited, not executed again/);
    const report = reportOf(result.stdout);
    expect(report.provenance).toMatchObject({ parentRunId: runId, forkedFrom: { runId, step: 2 } });
    expect(report.decisions.slice(1).every((decision) => decision.model === "sim-cheap")).toBe(true);
    expect((await cli.run("replay", report.runId, "--verify")).code).toBe(0);
    const shown = await cli.run("show", report.runId, "--provenance");
    expect(shown.stdout).toContain(`Forked from ${runId} at step 2`);
  });

  it("refuses what cannot be replayed or forked, with exit 2 and nothing written", async () => {
    const before = (await cli.run("runs", "--json")).stdout;
    const tooFar = await cli.run("fork", runId, "--from-step", "99");
    expect(tooFar.code).toBe(2);
    expect(tooFar.stderr).toMatch(/--from-step must be a step of run run_\w+: 1 to \d+, not 99/);
    expect((await cli.run("fork", runId)).code).toBe(2);
    expect((await cli.run("fork", runId, "--from-step", "2", "--model", "nope")).code).toBe(2);
    expect((await cli.run("replay", "run_doesnotexist")).code).toBe(2);
    expect((await cli.run("replay", runId, "--model", "nope")).code).toBe(2);
    expect((await cli.run("runs", "--json")).stdout).toBe(before);
    const fresh = await cliHarness();
    try {
      expect((await fresh.run("replay", "run_x")).stderr).toContain("no run 'run_x'");
    } finally {
      await fresh.cleanup();
    }
  });
});
