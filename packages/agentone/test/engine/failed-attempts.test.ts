import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ModelCallError } from "../../src/core/errors/index.js";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { cleanUpScriptedRuns, scriptedSetup, warmUpScriptedRuns } from "../support/scripted-run.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

describe("failed model attempts: counted, billed and retried", () => {
  it("a retry that would pass the deadline is not counted: ledger and log agree", async () => {
    const rateLimited = {
      error: new ModelCallError("rate_limit", "429", { status: 429, retryAfterMs: 25_000 }),
    };
    const { runtime, workspace } = await scriptedSetup([
      { text: "plan" },
      rateLimited,
      rateLimited,
      rateLimited,
    ]);
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

  it("a stream cut midway is billed for its input, never recorded at $0", async () => {
    const cut = { error: new ModelCallError("cut_stream", "the stream ended before its end") };
    const { runtime, workspace } = await scriptedSetup([{ text: "plan" }, cut, { text: "done" }]);
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
    const { runtime, workspace } = await scriptedSetup([
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
