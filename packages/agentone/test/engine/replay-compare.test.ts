import { afterEach, describe, expect, it } from "vitest";
import type { ModelBackend, ModelRequest } from "../../src/backends/model-backend.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import { MemoryKillSwitch } from "../../src/engine/kill-switch/kill-switch.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { compareEvent, describeDivergence } from "../../src/engine/replay/compare-events.js";
import { firstDifference } from "../../src/engine/replay/deep-difference.js";
import { Recording } from "../../src/engine/replay/recording.js";
import { replayRun } from "../../src/engine/replay/replay-run.js";
import { ReplayStore } from "../../src/engine/replay/replay-store.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { withStreamFromGenerate } from "../../src/testing/with-stream-from-generate.js";
import { buildLog, runStart } from "../support/event-builder.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

describe("comparing a replay with its recording", () => {
  it("finds the first difference depth first, skipping ignored paths", () => {
    expect(firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] })).toEqual({
      path: "b[1]",
      recorded: 2,
      replayed: 3,
    });
    expect(firstDifference({ a: { x: 1 } }, { a: { x: 1, y: undefined } })).toBeNull();
    expect(firstDifference([1], [1, 2])).toEqual({ path: "[1]", recorded: undefined, replayed: 2 });
    expect(
      firstDifference({ at: "t1", n: 1 }, { at: "t2", n: 1 }, { ignore: (path) => path === "at" }),
    ).toBeNull();
  });

  it("sets times, durations and made-up ids aside, but not what the model or a tool said", () => {
    const [recorded] = buildLog("run_a", [
      {
        type: "tool-result",
        step: 2,
        callId: "c1",
        tool: "read_file",
        output: "1: x",
        isError: false,
        durationMs: 12,
      },
    ]);
    const [replayed] = buildLog(
      "run_b",
      [
        {
          type: "tool-result",
          step: 2,
          callId: "c1",
          tool: "read_file",
          output: "1: x",
          isError: false,
          durationMs: 0,
        },
      ],
      { start: 5 },
    );
    expect(compareEvent({ recorded, replayed, index: 0 })).toBeNull();
    const [other] = buildLog("run_b", [
      {
        type: "tool-result",
        step: 2,
        callId: "c2",
        tool: "read_file",
        output: "1: x",
        isError: false,
        durationMs: 0,
      },
    ]);
    expect(compareEvent({ recorded, replayed: other, index: 4 })).toEqual({
      index: 4,
      type: "tool-result",
      field: "callId",
      recorded: "c1",
      replayed: "c2",
    });
    const divergence = compareEvent({ recorded, replayed: undefined, index: 9 });
    expect(divergence && describeDivergence(divergence)).toBe(
      'event 9 (tool-result): type was "tool-result" in the recording, null in the replay',
    );
  });

  it("refuses a recording that does not begin with run-start", () => {
    const events = buildLog("run_a", [runStart()]).slice(1);
    expect(() => new Recording(events)).toThrow(expect.objectContaining({ code: "USAGE_ERROR" }));
  });

  it("keeps replays in memory, in order, and refuses gaps", async () => {
    const store = new ReplayStore();
    const [start, transition] = buildLog("run_r", [
      runStart(),
      { type: "run-transition", from: "created", to: "planning", reason: "plan step" },
    ]);
    const record = {
      id: "run_r",
      goal: "g",
      workspace: "/w",
      status: "created" as const,
      outcome: null,
      terminationReason: null,
      parentRunId: null,
      costNanoUsd: 0,
      createdAt: start?.at ?? "",
      updatedAt: start?.at ?? "",
    };
    await store.createRun(record, [start as RunEvent]);
    await expect(store.createRun(record, [])).rejects.toMatchObject({ code: "STORE_ERROR" });
    await expect(
      store.appendEvents("run_r", [{ ...(transition as RunEvent), seq: 5 }]),
    ).rejects.toMatchObject({
      code: "STORE_ERROR",
    });
    await store.appendEvents("run_r", [transition as RunEvent], { status: "planning" });
    expect((await store.readEvents("run_r")).map((event) => event.type)).toEqual([
      "run-start",
      "run-transition",
    ]);
    expect(await store.getRun("run_r")).toMatchObject({ status: "planning" });
    await expect(store.readEvents("run_x")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

// Whole simulated runs on a shared machine: generous time, no timing assertions.
describe("replaying kills", { timeout: 120_000 }, () => {
  async function scriptedRuntime(
    steps: ConstructorParameters<typeof ScriptedBackend>[0]["steps"],
    killSwitch: MemoryKillSwitch,
  ) {
    const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
    cleanups.push(workspace.cleanup);
    const clock = new VirtualClock();
    const backend = new ScriptedBackend({ steps, clock });
    const runtime = await createTestRuntime({ backend, clock, killSwitch });
    cleanups.push(() => runtime.store.close());
    return { runtime, workspace: workspace.root };
  }

  it("a run killed between steps is killed at the same point in the replay", async () => {
    const killSwitch = new MemoryKillSwitch();
    const { runtime, workspace } = await scriptedRuntime(
      [{ text: "plan" }, { toolCalls: [{ name: "list_files", arguments: {} }] }, { text: "never asked" }],
      killSwitch,
    );
    const killer = {
      ...runtime,
      onEvent: (event: RunEvent) => {
        runtime.onEvent(event);
        if (event.type === "step-end" && event.step === 2) void killSwitch.trigger({ runId: event.runId });
      },
    };
    const result = await startRun(killer, { goal: "g", workspace });
    expect(result.terminationReason).toBe("killed:run");
    const events = await runtime.store.readEvents(result.runId);
    const replay = await replayRun({ events, base: runtime });
    expect(replay.divergence).toBeNull();
    expect(replay.result).toMatchObject({ status: "killed", terminationReason: "killed:run" });
  });

  it("a model call killed in flight is killed again in the replay", async () => {
    const killSwitch = new MemoryKillSwitch();
    let runId = "";
    const hanging = (request: ModelRequest) =>
      new Promise<never>((_, reject) => {
        request.signal?.addEventListener("abort", () => reject(request.signal?.reason), { once: true });
        void killSwitch.trigger({ runId });
      });
    const { runtime, workspace } = await scriptedRuntime([{ text: "plan" }], killSwitch);
    const base = runtime.backends.resolve("scripted-standard").backend as ModelBackend;
    const backend: ModelBackend = withStreamFromGenerate({
      name: base.name,
      generate: (request: ModelRequest) =>
        request.tools.length > 0 ? hanging(request) : base.generate(request),
    });
    const { BackendRegistry } = await import("../../src/backends/backend-registry.js");
    const live = {
      ...runtime,
      backends: new BackendRegistry({ catalog: runtime.backends.catalog, backends: [backend] }),
    };
    const result = await startRun(
      {
        ...live,
        onEvent: (event) => {
          if (event.type === "run-start") runId = event.runId;
        },
      },
      { goal: "g", workspace },
    );
    expect(result.terminationReason).toBe("killed:run");
    const events = await runtime.store.readEvents(result.runId);
    expect(events.some((event) => event.type === "model-call-error")).toBe(false);
    const replay = await replayRun({ events, base: runtime });
    expect(replay.divergence).toBeNull();
    expect(replay.events).toHaveLength(events.length);
  });
});
