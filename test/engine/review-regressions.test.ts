import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import { ModelCallError, UsageError } from "../../src/core/errors/index.js";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { resumeRun } from "../../src/engine/resume-run.js";
import { startRun } from "../../src/engine/start-run.js";
import type { Store } from "../../src/store/store.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { createTestStore } from "../../src/testing/test-store.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function setup(steps: ScriptedStep[], options: { store?: Store } = {}) {
  const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const runtime = await createTestRuntime({
    backend,
    clock,
    ...(options.store ? { store: options.store } : {}),
  });
  cleanups.push(() => runtime.store.close());
  return { runtime, backend, workspace: workspace.root };
}

describe("fixes from review", () => {
  it("a failed commit is written again with the next one, so the log has no gap", async () => {
    const store = await createTestStore();
    let failures = 1;
    const flaky: Store = {
      ...store,
      createRun: (run, events) => store.createRun(run, events),
      appendEvents: async (runId, events, update) => {
        if (events.some((event) => event.type === "step-start") && failures-- > 0)
          throw new Error("disk full");
        return store.appendEvents(runId, events, update);
      },
      readEvents: (runId) => store.readEvents(runId),
      close: () => store.close(),
    };
    const { runtime, workspace } = await setup([{ text: "plan" }], { store: flaky });
    await expect(startRun(runtime, { goal: "g", workspace })).rejects.toMatchObject({
      code: "INTERNAL_ERROR",
    });
    const events = await store.readEvents("run_0001");
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    expect(foldRunState(events)).toMatchObject({
      status: "failed",
      terminationReason: "internal_error:INTERNAL_ERROR",
    });
  });

  it("ask-human works when a limit is hit before the first step", async () => {
    const { runtime, backend, workspace } = await setup([]);
    const result = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { modelCalls: 0 },
      onExhaust: ["ask-human"],
    });
    expect(result).toMatchObject({
      status: "awaiting_input",
      terminationReason: "budget_exhausted:modelCalls",
    });
    expect(backend.calls).toHaveLength(0);
  });

  it("resume refuses, writing nothing, when it would stop again for the same reason; with that budget added it goes on", async () => {
    const { runtime, backend, workspace } = await setup([{ text: "plan" }, { text: "the answer" }]);
    const waiting = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { steps: 1 },
      onExhaust: ["ask-human"],
    });
    expect(waiting.status).toBe("awaiting_input");
    const before = await runtime.store.readEvents(waiting.runId);
    await expect(resumeRun(runtime, waiting.runId, { add: { usd: 1 } })).rejects.toThrow(UsageError);
    await expect(resumeRun(runtime, waiting.runId, {})).rejects.toThrow(
      /steps budget ran out; resume it with --add-steps/,
    );
    expect(await runtime.store.readEvents(waiting.runId)).toHaveLength(before.length);
    const resumed = await resumeRun(runtime, waiting.runId, { add: { steps: 5 } });
    expect(resumed).toMatchObject({ status: "completed", outcome: "complete", answer: "the answer" });
    backend.assertConsumed();
  });

  it("resume after repeated failed steps starts counting failures afresh", async () => {
    const { runtime, workspace } = await setup([
      { text: "plan" },
      { text: "" },
      { text: "" },
      { text: "" },
      { text: "done" },
    ]);
    const waiting = await startRun(runtime, { goal: "g", workspace, onExhaust: ["ask-human"] });
    // Three empty answers in a row are three failed steps.
    expect(foldRunState(await runtime.store.readEvents(waiting.runId)).terminationReason).toBeNull();
    expect(waiting).toMatchObject({ status: "awaiting_input" });
    const resumed = await resumeRun(runtime, waiting.runId, { input: "Answer now." });
    expect(resumed).toMatchObject({ status: "completed", answer: "done" });
  });

  it("a retry that would pass the deadline is not counted: ledger and log agree", async () => {
    const rateLimited = {
      error: new ModelCallError("rate_limit", "429", { status: 429, retryAfterMs: 25_000 }),
    };
    const { runtime, workspace } = await setup([{ text: "plan" }, rateLimited, rateLimited, rateLimited]);
    const result = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { retries: 1, step: { wallClockMs: 20_000 } },
      onExhaust: ["best-effort"],
      // Pinned, so no fallback takes the place of the retry this test is about.
      model: "scripted-standard",
    });
    const state = foldRunState(await runtime.store.readEvents(result.runId));
    expect(state.usage.retries).toBe(0);
    expect(result.terminationReason).toBe("step_failures");
  });

  it("routing respects a per-step dollar limit instead of breaching it", async () => {
    const { runtime, backend, workspace } = await setup([{ text: "plan" }, { text: "done" }]);
    // The scripted premium model's worst case is far above $0.003; standard fits.
    const result = await startRun(runtime, { goal: "g", workspace, limits: { step: { usd: 0.003 } } });
    expect(result.status).toBe("completed");
    expect(backend.calls[0]?.model).toBe("scripted-standard");
  });

  it("a per-step wall-clock breach fails the step, not the run", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "plan" },
      { text: "slow", latencyMs: 90_000 },
      { text: "revised plan" },
      { text: "quick answer" },
    ]);
    const result = await startRun(runtime, {
      goal: "g",
      workspace,
      limits: { step: { wallClockMs: 60_000 } },
    });
    expect(result).toMatchObject({ status: "completed", outcome: "complete", answer: "quick answer" });
    // After the failed step the loop replanned, then acted again.
    backend.assertConsumed();
    const events = await runtime.store.readEvents(result.runId);
    expect(events.find((event) => event.type === "budget-exceeded")).toMatchObject({
      dimension: "wallClockMs",
      scope: "step",
    });
  });

  it("a stream cut midway is billed for its input, never recorded at $0", async () => {
    const cut = { error: new ModelCallError("cut_stream", "the stream ended before its end") };
    const { runtime, workspace } = await setup([{ text: "plan" }, cut, { text: "done" }]);
    const result = await startRun(runtime, { goal: "g", workspace });
    expect(result.status).toBe("completed");
    const events = await runtime.store.readEvents(result.runId);
    const errorIndex = events.findIndex((event) => event.type === "model-call-error");
    const settle = events
      .slice(0, errorIndex)
      .reverse()
      .find((event) => event.type === "budget-settle");
    expect(settle).toMatchObject({ actual: { modelCalls: 1 } });
    if (settle?.type !== "budget-settle") throw new Error("no settlement before the error");
    expect(settle.actual.inputTokens ?? 0).toBeGreaterThan(0);
    expect(settle.actual.nanoUsd ?? 0).toBeGreaterThan(0);
  });

  it("an attempt that hangs times out and is retried within the step", async () => {
    const { runtime, workspace } = await setup([
      { text: "plan" },
      { text: "never", latencyMs: 3_600_000 },
      { text: "done" },
    ]);
    const result = await startRun(runtime, { goal: "g", workspace, limits: { wallClockMs: 4 * 3_600_000 } });
    expect(result).toMatchObject({ status: "completed", answer: "done" });
    const events = await runtime.store.readEvents(result.runId);
    expect(events.find((event) => event.type === "model-call-error")).toMatchObject({
      failure: "timeout",
      retryable: true,
    });
    expect(foldRunState(events).usage.retries).toBe(1);
  });
});
