import { execFile, spawnSync } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot } from "../support/cli-harness.js";
import { type SimulatedServer, startSimulatedServer } from "./simulated-server.js";

const run = promisify(execFile);
const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const pythonMissing = python.error !== undefined || python.status !== 0;
if (pythonMissing) console.warn("skipping the Python external-run example: python3 is not installed");

const budgetUsd = 0.05;

/**
 * A Python program with its own 20-step loop, governed by AgentOne over HTTP: it asks before each step,
 * settles each reservation with its usage, and is refused before step 20 because its dollar budget is spent,
 * never past it.
 */
describe.skipIf(pythonMissing)("examples/python/external_run.py", { timeout: 120_000 }, () => {
  let target: SimulatedServer;

  beforeAll(async () => {
    target = await startSimulatedServer();
  });

  afterAll(async () => {
    await target?.close();
  });

  it("is refused before step 20, stays within its budget, ends the run and prints the server's cost", async () => {
    // -B: no __pycache__ written into the repository.
    const { stdout } = await run(
      "python3",
      [
        "-B",
        join(repositoryRoot, "examples/python/external_run.py"),
        target.workspace,
        "--steps",
        "20",
        "--usd",
        String(budgetUsd),
      ],
      {
        env: {
          ...process.env,
          AGENTONE_URL: target.url,
          AGENTONE_API_KEY: target.apiKey,
          PYTHONDONTWRITEBYTECODE: "1",
        },
      },
    );
    const runId = /^created external run (\S+) /m.exec(stdout)?.[1] ?? "";
    expect(runId).not.toBe("");
    const allowed = [...stdout.matchAll(/^step (\d+): allowed /gm)].map((match) => Number(match[1]));
    const refused = [...stdout.matchAll(/^step (\d+): refused \(budget_exhausted, limited by usd\)/gm)].map(
      (match) => Number(match[1]),
    );
    expect(refused).toHaveLength(1);
    const refusedAt = refused[0] ?? 0;
    expect(refusedAt).toBeGreaterThan(1);
    expect(refusedAt).toBeLessThan(20);
    // Every step before the refusal was allowed, and none after it was asked.
    expect(allowed).toEqual(Array.from({ length: refusedAt - 1 }, (_, index) => index + 1));

    const headers = { authorization: `Bearer ${target.apiKey}` };
    const cost = (await (await fetch(`${target.url}/v1/runs/${runId}/cost`, { headers })).json()) as {
      totalUsd: number;
      steps: unknown[];
    };
    const printed = /^cost: \$(\S+) of \$(\S+) over (\d+) model calls$/m.exec(stdout);
    expect(printed).not.toBeNull();
    expect(Number(printed?.[1])).toBe(cost.totalUsd);
    expect(Number(printed?.[2])).toBe(budgetUsd);
    expect(Number(printed?.[3])).toBe(cost.steps.length);
    expect(cost.steps).toHaveLength(allowed.length);
    expect(cost.totalUsd).toBeGreaterThan(0);
    expect(cost.totalUsd).toBeLessThanOrEqual(budgetUsd);

    // Ended: a run its budget stopped ends partial whatever the caller finishes it with, and takes no
    // further decision.
    const summary = await (await fetch(`${target.url}/v1/runs/${runId}`, { headers })).json();
    expect(summary).toMatchObject({
      id: runId,
      status: "failed",
      outcome: "partial",
      terminationReason: "budget_exhausted:usd",
    });
    expect(stdout).toContain(
      `run ${runId}: failed (partial, budget_exhausted:usd) after ${allowed.length} steps`,
    );
    const afterEnd = await fetch(`${target.url}/v1/runs/${runId}/decisions`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ stepKind: "act", estimatedInputTokens: 10 }),
    });
    expect(afterEnd.status).toBe(409);
    expect(((await afterEnd.json()) as { code: string }).code).toBe("RUN_NOT_OPEN");
  });
});
