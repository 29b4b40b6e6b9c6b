import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import { decideApproval } from "../../src/engine/lifecycle/decide-approval.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { buildReport } from "../../src/report/build-report.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
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

describe("durations of a run continued by another process", () => {
  it("advance by the simulated latencies after an approval exactly as before it, so the report's total is at least the sum of its steps", async () => {
    const { runtime, task } = await setup([
      { text: "plan", latencyMs: 2_000 },
      { toolCalls: [{ name: "deploy", arguments: { target: "prod" }, id: "d1" }], latencyMs: 2_000 },
    ]);
    const waiting = await startRun(runtime, task({ limits: { steps: 10, usd: 1 } }));
    expect(waiting.status).toBe("awaiting_approval");
    const lastAt = Date.parse((await runtime.store.readEvents(waiting.runId)).at(-1)?.at ?? "");
    // The approving process: its own virtual clock, an hour behind the run, and the model it calls there.
    const behind = new VirtualClock({ start: lastAt - 3_600_000 });
    const later = new ScriptedBackend({
      clock: behind,
      steps: [
        { toolCalls: [{ name: "tidy", arguments: { target: "a" } }], latencyMs: 3_000 },
        { toolCalls: [{ name: "tidy", arguments: { target: "b" } }], latencyMs: 3_000 },
        { toolCalls: [{ name: "tidy", arguments: { target: "c" } }], latencyMs: 3_000 },
        { text: "deployed", latencyMs: 3_000 },
      ],
    });
    const approving = await createTestRuntime({
      backend: later,
      clock: behind,
      store: runtime.store,
      tools: runtime.tools,
    });
    const result = await decideApproval({ ...approving, approvals: runtime.approvals }, waiting.runId, {
      decision: "approve",
    });
    expect(result.status).toBe("completed");
    later.assertConsumed();
    const events = await runtime.store.readEvents(waiting.runId);
    const starts = events.filter((event) => event.type === "step-start");
    expect(starts.map((event) => event.step)).toEqual([1, 2, 3, 4, 5, 6]);
    // Each step after the approval starts a model latency after the one before it.
    for (const index of [3, 4, 5]) {
      const gap = Date.parse(starts[index]?.at ?? "") - Date.parse(starts[index - 1]?.at ?? "");
      expect(gap).toBeGreaterThanOrEqual(3_000);
    }
    const report = buildReport(events);
    const stepSum = events.reduce(
      (sum, event) => sum + (event.type === "step-end" ? event.durationMs : 0),
      0,
    );
    expect(report.wallClockMs).toBeGreaterThanOrEqual(stepSum);
  });
});
