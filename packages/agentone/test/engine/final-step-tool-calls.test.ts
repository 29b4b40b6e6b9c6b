import { readFile } from "node:fs/promises";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { warmUpScriptedRuns } from "../support/scripted-run.js";
import { tempWorkspace } from "../support/temp-workspace.js";

beforeAll(warmUpScriptedRuns);

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

describe("tool calls in the run's final step", () => {
  it("answers tool calls in a final step without running them, and keeps the text as the answer", async () => {
    const workspace = await tempWorkspace({ "notes.txt": "keep me\n" });
    cleanups.push(workspace.cleanup);
    const clock = new VirtualClock();
    const backend = new ScriptedBackend({
      clock,
      steps: [
        { text: "1. answer" },
        { toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }] },
        {
          text: "The notes say keep me.",
          toolCalls: [{ name: "write_file", arguments: { path: "notes.txt", content: "gone\n" } }],
        },
      ],
    });
    const runtime = await createTestRuntime({ backend, clock });
    cleanups.push(() => runtime.store.close());
    const result = await startRun(runtime, {
      goal: "g",
      workspace: workspace.root,
      limits: { usd: 1, steps: 3 },
      onExhaust: ["best-effort"],
    });
    expect(result).toMatchObject({ status: "completed", terminationReason: "answered_at_step_limit" });
    expect(result.answer).toBe("The notes say keep me.");
    expect(await readFile(`${workspace.root}/notes.txt`, "utf8")).toBe("keep me\n");
    const events = await runtime.store.readEvents(result.runId);
    const refused = events.find((event) => event.type === "tool-result" && event.tool === "write_file");
    expect(refused).toMatchObject({ isError: true, errorReason: "denied" });
    // Every executed call records the idempotency key its side effects would carry.
    const call = events.find((event) => event.type === "tool-call" && event.tool === "read_file");
    expect(call).toMatchObject({ idempotencyKey: expect.stringMatching(new RegExp(`^${result.runId}:2:`)) });
  });
});
