import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendRegistry } from "../../src/backends/backend-registry.js";
import { ModelCatalog } from "../../src/backends/model-catalog.js";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { createRuntime } from "../../src/engine/runtime.js";
import { openStore } from "../../src/store/open-store.js";
import { ScriptedBackend, type ScriptedReply, scriptedModels } from "../../src/testing/scripted-backend.js";
import { cliHarness } from "../support/cli-harness.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cli: Awaited<ReturnType<typeof cliHarness>>;
let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
beforeAll(async () => {
  cli = await cliHarness();
  workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
});
afterAll(async () => {
  await cli.cleanup();
  await workspace.cleanup();
});

/**
 * Starts a run in the CLI's store with a scripted model whose second turn makes `calls`, so it stops
 * waiting for approval. Three steps, best-effort: once the calls are decided the CLI's (simulated) model
 * writes the final answer, with no tools.
 */
async function waitingRun(calls: ScriptedReply["toolCalls"], options: { startedAgoMs?: number } = {}) {
  const store = await openStore({ home: cli.home });
  try {
    const clock = new VirtualClock({ start: Date.now() - (options.startedAgoMs ?? 0) });
    const tokenCounter = await loadTokenCounter();
    const backend = new ScriptedBackend({ clock, steps: [{ text: "1. look" }, { toolCalls: calls ?? [] }] });
    const runtime = createRuntime({
      store,
      tokenCounter,
      clock,
      backends: new BackendRegistry({ catalog: new ModelCatalog(scriptedModels()), backends: [backend] }),
    });
    const result = await startRun(runtime, {
      goal: "Look around",
      workspace: workspace.root,
      limits: { steps: 3 },
      onExhaust: ["best-effort"],
      // Each run must get its own scripted turns, not an earlier run's answer to the same prompt.
      cache: { models: false },
    });
    expect(result.status).toBe("awaiting_approval");
    return result.runId;
  } finally {
    await store.close();
  }
}

const ls = { name: "run_command", arguments: { command: ["ls"] } };
const cat = { name: "run_command", arguments: { command: ["cat", "notes.txt"] } };

async function eventsOf(runId: string): Promise<RunEvent[]> {
  const output = (await cli.run("events", runId, "--json")).stdout;
  return output
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RunEvent);
}

const toolResults = async (runId: string) =>
  (await eventsOf(runId)).flatMap((event) => (event.type === "tool-result" ? [event] : []));

// Every test starts a run and opens the embedded store several times, which is slow on a busy machine.
describe("agentone approve and deny", { timeout: 120_000 }, () => {
  it("approve without CALL decides the only waiting call; the run runs it and goes on", async () => {
    const runId = await waitingRun([ls]);
    const approved = await cli.run("approve", runId.slice(0, 12));
    expect(approved.code).toBe(3);
    expect(approved.stdout).toContain(`Run ${runId}: completed (partial), answered_at_step_limit`);
    const [result] = await toolResults(runId);
    expect(result).toMatchObject({ tool: "run_command", isError: false, metadata: { exitCode: 0 } });
    expect(result?.output).toContain("notes.txt");
  });

  it("deny records the reason, which the model reads as the call's result", async () => {
    const runId = await waitingRun([ls]);
    const denied = await cli.run("deny", runId, "call_2_1", "--reason", "not on a Friday", "--json");
    expect(denied.code).toBe(3);
    expect(JSON.parse(denied.stdout)).toMatchObject({ status: "completed", outcome: "partial" });
    expect(await toolResults(runId)).toEqual([
      expect.objectContaining({
        isError: true,
        errorReason: "denied",
        output: "Error: the call was denied by a human: not on a Friday. It was not executed.",
      }),
    ]);
  });

  it("with several calls waiting: CALL or --all is needed; a partial decision keeps the run waiting", async () => {
    const runId = await waitingRun([ls, cat]);
    const ambiguous = await cli.run("approve", runId);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(
      "waits for 2 tool calls (call_2_1, call_2_2); name one, or pass --all",
    );
    const both = await cli.run("approve", runId, "call_2_1", "--all");
    expect(both.code).toBe(2);
    const unknown = await cli.run("approve", runId, "call_7_7");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("has no tool call 'call_7_7' waiting for approval");
    const partial = await cli.run("approve", runId, "call_2_2", "--json");
    expect(partial.code).toBe(3);
    expect(JSON.parse(partial.stdout)).toMatchObject({
      runId,
      status: "awaiting_approval",
      pendingApprovals: [{ callId: "call_2_1", tool: "run_command" }],
    });
    expect(partial.stderr).toContain("The run waits for approval of 1 tool call:");
    expect(partial.stderr).toMatch(/call_2_1 {2}run_command \{"command":\["ls"\]\}/);
    expect(await toolResults(runId)).toEqual([]);
    const rest = await cli.run("deny", runId, "--all");
    expect(rest.code).toBe(3);
    expect((await toolResults(runId)).map((event) => event.errorReason ?? "ok")).toEqual(["denied", "ok"]);
    const again = await cli.run("approve", runId);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not waiting for approval \(it is completed\)/);
  });

  it("resume refuses a run waiting for approval; kill ends it, and nothing runs afterwards", async () => {
    const runId = await waitingRun([ls]);
    const resumed = await cli.run("resume", runId, "--add-usd", "1");
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`waits for approval of call_2_1 (run_command); decide with`);
    const killed = await cli.run("kill", runId);
    expect(killed.code).toBe(0);
    expect(killed.stdout).toContain(`Run ${runId} killed.`);
    const late = await cli.run("approve", runId);
    expect(late.code).toBe(2);
    expect(await toolResults(runId)).toEqual([]);
  });

  it("an approval after the timeout applies the termination policy instead", async () => {
    const runId = await waitingRun([ls], { startedAgoMs: 2 * 24 * 60 * 60 * 1000 });
    const late = await cli.run("approve", runId);
    expect(late.stderr).toContain("had expired; the decision was not recorded");
    expect(late.code).toBe(3);
    expect(late.stdout).toContain("completed (partial), approval_timeout");
    expect(await toolResults(runId)).toEqual([expect.objectContaining({ errorReason: "timeout" })]);
  });

  it("a bad approval rule in agentone.yaml is refused before anything is written", async () => {
    const runId = await waitingRun([ls]);
    const bad = join(cli.directory, "bad.yaml");
    await writeFile(bad, "tools:\n  approvals:\n    rules: [{ tool: run_command, decision: maybe }]\n");
    const refused = await cli.run("approve", runId, "--config", bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/tools\.approvals\.rules\[0\]\.decision/);
    const before = (await eventsOf(runId)).length;
    expect((await cli.run("approve", runId)).code).toBe(3);
    expect((await eventsOf(runId)).length).toBeGreaterThan(before);
  });
});
