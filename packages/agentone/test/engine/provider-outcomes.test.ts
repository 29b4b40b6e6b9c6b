import { afterEach, describe, expect, it } from "vitest";
import type { ModelRequest, ModelResponse } from "../../src/backends/model-backend.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import { ModelCallError } from "../../src/core/errors/index.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { buildReport } from "../../src/report/build-report.js";
import { renderReport } from "../../src/report/render-report.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { withStreamFromGenerate } from "../../src/testing/with-stream-from-generate.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

/** The scripted backend, its answers passed through `adapt` (as an adapter would mark them). */
function adapted(backend: ScriptedBackend, adapt: (response: ModelResponse, index: number) => ModelResponse) {
  let index = 0;
  return withStreamFromGenerate({
    name: backend.name,
    generate: async (request: ModelRequest) => adapt(await backend.generate(request), index++),
  });
}

async function setup(
  steps: ScriptedStep[],
  adapt: (response: ModelResponse, index: number) => ModelResponse = (response) => response,
) {
  const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const runtime = await createTestRuntime({ backend: adapted(backend, adapt), clock });
  cleanups.push(() => runtime.store.close());
  return { runtime, backend, workspace: workspace.root };
}

const parseFailure = () =>
  new ModelCallError("model_output", "500 error parsing tool call: raw='{...}]'", { status: 500 });

describe("outcomes real providers produce, through the engine", () => {
  it("retries a model-output failure with changed sampling, and the reason code says how", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "plan" },
      { error: parseFailure() },
      { text: "done" },
    ]);
    const result = await startRun(runtime, { goal: "g", workspace, seed: 42, temperature: 0 });
    expect(result.status).toBe("completed");
    backend.assertConsumed();
    // The failed request and its retry differ: greedy decoding repeats itself, so the temperature rose too.
    expect([backend.calls[1]?.seed, backend.calls[1]?.temperature]).toEqual([42, 0]);
    expect([backend.calls[2]?.seed, backend.calls[2]?.temperature]).toEqual([43, 0.3]);
    const events = await runtime.store.readEvents(result.runId);
    const retry = events.find((event) => event.type === "retry-schedule");
    expect(retry).toMatchObject({ reason: "model_output:raised_temperature", model: "scripted-standard" });
    // The log records what was sent, so a replay sends the same.
    const starts = events.filter((event) => event.type === "model-call-start");
    expect(starts[2]?.request).toMatchObject({ seed: 43, temperature: 0.3 });
    const report = buildReport(events);
    expect(report.retries.paths).toEqual([
      expect.objectContaining({ error: "model_output", reason: "model_output:raised_temperature" }),
    ]);
  }, 120_000);

  it("only moves the seed when the temperature already samples", async () => {
    const { runtime, backend, workspace } = await setup([
      { text: "plan" },
      { error: parseFailure() },
      { text: "done" },
    ]);
    const result = await startRun(runtime, { goal: "g", workspace, seed: 7, temperature: 0.7 });
    expect(result.status).toBe("completed");
    expect([backend.calls[2]?.seed, backend.calls[2]?.temperature]).toEqual([8, 0.7]);
    const events = await runtime.store.readEvents(result.runId);
    expect(events.find((event) => event.type === "retry-schedule")).toMatchObject({
      reason: "model_output:new_seed",
    });
  }, 120_000);

  it("ends the run on a refusal, with the model's words, without asking the same model again", async () => {
    const refusal = "I'm sorry, I can't assist with that request.";
    const { runtime, backend, workspace } = await setup([
      { text: "plan" },
      { text: refusal, finishReason: "refusal" },
    ]);
    const result = await startRun(runtime, { goal: "g", workspace });
    backend.assertConsumed();
    expect(result).toMatchObject({ status: "completed", outcome: "partial" });
    const events = await runtime.store.readEvents(result.runId);
    expect(events.filter((event) => event.type === "retry-schedule")).toEqual([]);
    expect(events.find((event) => event.type === "run-end")).toMatchObject({
      terminationReason: "model_refused",
      answer: refusal,
    });
    const ends = events.filter((event) => event.type === "model-call-end");
    expect(ends[1]?.finishReason).toBe("refusal");
    expect(renderReport(buildReport(events))).toContain("model_refused");
  }, 120_000);

  it("charges an answer cut after acceptance and says so in the report", async () => {
    const cut = new ModelCallError(
      "cut_stream",
      "the answer was cut: the response body broke off after HTTP 200",
    );
    const { runtime, workspace } = await setup([{ text: "plan" }, { error: cut }, { text: "done" }]);
    const result = await startRun(runtime, { goal: "g", workspace });
    const report = buildReport(await runtime.store.readEvents(result.runId));
    expect(report.retries.paths[0]?.chargedUsd).toBeGreaterThan(0);
    expect(renderReport(report)).toMatch(
      /failed \(cut_stream, cut after acceptance: charged \$[\d.]+ \(estimate\)\)/,
    );
  }, 120_000);

  it("marks usage the server did not report as estimated, in the event and the report", async () => {
    // The second answer's server reported no usage: the adapter counted it and marked it so.
    const { runtime, workspace } = await setup([{ text: "plan" }, { text: "done" }], (response, index) =>
      index === 1 ? { ...response, usageEstimated: true } : response,
    );
    const result = await startRun(runtime, { goal: "g", workspace });
    const events = await runtime.store.readEvents(result.runId);
    const ends = events.filter((event) => event.type === "model-call-end");
    expect(ends.map((event) => event.usageEstimated)).toEqual([undefined, true]);
    const report = buildReport(events);
    expect(report.costByModel.map((entry) => entry.estimatedUsageCalls ?? 0)).toContain(1);
    expect(renderReport(report)).toMatch(/usage of 1 of \d+ calls estimated \(the server reported none\)/);
  }, 120_000);
});
