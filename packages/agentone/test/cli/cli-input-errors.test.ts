import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliHarness } from "../support/cli-harness.js";

let cli: Awaited<ReturnType<typeof cliHarness>>;
beforeAll(async () => {
  cli = await cliHarness({}, { emptyHome: true });
});
afterAll(() => cli.cleanup());

describe("bad input: one clear line on stderr, exit 2, nothing written", () => {
  it.each([
    [["run", "goal", "--budget-usd", "abc"], /--budget-usd.*expected a number greater than 0/],
    [["run", "goal", "--max-steps", "-3"], /--max-steps.*whole number/],
    [["run", "goal", "--max-tool-calls", "2.5"], /--max-tool-calls.*whole number/],
    [["run", "goal", "--on-exhaust", "explode"], /--on-exhaust.*explode/],
    [["run", "goal", "--quality", "perfect"], /--quality.*"fast", "balanced", "thorough"/],
    [["run", "goal", "--sla-seconds", "soon"], /--sla-seconds.*whole number/],
    [["run", "goal", "--on-exhaust", "summarize,hard-stop"], /at most one termination policy/],
    [["run", "goal", "--no-such-flag"], /unknown option '--no-such-flag'/],
    [["run", "goal", "--workspace", "does/not/exist"], /workspace 'does\/not\/exist' does not exist/],
    [["run", "goal", "--workspace", "package.json"], /workspace 'package.json' is not a directory/],
    [
      ["run", "goal", "--model", "gpt-nonexistent"],
      /unknown model 'gpt-nonexistent'; known models: sim-premium/,
    ],
    [["run", "--workspace", "docs"], /no goal: pass GOAL, or put a TASK.md in the workspace/],
    [["run", "   ", "--workspace", "docs"], /goal is empty/],
    [["show", "run_doesnotexist"], /no run 'run_doesnotexist'/],
    [["report", "run_doesnotexist", "--json"], /no run 'run_doesnotexist'/],
    [["resume", "run_doesnotexist"], /no run 'run_doesnotexist'/],
    [["kill"], /kill takes a RUN, or --all, or --off/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["run", "--workspace", "no/such/dir"], /workspace 'no\/such\/dir' does not exist/],
    [["run", "goal", "--budget-usd", "NaN"], /--budget-usd.*expected a number greater than 0/],
    [["run", "goal", "--budget-usd", "-1"], /--budget-usd.*expected a number greater than 0/],
    [["run", "goal", "--step-budget-usd", "-0.5"], /--step-budget-usd.*expected a number greater than 0/],
    [["run", "goal", "--step-max-tokens", "NaN"], /--step-max-tokens.*whole number/],
    [["run", "goal", "--max-retries", "-1"], /--max-retries.*whole number/],
    [["run", "goal", "--step-max-retries", "NaN"], /--step-max-retries.*whole number/],
    ...[
      "--budget-usd",
      "--max-tokens",
      "--max-input-tokens",
      "--max-output-tokens",
      "--max-tool-calls",
      "--max-model-calls",
      "--max-steps",
      "--max-seconds",
      "--step-max-tokens",
      "--step-budget-usd",
      "--step-max-seconds",
      "--sla-seconds",
    ].map(
      (flag) => [["run", "goal", flag, "0"], new RegExp(`${flag}.*greater than 0`)] as [string[], RegExp],
    ),
    [["run", "goal", "--budget-usd", "0.00"], /--budget-usd.*greater than 0/],
    [["fork", "run_x", "--from-step", "0"], /--from-step.*greater than 0/],
    [["fork", "run_x", "--from-step", "1", "--budget-usd", "0"], /--budget-usd.*greater than 0/],
  ])("agentone %j", async (argv, message) => {
    const result = await cli.run(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(cli.home)).toBe(false);
  });

  it("lists no runs without creating a store", async () => {
    expect(await cli.run("runs")).toEqual({ code: 0, stdout: "No runs yet.\n", stderr: "" });
    expect(existsSync(cli.home)).toBe(false);
  });

  it("prints help and exits 0", async () => {
    const result = await cli.run("run", "--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--budget-usd <dollars>");
  });

  it.each([
    [
      "mysql://agent@127.0.0.1:3306/runs",
      /DATABASE_URL: .*postgres:\/\/ or postgresql:\/\/ \(got mysql:\/\/\)/,
    ],
    [
      "postgresql://postgres@127.0.0.1:1/test",
      /DATABASE_URL: could not open the PostgreSQL database 127\.0\.0\.1:1\/test/,
    ],
  ])("DATABASE_URL=%s is a configuration error (exit 2)", async (databaseUrl, message) => {
    const withDatabase = await cliHarness({ DATABASE_URL: databaseUrl }, { emptyHome: true });
    try {
      const result = await withDatabase.run("run", "goal", "--workspace", "examples/ci-failure");
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      await withDatabase.cleanup();
    }
  });
});
