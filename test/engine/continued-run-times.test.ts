import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import { decideApproval } from "../../src/engine/approvals/decide-approval.js";
import { startRun } from "../../src/engine/start-run.js";
import { cleanUpApprovalRuns, setup } from "../support/approval-harness.js";

afterEach(cleanUpApprovalRuns);

describe("a run continued by another process", () => {
  it("never records an event before the run's last one, even when that process's clock is behind", async () => {
    const { runtime, task } = await setup([
      { text: "plan" },
      { toolCalls: [{ name: "deploy", arguments: { target: "prod" }, id: "d1" }] },
      { text: "deployed" },
    ]);
    const waiting = await startRun(runtime, task());
    expect(waiting.status).toBe("awaiting_approval");
    const before = await runtime.store.readEvents(waiting.runId);
    const lastAt = Date.parse(before.at(-1)?.at ?? "");
    // The approving process starts its virtual clock an hour before the time the run reached.
    const behind = new VirtualClock({ start: lastAt - 3_600_000 });
    const result = await decideApproval({ ...runtime, clock: behind }, waiting.runId, {
      decision: "approve",
    });
    expect(result.status).toBe("completed");
    const times = (await runtime.store.readEvents(waiting.runId)).map((event) => Date.parse(event.at));
    for (const [index, time] of times.entries())
      if (index > 0) expect(time).toBeGreaterThanOrEqual(times[index - 1] ?? 0);
  });
});
