import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { journalClaims } from "../../../test/support/claim-journal.js";
import {
  cleanUpScriptedRuns,
  scriptedSetup,
  warmUpScriptedRuns,
} from "../../../test/support/scripted-run.js";
import { UsageError } from "../../core/errors/index.js";
import { startRun } from "./start-run.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

describe("startRun and the run's claim", () => {
  it("claims the run before writing its run-start, and keeps that one claim until the run has ended", async () => {
    const { runtime, workspace } = await scriptedSetup([{ text: "plan" }, { text: "the answer" }]);
    const claims = journalClaims(runtime.store);

    const result = await startRun({ ...runtime, store: claims.store }, { goal: "g", workspace });

    expect(result.status).toBe("completed");
    const { runId } = result;
    expect(claims.journal[0]).toBe(`hold ${runId}`);
    expect(claims.journal[1]).toBe(`write ${runId}`);
    expect(claims.journal.at(-1)).toBe(`release ${runId}`);
    expect(claims.journal.filter((entry) => !entry.startsWith("write"))).toEqual([
      `hold ${runId}`,
      `release ${runId}`,
    ]);
  });

  it("writes nothing when another process holds the claim of the id the run would get", async () => {
    const { runtime, workspace } = await scriptedSetup([]);
    const claims = journalClaims(runtime.store);
    // The test runtime's ids are sequential: the first run is run_0001.
    claims.claimElsewhere("run_0001");

    const started = startRun({ ...runtime, store: claims.store }, { goal: "g", workspace });

    await expect(started).rejects.toThrow(UsageError);
    await expect(started).rejects.toThrow("run run_0001 is being executed by another process");
    expect(claims.journal).toEqual(["refused run_0001"]);
    expect(await runtime.store.listRuns()).toEqual([]);
  });
});
