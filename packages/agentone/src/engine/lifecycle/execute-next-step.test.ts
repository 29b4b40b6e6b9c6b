import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  cleanUpScriptedRuns,
  scriptedSetup,
  warmUpScriptedRuns,
} from "../../../test/support/scripted-run.js";
import { VirtualClock } from "../../core/clock/index.js";
import { UsageError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import { openStore } from "../../store/open-store.js";
import { ScriptedBackend, type ScriptedStep } from "../../testing/scripted-backend.js";
import { createTestRuntime } from "../../testing/test-runtime.js";
import { continueRun } from "./continue-run.js";
import { createRun } from "./create-run.js";
import { executeNextStep } from "./execute-next-step.js";
import { killRun } from "./kill-run.js";
import { resumeRun } from "./resume-run.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

/** Plan, read a file, answer: three steps, the second with a tool call. */
const script = (): ScriptedStep[] => [
  { text: "1. read notes.txt\n2. answer" },
  { toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }] },
  { text: "notes.txt says alpha" },
];

/** The events a reader compares: without pause transitions, sequence numbers, the workspace and the stepping option. */
function comparable(events: readonly RunEvent[]) {
  return events
    .filter(
      (event) => !(event.type === "run-transition" && (event.to === "paused" || event.from === "paused")),
    )
    .map((event) => {
      const { seq: _seq, ...rest } = event;
      if (rest.type !== "run-start") return rest;
      const { stepping: _stepping, ...options } = rest.options;
      return { ...rest, workspace: "(workspace)", options };
    });
}

