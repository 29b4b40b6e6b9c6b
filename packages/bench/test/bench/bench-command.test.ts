import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, cliHarness } from "../../../agentone/test/support/cli-harness.js";
import { benchResultsSchema } from "../../src/bench/harness/bench-record.js";

let cli: Awaited<ReturnType<typeof cliHarness>>;
beforeAll(async () => {
  cli = await cliHarness();
});
afterAll(() => cli.cleanup());

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe("agentone bench --quick", () => {
  const runs: { out: string; result: CliResult }[] = [];

  beforeAll(async () => {
    for (const name of ["first", "second"]) {
      const out = join(cli.directory, name);
      runs.push({ out, result: await cli.run("bench", "--quick", "--out", out) });
    }
  }, 600_000);

  it("finishes with exit code 0 and a summary per policy", () => {
    for (const { result } of runs) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^cheap-only +success \d\/6, mean cost \$/m);
      expect(result.stdout).toMatch(/^agentone +success \d\/6, mean cost \$/m);
      expect(result.stdout).toContain("12 runs in");
      // Without a terminal, one progress line per run.
      expect(result.stderr.match(/^\[\d+\/12\] /gm)).toHaveLength(12);
    }
  });

  it("writes results.json that matches its schema: every task, two policies, one seed", async () => {
    const text = await readFile(join(runs[0]?.out ?? "", "results.json"), "utf8");
    const results = benchResultsSchema.parse(JSON.parse(text));
    expect(results).toMatchObject({
      backend: "sim",
      simulated: true,
      policies: ["cheap-only", "agentone"],
      seeds: [1],
    });
    expect(results.tasks).toHaveLength(6);
    expect(results.runs).toHaveLength(12);
    expect(results.runs.map((run) => `${run.task}/${run.policy}`)).toEqual(
      results.tasks.flatMap((task) => [`${task}/cheap-only`, `${task}/agentone`]),
    );
    for (const run of results.runs) {
      expect(run.error).toBeNull();
      expect(run.simulated).toBe(true);
      expect(run.modelCalls).toBeGreaterThan(0);
    }
  });

  it("writes the same results.json bytes for the same seeds", async () => {
    const [first, second] = await Promise.all(
      runs.map(({ out }) => readFile(join(out, "results.json"), "utf8")),
    );
    expect(second).toBe(first);
  });

  it("keeps real timings in meta.json, with the command", async () => {
    const meta = JSON.parse(await readFile(join(runs[0]?.out ?? "", "meta.json"), "utf8"));
    expect(meta).toMatchObject({ metaVersion: 1, concurrency: 2 });
    expect(meta.command).toBe(`agentone bench --quick --out ${runs[0]?.out}`);
    expect(meta.durationMs).toBeGreaterThan(0);
    expect(meta.timings).toHaveLength(12);
    expect(meta.timings[0].runIds[0]).toMatch(/^run_[0-9a-z]{14}$/);
  });

  it("writes report.md with the command, the simulation notice and three charts", async () => {
    const out = runs[0]?.out ?? "";
    const report = await readFile(join(out, "report.md"), "utf8");
    expect(report).toContain(`Produced by: \`agentone bench --quick --out ${out}\``);
    expect(report).toContain("Simulated models:");
    for (const chart of ["success-vs-cost.svg", "latency-by-policy.svg", "cost-by-task.svg"]) {
      expect(report).toContain(`(${chart})`);
      expect((await readFile(join(out, chart), "utf8")).startsWith("<svg")).toBe(true);
    }
  });

  it("keeps the runs in a store in the output directory", async () => {
    const out = runs[0]?.out ?? "";
    const runId = JSON.parse(await readFile(join(out, "meta.json"), "utf8")).timings[0].runIds[0];
    let stdout = "";
    const { runCli } = await import("agentone/internal");
    const code = await runCli(["show", runId], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
      env: { AGENTONE_HOME: out },
      cwd: out,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(runId);
  });
});

describe("agentone bench refuses bad input before writing anything", () => {
  it.each([
    { argv: ["--tasks", "triage"], message: /unknown task triage/ },
    { argv: ["--policies", "premium-onyl"], message: /unknown policy premium-onyl/ },
    { argv: ["--ablation", "speed"], message: /unknown ablation speed/ },
    { argv: ["--seeds", "0"], message: /at least 1/ },
    { argv: ["--concurrency", "0"], message: /at least 1/ },
    { argv: ["--concurrency", "two"], message: /whole number/ },
    { argv: ["--backend", "openai/gpt-9"], message: /unknown model 'openai\/gpt-9'/ },
    { argv: ["--backend", "sim-cheap,sim-premium", "--ablation", "faults"], message: /injects faults/ },
  ])("$argv", async ({ argv, message }) => {
    const out = join(cli.directory, "refused");
    const result = await cli.run("bench", ...argv, "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await exists(out)).toBe(false);
  });
});

describe("agentone bench --list", () => {
  it("lists tasks, policies and ablations without running anything", async () => {
    const result = await cli.run("bench", "--list");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("fix-failing-test");
    expect(result.stdout).toMatch(/^ {2}cascade +cheap model first/m);
    expect(result.stdout).toMatch(/^ {2}termination +budget-25-hard-stop/m);
  });
});
