import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { journalClaims } from "../../../test/support/claim-journal.js";
import {
  cleanUpScriptedRuns,
  scriptedSetup,
  warmUpScriptedRuns,
} from "../../../test/support/scripted-run.js";
import { startRun } from "../lifecycle/start-run.js";
import { forkRun } from "./fork-run.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

describe("a run continued from history and its claim", () => {
  it("claims a fork before writing its first events, and keeps that one claim until the fork has ended", async () => {
    const { runtime, workspace } = await scriptedSetup([
      { text: "plan" },
      { text: "the answer" },
      { text: "the fork's answer" },
    ]);
    const parent = await startRun(runtime, { goal: "g", workspace });
    const claims = journalClaims(runtime.store);

    const fork = await forkRun({ ...runtime, store: claims.store }, { runId: parent.runId, fromStep: 1 });

    expect(fork.status).toBe("completed");
    expect(claims.journal[0]).toBe(`hold ${fork.runId}`);
    expect(claims.journal[1]).toBe(`write ${fork.runId}`);
    expect(claims.journal.filter((entry) => !entry.startsWith("write"))).toEqual([
      `hold ${fork.runId}`,
      `release ${fork.runId}`,
    ]);
  });
});
