import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import { ModelCallError } from "../../src/core/errors/index.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { createStoreCaches } from "../../src/engine/model-cache/store-caches.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { buildReport } from "../../src/report/build-report.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { expectReportReconciles } from "../support/report-reconciles.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const files = {
  "notes.txt": "alpha\nbeta\n",
  "report.md": "# Quarterly report\n\nRevenue grew 12% to $4.1M in Q3. Churn fell to 2.3%.\n",
};

async function runScripted(steps: ScriptedStep[], runtimeFrom?: Runtime) {
  const workspace = await tempWorkspace(files);
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const runtime = runtimeFrom ?? (await createTestRuntime({ backend, clock }));
  if (!runtimeFrom) cleanups.push(() => runtime.store.close());
  const result = await startRun(runtime, { goal: "What is in notes.txt?", workspace: workspace.root });
  const events = await runtime.store.readEvents(result.runId);
  return { result, events, report: buildReport(events), backend };
}

const count = (events: readonly RunEvent[], type: RunEvent["type"]) =>
  events.filter((event) => event.type === type).length;

const cut = () => ({ error: new ModelCallError("cut_stream", "the stream ended before its end") });
const readNotes: ScriptedStep = { toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }] };

describe("every report adds up: totals equal the sums of their rows", () => {
  it("with retries and a cut attempt, which is billed and costed, tokens included, under its model", async () => {
    const { report, events } = await runScripted([
      { text: "1. read notes.txt" },
      cut(),
      { error: new ModelCallError("rate_limit", "slow down", { retryAfterMs: 1000 }) },
      readNotes,
      {
        text: "alpha and beta",
        usage: { inputTokens: 80, cachedInputTokens: 50, cacheWriteTokens: 10, reasoningTokens: 5 },
      },
    ]);
    expect(report.status).toBe("completed");
    expect(count(events, "model-call-error")).toBe(2);
    expect(report.retries.total).toBe(2);
    // The cut attempt was billed for its input: its model's row has the dollars and the tokens.
    const cutRow = report.costByModel.find((row) => row.model === "scripted-standard");
    expect(cutRow?.calls).toBe(4);
    expectReportReconciles(report);
  });

  it("with a fallback to another model", async () => {
    const { report } = await runScripted([
      { error: new ModelCallError("not_found", "no such model") },
      { text: "1. read notes.txt" },
      readNotes,
      { text: "alpha and beta" },
    ]);
    expect(report.retries.paths.some((path) => path.fallbackTo !== null)).toBe(true);
    expect(report.costByModel.length).toBeGreaterThan(1);
    expectReportReconciles(report);
  });

  it("with nested calls made by a tool", async () => {
    const { report } = await runScripted([
      { text: "1. summarize the report" },
      { toolCalls: [{ name: "summarize_document", arguments: { path: "report.md" }, id: "sum_1" }] },
      { text: "Revenue up 12%.", usage: { inputTokens: 300, outputTokens: 20 } },
      { text: "Revenue grew 12%." },
    ]);
    expect(report.costByStepKind.some((row) => row.kind === "nested:summarize_document")).toBe(true);
    expectReportReconciles(report);
  });

  it("with turns answered from the cache", async () => {
    const clock = new VirtualClock();
    const backend = new ScriptedBackend({
      clock,
      steps: [{ text: "1. read notes.txt" }, readNotes, { text: "alpha and beta" }],
    });
    const base = await createTestRuntime({ backend, clock });
    cleanups.push(() => base.store.close());
    const runtime: Runtime = { ...base, caches: createStoreCaches({ store: base.store, clock }) };
    const workspace = await tempWorkspace(files);
    cleanups.push(workspace.cleanup);
    const task = { goal: "What is in notes.txt?", workspace: workspace.root };
    const first = await startRun(runtime, task);
    const second = await startRun(runtime, task);
    const firstReport = buildReport(await runtime.store.readEvents(first.runId));
    const secondReport = buildReport(await runtime.store.readEvents(second.runId));
    expect(secondReport.cache.modelHits + secondReport.cache.planReuses).toBeGreaterThan(0);
    expectReportReconciles(firstReport);
    expectReportReconciles(secondReport);
  });
});
