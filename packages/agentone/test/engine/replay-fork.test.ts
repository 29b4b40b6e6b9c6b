import { join } from "node:path";
import { SimulatedBackend, simulatedModels } from "@agentone/simulated";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelBackend, ModelRequest } from "../../src/backends/model-backend.js";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { EventOf, RunEvent } from "../../src/core/events/run-event.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { forkRun } from "../../src/engine/replay/fork-run.js";
import { replayRun } from "../../src/engine/replay/replay-run.js";
import { buildReport } from "../../src/report/build-report.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { withStreamFromGenerate } from "../../src/testing/with-stream-from-generate.js";
import type { AnyTool } from "../../src/tools/tool.js";
import { createWorkspaceTools } from "../../src/tools/workspace/index.js";
import { repositoryRoot } from "../support/cli-harness.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** Which steps reached a model, and which steps' tool calls executed. */
interface Counters {
  modelCallSteps: number[];
  toolSteps: number[];
}

async function setup() {
  const clock = new VirtualClock();
  const counters: Counters = { modelCallSteps: [], toolSteps: [] };
  let currentStep = 0;
  const simulator = new SimulatedBackend({ clock, tokenCounter: await loadTokenCounter() });
  const backend: ModelBackend = withStreamFromGenerate({
    name: simulator.name,
    generate: (request: ModelRequest) => {
      counters.modelCallSteps.push(currentStep);
      return simulator.generate(request);
    },
  });
  const tools: AnyTool[] = createWorkspaceTools().map((tool) => ({
    ...tool,
    execute: (input, context) => {
      counters.toolSteps.push(Number(context.idempotencyKey.split(":")[1]));
      return tool.execute(input, context);
    },
  }));
  const runtime = await createTestRuntime({
    backend,
    clock,
    models: [...simulatedModels],
    tools,
    onEvent: (event) => {
      if (event.type === "step-start") currentStep = event.step;
    },
  });
  cleanups.push(() => runtime.store.close());
  return { runtime, counters };
}

const task = {
  goal: "Why does CI fail? Find the failing test and the line that causes it.",
  workspace: join(repositoryRoot, "examples/ci-failure"),
  seed: 1,
};

/** An event without what differs between copies of it: run id and time. */
const content = (event: RunEvent) => {
  const { runId: _runId, at: _at, ...rest } = event;
  return rest;
};

// Whole simulated runs on a shared machine: generous time, no timing assertions.
describe("fork", { timeout: 120_000 }, () => {
  it("inherits the steps before --from-step without executing them, then continues live", async () => {
    const { runtime, counters } = await setup();
    const parent = await startRun(runtime, task);
    const parentEvents = await runtime.store.readEvents(parent.runId);
    counters.modelCallSteps.length = 0;
    counters.toolSteps.length = 0;
    // Another model from step 3: the live steps are new requests, not cache hits.
    const fork = await forkRun(runtime, {
      runId: parent.runId,
      fromStep: 3,
      model: "sim-cheap",
      budgetUsd: 1,
    });
    expect(fork.status).toBe("completed");
    expect(Math.min(...counters.modelCallSteps)).toBeGreaterThanOrEqual(3);
    expect(Math.min(...counters.toolSteps)).toBeGreaterThanOrEqual(3);
    expect(counters.modelCallSteps.length).toBeGreaterThan(0);
    const events = await runtime.store.readEvents(fork.runId);
    const start = events[0] as EventOf<"run-start">;
    expect(start).toMatchObject({
      parentRunId: parent.runId,
      forkedFrom: { runId: parent.runId, step: 3 },
      options: { model: "sim-cheap", limits: { usd: 1 } },
    });
    const inherited = start.forkedFrom?.inheritedEvents ?? 0;
    expect(events.slice(1, inherited + 1).map(content)).toEqual(
      parentEvents.slice(1, inherited + 1).map(content),
    );
    expect(events[inherited + 1]).toMatchObject({
      type: "step-start",
      step: 3,
      decision: { model: "sim-cheap" },
    });
    // Times run on without a gap or a step back, and the run row knows its parent.
    const times = events.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((left, right) => left - right));
    expect(await runtime.store.getRun(fork.runId)).toMatchObject({ parentRunId: parent.runId });
    const report = buildReport(events);
    expect(report.provenance.forkedFrom).toEqual({
      runId: parent.runId,
      step: 3,
      inheritedEvents: inherited,
    });
    expect(report.decisions.map((decision) => decision.step)[0]).toBe(1);
  });

  it("from step 1 it inherits nothing: a re-run that remembers its parent", async () => {
    const { runtime } = await setup();
    const parent = await startRun(runtime, task);
    const fork = await forkRun(runtime, { runId: parent.runId, fromStep: 1 });
    const events = await runtime.store.readEvents(fork.runId);
    expect(events[0]).toMatchObject({
      forkedFrom: { step: 1, inheritedEvents: 0 },
      parentRunId: parent.runId,
    });
    expect(events[1]).toMatchObject({ type: "run-transition", to: "planning" });
  });

  it("a fork replays exactly: its inherited events are copied again, its live part re-decided", async () => {
    const { runtime, counters } = await setup();
    const parent = await startRun(runtime, task);
    const fork = await forkRun(runtime, { runId: parent.runId, fromStep: 4, model: "sim-cheap" });
    const events = await runtime.store.readEvents(fork.runId);
    const calls = counters.modelCallSteps.length;
    const replay = await replayRun({ events, base: runtime });
    expect(replay.divergence).toBeNull();
    expect(replay.events).toHaveLength(events.length);
    expect(counters.modelCallSteps).toHaveLength(calls);
  });

  it("refuses a step the run does not have, or a bad override, writing nothing", async () => {
    const { runtime } = await setup();
    const parent = await startRun(runtime, task);
    const steps = buildReport(await runtime.store.readEvents(parent.runId)).usage.steps;
    const before = await runtime.store.listRuns();
    for (const fromStep of [0, steps + 1, 1.5, -2])
      await expect(
        forkRun(runtime, { runId: parent.runId, fromStep }),
        String(fromStep),
      ).rejects.toMatchObject({
        code: "USAGE_ERROR",
        message: expect.stringContaining(`1 to ${steps}`),
      });
    await expect(
      forkRun(runtime, { runId: parent.runId, fromStep: 2, model: "no-such-model" }),
    ).rejects.toMatchObject({
      code: "CONFIG_ERROR",
    });
    await expect(forkRun(runtime, { runId: parent.runId, fromStep: 2, budgetUsd: -1 })).rejects.toMatchObject(
      {
        code: "CONFIG_ERROR",
        details: { key: "limits.usd" },
      },
    );
    await expect(forkRun(runtime, { runId: "run_missing", fromStep: 2 })).rejects.toThrow();
    expect(await runtime.store.listRuns()).toEqual(before);
  });
});
