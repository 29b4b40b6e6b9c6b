import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { journalClaims } from "../../../test/support/claim-journal.js";
import {
  cleanUpScriptedRuns,
  scriptedSetup,
  warmUpScriptedRuns,
} from "../../../test/support/scripted-run.js";
import { UsageError } from "../../core/errors/index.js";
import { resumeRun } from "./resume-run.js";
import { startRun } from "./start-run.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

/** A run that waits for input (its one step is spent), and its runtime with claims journalled from now on. */
async function waitingRun() {
  const { runtime, workspace } = await scriptedSetup([{ text: "plan" }, { text: "the answer" }]);
  const waiting = await startRun(runtime, {
    goal: "g",
    workspace,
    limits: { steps: 1 },
    onExhaust: ["ask-human"],
  });
  expect(waiting.status).toBe("awaiting_input");
  const claims = journalClaims(runtime.store);
  return { runId: waiting.runId, store: runtime.store, claims, runtime: { ...runtime, store: claims.store } };
}

describe("resumeRun and the run's claim", () => {
  it("claims the run before writing its run-input, and keeps that one claim until the run has ended", async () => {
    const { runId, claims, runtime } = await waitingRun();

    const result = await resumeRun(runtime, runId, { add: { steps: 5 } });

    expect(result.status).toBe("completed");
    expect(claims.journal[0]).toBe(`hold ${runId}`);
    expect(claims.journal[1]).toBe(`write ${runId}`);
    expect(claims.journal.filter((entry) => !entry.startsWith("write"))).toEqual([
      `hold ${runId}`,
      `release ${runId}`,
    ]);
  });

  it("refuses, writing nothing, while another process holds the run's claim", async () => {
    const { runId, store, claims, runtime } = await waitingRun();
    const before = await store.readEvents(runId);
    claims.claimElsewhere(runId);

    const resumed = resumeRun(runtime, runId, { add: { steps: 5 } });

    await expect(resumed).rejects.toThrow(UsageError);
    await expect(resumed).rejects.toThrow(`run ${runId} is being executed by another process`);
    expect(claims.journal).toEqual([`refused ${runId}`]);
    expect(await store.readEvents(runId)).toEqual(before);
  });

  it("gives the claim up when the resume is refused after the claim was taken", async () => {
    const { runId, store, claims, runtime } = await waitingRun();
    const before = await store.readEvents(runId);

    await expect(resumeRun(runtime, runId, { add: { usd: 1 } })).rejects.toThrow(/steps budget ran out/);

    expect(claims.journal).toEqual([`hold ${runId}`, `release ${runId}`]);
    expect(await store.readEvents(runId)).toEqual(before);
  });
});
