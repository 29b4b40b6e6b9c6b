import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanUpApprovalRuns, setup } from "../../../test/support/approval-harness.js";
import { journalClaims } from "../../../test/support/claim-journal.js";
import { UsageError } from "../../core/errors/index.js";
import { createTestRuntime } from "../../testing/test-runtime.js";
import { decideApproval } from "./decide-approval.js";
import { resumeRun } from "./resume-run.js";
import { startRun } from "./start-run.js";

beforeAll(async () => {
  const warm = await createTestRuntime();
  await warm.store.close();
});
afterEach(cleanUpApprovalRuns);

/** A run that waits for approval of one `deploy` call, and its runtime with claims journalled from now on. */
async function waitingRun(options: { timeoutMs?: number } = {}) {
  const { runtime, clock, task } = await setup(
    [
      { text: "plan" },
      { toolCalls: [{ name: "deploy", arguments: { target: "prod" } }] },
      { text: "deployed" },
    ],
    options,
  );
  const waiting = await startRun(runtime, task({ onExhaust: ["ask-human"] }));
  expect(waiting.status).toBe("awaiting_approval");
  const claims = journalClaims(runtime.store);
  return {
    runId: waiting.runId,
    clock,
    store: runtime.store,
    claims,
    runtime: { ...runtime, store: claims.store },
  };
}

describe("decideApproval and the run's claim", () => {
  it("claims the run before writing the decision, and keeps that one claim until the run has ended", async () => {
    const { runId, claims, runtime } = await waitingRun();

    const result = await decideApproval(runtime, runId, { decision: "approve" });

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

    const decided = decideApproval(runtime, runId, { decision: "deny", reason: "no" });

    await expect(decided).rejects.toThrow(UsageError);
    await expect(decided).rejects.toThrow(`run ${runId} is being executed by another process`);
    expect(claims.journal).toEqual([`refused ${runId}`]);
    expect(await store.readEvents(runId)).toEqual(before);
  });

  it("gives the claim up when the decision names a call that is not pending", async () => {
    const { runId, store, claims, runtime } = await waitingRun();
    const before = await store.readEvents(runId);

    await expect(decideApproval(runtime, runId, { callId: "call_9_9", decision: "approve" })).rejects.toThrow(
      /has no tool call 'call_9_9'/,
    );

    expect(claims.journal).toEqual([`hold ${runId}`, `release ${runId}`]);
    expect(await store.readEvents(runId)).toEqual(before);
  });

  it("ends an expired wait for resumeRun under resumeRun's one claim", async () => {
    const { runId, clock, claims, runtime } = await waitingRun({ timeoutMs: 60_000 });
    await clock.sleep(60_000);

    const result = await resumeRun(runtime, runId, {});

    expect(result.status).toBe("awaiting_input");
    expect(claims.journal[0]).toBe(`hold ${runId}`);
    expect(claims.journal[1]).toBe(`write ${runId}`);
    expect(claims.journal.filter((entry) => !entry.startsWith("write"))).toEqual([
      `hold ${runId}`,
      `release ${runId}`,
    ]);
  });
});
