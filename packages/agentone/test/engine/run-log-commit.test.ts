import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import type { Store } from "../../src/store/store.js";
import { createTestStore } from "../../src/testing/test-store.js";
import { cleanUpScriptedRuns, scriptedSetup, warmUpScriptedRuns } from "../support/scripted-run.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

describe("committing the run's events", () => {
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
    const { runtime, workspace } = await scriptedSetup([{ text: "plan" }], { store: flaky });
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
});
