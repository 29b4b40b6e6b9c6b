import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { EventOf } from "../../src/core/events/run-event.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function setup(steps: ConstructorParameters<typeof ScriptedBackend>[0]["steps"]) {
  const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const runtime = await createTestRuntime({ backend, clock });
  cleanups.push(() => runtime.store.close());
  return { runtime, backend, workspace: workspace.root };
}

const writes = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    name: "write_file",
    arguments: { path: `out-${index}.txt`, content: "x" },
  }));

describe("tool calls per turn", () => {
  it("refuses a turn of hundreds of tool calls before running any, and the run goes on", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "1. write files\n2. answer" },
      { toolCalls: writes(150) },
      { text: "done without the files" },
    ]);
    const result = await startRun(runtime, { goal: "Write the files", workspace });
    backend.assertConsumed();
    expect(result).toMatchObject({ status: "completed", answer: "done without the files" });
    const events = await runtime.store.readEvents(result.runId);
    const results = events.filter((event): event is EventOf<"tool-result"> => event.type === "tool-result");
    expect(results).toHaveLength(150);
    expect(results.every((event) => event.isError && event.errorReason === "denied")).toBe(true);
    expect(results[0]?.output).toContain("asked for 150 tool calls, but at most 128 are allowed");
    // Nothing ran: no file was written and no tool-call budget was spent.
    expect(events.some((event) => event.type === "budget-reserve" && event.purpose === "tool-call")).toBe(
      false,
    );
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(workspace)).toEqual(["notes.txt"]);
    // The model read the refusal before its next turn.
    const toolMessages = (backend.lastCall?.messages ?? []).filter((message) => message.role === "tool");
    expect(toolMessages).toHaveLength(150);
  }, 60_000);

  it("takes the per-turn maximum from the policy", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "1. write files\n2. answer" },
      { toolCalls: writes(3) },
      { toolCalls: writes(2) },
      { text: "wrote two" },
    ]);
    const result = await startRun(runtime, {
      goal: "Write the files",
      workspace,
      policy: { maxToolCallsPerTurn: 2 },
    });
    backend.assertConsumed();
    expect(result.status).toBe("completed");
    const events = await runtime.store.readEvents(result.runId);
    const results = events.filter((event): event is EventOf<"tool-result"> => event.type === "tool-result");
    expect(results.map((event) => event.isError)).toEqual([true, true, true, false, false]);
    const failedStep = events.find(
      (event): event is EventOf<"step-end"> => event.type === "step-end" && event.status === "failed",
    );
    expect(failedStep?.error).toBe("the model asked for 3 tool calls in one turn (at most 2 allowed)");
  });
});
