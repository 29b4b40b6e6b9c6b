import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { cleanUpScriptedRuns, scriptedSetup, warmUpScriptedRuns } from "../support/scripted-run.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

describe("per-step limits", () => {
  it("routing respects a per-step dollar limit instead of breaching it", async () => {
    const { runtime, backend, workspace } = await scriptedSetup([{ text: "plan" }, { text: "done" }]);
    // The scripted premium model's worst case is far above $0.003; standard fits.
    const result = await startRun(runtime, { goal: "g", workspace, limits: { step: { usd: 0.003 } } });
    expect(result.status).toBe("completed");
    expect(backend.calls[0]?.model).toBe("scripted-standard");
  });

  it("a per-step wall-clock breach fails the step, not the run", async () => {
    const { runtime, backend, workspace } = await scriptedSetup([
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
});
