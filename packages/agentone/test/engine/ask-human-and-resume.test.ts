import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors/index.js";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { resumeRun } from "../../src/engine/lifecycle/resume-run.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { cleanUpScriptedRuns, scriptedSetup, warmUpScriptedRuns } from "../support/scripted-run.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

describe("waiting for a human, then resuming", () => {
  it("ask-human works when a limit is hit before the first step", async () => {
    const { runtime, backend, workspace } = await scriptedSetup([]);
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
    const { runtime, backend, workspace } = await scriptedSetup([{ text: "plan" }, { text: "the answer" }]);
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
    const { runtime, workspace } = await scriptedSetup([
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
});
