import { execFile, spawnSync } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot } from "../support/cli-harness.js";
import { type SimulatedServer, startSimulatedServer } from "./simulated-server.js";

const run = promisify(execFile);
const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const pythonMissing = python.error !== undefined || python.status !== 0;
if (pythonMissing) console.warn("skipping the Python client example: python3 is not installed");

/**
 * The "done when": a Python program using only its standard library creates a run, follows its
 * events live, approves each waiting call, and reads the report and the cost, against a real server on
 * the simulated models.
 */
describe.skipIf(pythonMissing)("examples/python/agentone_client.py", { timeout: 120_000 }, () => {
  let target: SimulatedServer;

  beforeAll(async () => {
    target = await startSimulatedServer();
  });

  afterAll(async () => {
    await target?.close();
  });

  it("creates the fix-and-commit run, approves its three calls while following events, reads report and cost", async () => {
    const { stdout } = await run(
      "python3",
      // -B: no __pycache__ written into the repository.
      ["-B", join(repositoryRoot, "examples/python/agentone_client.py"), target.workspace],
      {
        env: {
          ...process.env,
          AGENTONE_URL: target.url,
          AGENTONE_API_KEY: target.apiKey,
          PYTHONDONTWRITEBYTECODE: "1",
        },
      },
    );
    const runId = /^created run (\S+)$/m.exec(stdout)?.[1] ?? "";
    expect(runId).not.toBe("");
    const approved = [...stdout.matchAll(/^ {2}approved (\w+) /gm)].map((match) => match[1]);
    expect(approved).toEqual(["run_command", "run_command", "git_commit"]);
    expect(stdout).toContain(`run ${runId}: completed, 3 approvals`);
    expect(stdout).toMatch(/\] run-end: completed \(complete\), answered$/m);

    // What the script printed is what the server holds.
    const headers = { authorization: `Bearer ${target.apiKey}` };
    const cost = (await (await fetch(`${target.url}/v1/runs/${runId}/cost`, { headers })).json()) as {
      totalUsd: number;
      steps: unknown[];
    };
    expect(cost.totalUsd).toBeGreaterThan(0);
    expect(stdout).toContain(`cost: $${cost.totalUsd.toFixed(6)} over ${cost.steps.length} model calls`);
    const events = (await (await fetch(`${target.url}/v1/runs/${runId}/events`, { headers })).json()) as {
      events: { seq: number; type: string }[];
    };
    const printedSeqs = [...stdout.matchAll(/^ {2}\[(\d+)\] approval-request:/gm)].map((match) =>
      Number(match[1]),
    );
    expect(printedSeqs).toEqual(
      events.events.filter((event) => event.type === "approval-request").map((event) => event.seq),
    );
    const { stdout: log } = await run("git", ["log", "--format=%s"], { cwd: target.workspace });
    expect(log.trim().split("\n")).toEqual([
      "Fix pageNumbers: the loop stopped one short",
      "Initial version",
    ]);
  });
});
