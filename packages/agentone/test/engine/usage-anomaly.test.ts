import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { buildReport } from "../../src/report/build-report.js";
import { renderReport } from "../../src/report/render-report.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function setup(steps: ConstructorParameters<typeof ScriptedBackend>[0]["steps"]) {
  const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const runtime = await createTestRuntime({ backend, clock });
  cleanups.push(() => runtime.store.close());
  return { runtime, backend, workspace: workspace.root };
}

describe("usage a backend reports against its request", () => {
  it("stops the run when a call reports more output than it was allowed, and records the spend", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "1. read notes.txt", usage: { outputTokens: 195_000 } },
    ]);
    const result = await startRun(runtime, { goal: "Read notes.txt", workspace, limits: { usd: 0.05 } });
    backend.assertConsumed();
    expect(result).toMatchObject({
      status: "failed",
      outcome: "partial",
      terminationReason: "usage_anomaly",
    });
    const events = await runtime.store.readEvents(result.runId);
    const settle = events.find((event) => event.type === "budget-settle");
    expect(settle).toMatchObject({
      actual: { outputTokens: 195_000 },
      anomalies: [{ kind: "output_over_max", reported: 195_000 }],
    });
    const report = buildReport(events);
    expect(report.usageAnomalies).toMatchObject([
      { step: 1, model: "scripted-premium", kind: "output_over_max", reported: 195_000 },
    ]);
    expect(report.usage.outputTokens).toBe(195_000);
    expect(renderReport(report)).toContain("Usage anomaly: step 1 scripted-premium reported 195000 output");
  });

  it("stops the run when a call reports input far above the estimate", async () => {
    const { runtime, workspace } = await setup([{ text: "plan", usage: { inputTokens: 1_000_000 } }]);
    const result = await startRun(runtime, { goal: "Read notes.txt", workspace, limits: { usd: 0.05 } });
    expect(result.terminationReason).toBe("usage_anomaly");
    const report = buildReport(await runtime.store.readEvents(result.runId));
    expect(report.usageAnomalies).toMatchObject([{ kind: "input_over_estimate", reported: 1_000_000 }]);
  });

  it("only records the anomaly when the run's policy is to warn", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "1. answer", usage: { outputTokens: 195_000 } },
      { text: "alpha" },
    ]);
    const result = await startRun(runtime, {
      goal: "Read notes.txt",
      workspace,
      limits: { usd: 50 },
      onUsageAnomaly: "warn",
    });
    backend.assertConsumed();
    expect(result).toMatchObject({ status: "completed", terminationReason: "answered" });
    const report = buildReport(await runtime.store.readEvents(result.runId));
    expect(report.usageAnomalies).toHaveLength(1);
  });
});
