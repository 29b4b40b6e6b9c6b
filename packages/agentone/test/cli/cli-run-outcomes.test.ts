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

// Each test runs the CLI end to end (twice for the resumes): slow on a busy machine.
describe("how a run stopped by a limit ends, on the CLI", { timeout: 180_000 }, () => {
  it("ask-human at the step limit waits for input (exit 3) instead of passing the forced answer as complete", async () => {
    const waiting = await cli.run(
      "run",
      "--workspace",
      "examples/ci-failure",
      "--max-steps",
      "3",
      "--on-exhaust",
      "ask-human",
    );
    expect(waiting.code).toBe(3);
    const runId = runIdOf(waiting.stdout);
    expect(waiting.stdout).toContain(`Run ${runId}: awaiting_input, budget_exhausted:steps`);
    expect(waiting.stdout).toContain(`The run waits for you: agentone resume ${runId} --add-steps <n>`);
    const resumed = await cli.run("resume", runId, "--add-steps", "20", "--json");
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: "completed", outcome: "complete" });
  });

  it("under best-effort the answer forced by the step limit is partial, answered_at_step_limit (exit 3)", async () => {
    const result = await cli.run(
      "run",
      "--workspace",
      "examples/ci-failure",
      "--max-steps",
      "3",
      "--on-exhaust",
      "best-effort",
      "--json",
    );
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout) as RunReport).toMatchObject({
      status: "completed",
      outcome: "partial",
      terminationReason: "answered_at_step_limit",
    });
  });

  it("the resume hint names the budget that ran out, and resume accepts that flag", async () => {
    const waiting = await cli.run(
      "run",
      "--workspace",
      "examples/ci-failure",
      "--max-tool-calls",
      "1",
      "--on-exhaust",
      "ask-human",
    );
    expect(waiting.code).toBe(3);
    const runId = runIdOf(waiting.stdout);
    expect(waiting.stdout).toContain(`Run ${runId}: awaiting_input, budget_exhausted:toolCalls`);
    expect(waiting.stdout).not.toContain("awaiting_input, awaiting_input");
    expect(waiting.stdout).toContain(
      `The run waits for you: agentone resume ${runId} --add-tool-calls <n> [--input "<instruction>"]`,
    );
    const resumed = await cli.run("resume", runId, "--add-tool-calls", "10", "--json");
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: "completed" });
  });
});
