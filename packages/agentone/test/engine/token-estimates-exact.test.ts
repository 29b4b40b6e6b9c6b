import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { estimateRequestTokens, loadTokenCounter } from "../../src/backends/token-counter.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import { resumeRun } from "../../src/engine/lifecycle/resume-run.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { forkRun } from "../../src/engine/replay/fork-run.js";
import { toolDefinitions } from "../../src/engine/tool-call/execute-tools.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import type { AnyTool } from "../../src/tools/tool.js";
import { cleanUpScriptedRuns, warmUpScriptedRuns } from "../support/scripted-run.js";
import { tempWorkspace } from "../support/temp-workspace.js";

beforeAll(warmUpScriptedRuns);
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
  await cleanUpScriptedRuns();
});

/** A runtime on a ScriptedBackend offering only `tickTool`, with an empty workspace. */
async function tickSetup(steps: ScriptedStep[]) {
  const workspace = await tempWorkspace({});
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const runtime = await createTestRuntime({
    backend: new ScriptedBackend({ steps, clock }),
    clock,
    tools: [tickTool],
  });
  cleanups.push(() => runtime.store.close());
  return { runtime, workspace: workspace.root };
}

/** A tool whose output differs per turn, so every request is new (no cache hit hides a call). */
const tickTool: AnyTool = {
  name: "tick",
  description: "Records one tick.",
  inputSchema: z.object({ turn: z.number().int() }),
  idempotent: true,
  sideEffect: "none",
  requiresApproval: false,
  execute: async (input) => ({ content: `tick ${(input as { turn: number }).turn} ${"x".repeat(200)}` }),
};

const tick = (turn: number) => ({ toolCalls: [{ name: "tick", arguments: JSON.stringify({ turn }) }] });

/**
 * Every model call the run reserved budget for, with the input tokens it reserved (the engine's memoised
 * estimate) and a fresh count of the request it then sent (the `model-call-start` that follows).
 */
async function reservedAgainstFresh(events: readonly RunEvent[]) {
  const counter = await loadTokenCounter();
  const definitions = toolDefinitions([tickTool]);
  const pairs: { step: number; reserved: number; fresh: number }[] = [];
  let reserved: number | undefined;
  for (const event of events) {
    if (event.type === "budget-reserve" && event.purpose === "model-call")
      reserved = event.amount.inputTokens;
    if (event.type === "model-call-start" && reserved !== undefined) {
      const tools = definitions.filter((tool) => event.request.tools.includes(tool.name));
      const fresh = estimateRequestTokens(counter, { messages: event.request.messages, tools });
      pairs.push({ step: event.step, reserved, fresh });
      reserved = undefined;
    }
  }
  return pairs;
}

describe("token estimates of memoised conversations", () => {
  it("equal a fresh count at every call of a run resumed with an instruction, and of its fork", async () => {
    const { runtime, workspace } = await tickSetup([
      { text: "1. tick\n2. answer" },
      tick(1),
      tick(2),
      // After the resume: the instruction is now part of the conversation.
      tick(3),
      { text: "ticked three times" },
      // The fork from step 2 runs steps 2 and 3 live again, waits at its step limit, and is resumed.
      tick(20),
      tick(30),
      { text: "forked and ticked" },
    ]);
    const waiting = await startRun(runtime, {
      goal: "Tick until told to stop",
      workspace,
      limits: { steps: 3 },
      onExhaust: ["ask-human"],
      // Every call reaches the model, so every call reserves (a cache hit reserves nothing).
      cache: { models: false },
    });
    expect(waiting.status).toBe("awaiting_input");

    const resumed = await resumeRun(runtime, waiting.runId, {
      input: "Tick once more, then answer.",
      add: { steps: 5 },
    });
    expect(resumed.status).toBe("completed");
    const forkWaiting = await forkRun(runtime, { runId: waiting.runId, fromStep: 2 });
    expect(forkWaiting.status).toBe("awaiting_input");
    const fork = await resumeRun(runtime, forkWaiting.runId, { input: "Answer now.", add: { steps: 2 } });
    expect(fork.status).toBe("completed");

    const parent = await reservedAgainstFresh(await runtime.store.readEvents(waiting.runId));
    const forked = await reservedAgainstFresh(await runtime.store.readEvents(fork.runId));
    // The resumed run called the model at steps 1-5 (the instruction arrives before step 4); the fork's log
    // holds step 1 as inherited, then its own calls at 2-4 (its own instruction arrives before step 4).
    expect(parent.map((pair) => pair.step)).toEqual([1, 2, 3, 4, 5]);
    expect(forked.map((pair) => pair.step)).toEqual([1, 2, 3, 4]);
    for (const pair of [...parent, ...forked]) expect(pair.reserved).toBe(pair.fresh);
  });
});