describe("executeNextStep", () => {
  it("steps a manual run to the same events and answer as the same run executed automatically", async () => {
    const automatic = await scriptedSetup(script());
    const autoId = await createRun(automatic.runtime, {
      goal: "what do the notes say?",
      workspace: automatic.workspace,
    });
    const autoResult = await continueRun(automatic.runtime, autoId);

    const manual = await scriptedSetup(script());
    const runId = await createRun(manual.runtime, {
      goal: "what do the notes say?",
      workspace: manual.workspace,
      stepping: "manual",
    });
    const kinds: string[] = [];
    const statuses: string[] = [];
    for (let turn = 0; turn < 10; turn++) {
      const { run, step } = await executeNextStep(manual.runtime, runId);
      kinds.push(step?.kind ?? "none");
      statuses.push(run.status);
      if (run.status !== "paused") break;
    }

    expect(kinds).toEqual(["plan", "act", "act"]);
    expect(statuses).toEqual(["paused", "paused", "completed"]);
    expect(autoResult.status).toBe("completed");
    const manualEvents = await manual.runtime.store.readEvents(runId);
    expect(
      manualEvents.filter((event) => event.type === "run-transition" && event.to === "paused"),
    ).toHaveLength(2);
    expect(comparable(manualEvents)).toEqual(comparable(await automatic.runtime.store.readEvents(autoId)));
    const manualRun = await manual.runtime.store.getRun(runId);
    expect(manualRun?.status).toBe("completed");
  });

  it("answers with the step it executed: kind, decision, model calls, tool calls and usage", async () => {
    const { runtime, workspace } = await scriptedSetup(script());
    const runId = await createRun(runtime, { goal: "g", workspace, stepping: "manual" });
    await executeNextStep(runtime, runId);

    const { step, run, events } = await executeNextStep(runtime, runId);

    expect(run.status).toBe("paused");
    expect(step?.step).toBe(2);
    expect(step?.kind).toBe("act");
    expect(step?.status).toBe("ok");
    expect(step?.decision.model).toMatch(/^scripted-/);
    expect(step?.modelCalls).toHaveLength(1);
    expect(step?.modelCalls[0]?.costUsd).toBeGreaterThan(0);
    expect(step?.usage.costUsd).toBe(step?.modelCalls[0]?.costUsd);
    expect(step?.usage.inputTokens).toBeGreaterThan(0);
    expect(step?.toolCalls).toEqual([
      expect.objectContaining({ tool: "read_file", result: expect.objectContaining({ isError: false }) }),
    ]);
    expect(step?.toolCalls[0]?.result?.output).toContain("alpha");
    // The step's events, framed by leaving the pause and pausing again.
    expect(events[0]).toMatchObject({ type: "run-transition", from: "paused", to: "planning" });
    expect(events.at(-1)).toMatchObject({ type: "run-transition", to: "paused", reason: "step_done" });
  });

  it("a killed manual run ends killed, keeps its work, and steps no more", async () => {
    const { runtime, workspace } = await scriptedSetup(script());
    const runId = await createRun(runtime, { goal: "g", workspace, stepping: "manual" });
    await executeNextStep(runtime, runId);

    const killed = await killRun(runtime, runId);

    expect(killed.kind).toBe("ended-here");
    const run = await runtime.store.getRun(runId);
    expect(run?.status).toBe("killed");
    expect(run?.terminationReason).toBe("killed:run");
    const next = executeNextStep(runtime, runId);
    await expect(next).rejects.toThrow(UsageError);
    await expect(next).rejects.toThrow(/has ended \(killed\)/);
  });

  it("a kill switch fired between steps ends the run before its next step", async () => {
    const { runtime, workspace } = await scriptedSetup(script());
    const runId = await createRun(runtime, { goal: "g", workspace, stepping: "manual" });
    await executeNextStep(runtime, runId);
    await runtime.killSwitch.trigger({ runId });

    const { run, step, events } = await executeNextStep(runtime, runId);

    expect(run.status).toBe("killed");
    expect(step).toBeNull();
    expect(events.map((event) => event.type)).toContain("run-kill");
  });

  it("refuses a run that waits for a human or is executing, writing nothing", async () => {
    const { runtime, workspace } = await scriptedSetup([{ text: "plan" }, { text: "answer" }]);
    const runId = await createRun(runtime, {
      goal: "g",
      workspace,
      limits: { steps: 1 },
      onExhaust: ["ask-human"],
    });
    const waiting = await continueRun(runtime, runId);
    expect(waiting.status).toBe("awaiting_input");
    const before = await runtime.store.readEvents(runId);

    await expect(executeNextStep(runtime, runId)).rejects.toThrow(/waits for a human \(awaiting_input\)/);
    expect(await runtime.store.readEvents(runId)).toEqual(before);
  });

  it("resumes a paused run after a process restart: a new runtime on the same store steps it to the end", async () => {
    const home = await mkdtemp(join(tmpdir(), "agentone-stepping-"));
    const { workspace } = await scriptedSetup([]);
    try {
      const [first, second] = [script().slice(0, 1), script().slice(1)];
      const clock = new VirtualClock();
      const storeBefore = await openStore({ home });
      const before = await createTestRuntime({
        backend: new ScriptedBackend({ steps: first, clock }),
        clock,
        store: storeBefore,
      });
      const runId = await createRun(before, { goal: "g", workspace, stepping: "manual" });
      expect((await executeNextStep(before, runId)).run.status).toBe("paused");
      await storeBefore.close();

      const storeAfter = await openStore({ home });
      try {
        const laterClock = new VirtualClock();
        const after = await createTestRuntime({
          backend: new ScriptedBackend({ steps: second, clock: laterClock }),
          clock: laterClock,
          store: storeAfter,
        });
        expect((await storeAfter.getRun(runId))?.status).toBe("paused");
        const act = await executeNextStep(after, runId);
        expect(act.step?.toolCalls.map((call) => call.tool)).toEqual(["read_file"]);
        expect(act.run.status).toBe("paused");
        // A paused run may also be resumed as a whole; a manual one still executes one step.
        const last = await resumeRun(after, runId, { input: "answer now" });
        expect(last.status).toBe("completed");
        expect(last.answer).toBe("notes.txt says alpha");
      } finally {
        await storeAfter.close();
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
