import { join } from "node:path";
import { SimulatedBackend, simulatedModels } from "@agentone/simulated";
import { afterEach, describe, expect, it } from "vitest";
import type {
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
} from "../../src/backends/model-backend.js";
import { streamOfResponse } from "../../src/backends/stream/parts-of-response.js";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import { ModelCallError, type ModelCallFailure } from "../../src/core/errors/index.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import type { ModelSpec } from "../../src/core/model-spec.js";
import type { RunTask } from "../../src/engine/lifecycle/run-task.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { BackendHealth } from "../../src/engine/model-call/backend-health.js";
import { describeDivergence } from "../../src/engine/replay/compare-events.js";
import { replayRun } from "../../src/engine/replay/replay-run.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { buildReport } from "../../src/report/build-report.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { withStreamFromGenerate } from "../../src/testing/with-stream-from-generate.js";
import type { AnyTool } from "../../src/tools/tool.js";
import { createWorkspaceTools } from "../../src/tools/workspace/index.js";
import { repositoryRoot } from "../support/cli-harness.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** Counts what reaches a model and what tools execute (and which of those may have side effects). */
interface Counters {
  modelCalls: number;
  toolExecutions: number;
  sideEffectExecutions: number;
}

function counting(backend: ModelBackend, counters: Counters): ModelBackend {
  return withStreamFromGenerate({
    name: backend.name,
    generate: (request: ModelRequest) => {
      counters.modelCalls++;
      return backend.generate(request);
    },
  });
}

function countingTools(tools: readonly AnyTool[], counters: Counters): AnyTool[] {
  return tools.map((tool) => ({
    ...tool,
    execute: (input, context) => {
      counters.toolExecutions++;
      if (tool.sideEffect !== "none") counters.sideEffectExecutions++;
      return tool.execute(input, context);
    },
  }));
}

const freshCounters = (): Counters => ({ modelCalls: 0, toolExecutions: 0, sideEffectExecutions: 0 });

/** A runtime on the simulated models whose backend and tools count what they do. */
async function countedRuntime(
  options: { backends?: ModelBackend[]; models?: ModelSpec[]; clock?: VirtualClock } = {},
) {
  const clock = options.clock ?? new VirtualClock();
  const counters = freshCounters();
  const simulator = new SimulatedBackend({ clock, tokenCounter: await loadTokenCounter() });
  const backends = (options.backends ?? [simulator]).map((backend) => counting(backend, counters));
  const runtime = await createTestRuntime({
    backends,
    backend: backends[0] as ModelBackend,
    clock,
    models: options.models ?? [...simulatedModels],
    tools: countingTools(createWorkspaceTools(), counters),
  });
  cleanups.push(() => runtime.store.close());
  return { runtime, counters, clock };
}

/** Records a run, then replays it on a runtime whose backend and tools count: both must stay at zero. */
async function recordAndReplay(
  task: RunTask,
  setup: Awaited<ReturnType<typeof countedRuntime>>,
  circuitBreaker?: { failureThreshold: number; coolDownMs: number },
) {
  const result = await startRun(setup.runtime, task);
  const events = await setup.runtime.store.readEvents(result.runId);
  const before = { ...setup.counters };
  const replay = await replayRun({
    events,
    base: setup.runtime,
    ...(circuitBreaker ? { circuitBreaker } : {}),
  });
  expect(setup.counters).toEqual(before);
  return { result, events, replay, before };
}

const count = (events: readonly RunEvent[], type: RunEvent["type"]) =>
  events.filter((event) => event.type === type).length;

// Whole simulated runs on a shared machine: generous time, no timing assertions.
describe("replay", { timeout: 120_000 }, () => {
  it.each([
    ["examples/ci-failure", "Why does CI fail? Find the failing test and the line that causes it."],
    ["examples/docs-question", "How long are audit logs kept, and can that be changed?"],
  ])("reproduces a run on %s exactly, calling no model and executing no tool", async (example, goal) => {
    const setup = await countedRuntime();
    const { result, events, replay, before } = await recordAndReplay(
      { goal, workspace: join(repositoryRoot, example), seed: 3 },
      setup,
    );
    expect(result.status).toBe("completed");
    expect(replay.error).toBeNull();
    expect(replay.divergence && describeDivergence(replay.divergence)).toBeNull();
    expect(replay.events).toHaveLength(events.length);
    // Every model call and every executed tool call of the recording was answered from it.
    expect(replay.served.modelCalls).toBe(before.modelCalls);
    expect(replay.served.toolCalls).toBe(before.toolExecutions);
    expect(before.toolExecutions).toBeGreaterThan(0);
    expect(setup.counters.modelCalls).toBe(before.modelCalls);
    expect(setup.counters.toolExecutions).toBe(before.toolExecutions);
    const recordedReport = buildReport(events);
    const replayedReport = buildReport(replay.events);
    expect({ ...replayedReport, runId: "", latency: null, provenance: null }).toEqual({
      ...recordedReport,
      runId: "",
      latency: null,
      provenance: null,
    });
  });

  it("reproduces a run that wrote files, without writing them again", async () => {
    const workspace = await tempWorkspace({
      "src/app.js": "export const answer = 41;\n",
      "README.md": "# demo\n",
    });
    cleanups.push(workspace.cleanup);
    const { ScriptedBackend } = await import("../../src/testing/scripted-backend.js");
    const clock = new VirtualClock();
    const counters = freshCounters();
    const scripted = new ScriptedBackend({
      clock,
      steps: [
        { text: "1. fix the answer" },
        {
          toolCalls: [
            { name: "write_file", arguments: { path: "src/app.js", content: "export const answer = 42;\n" } },
          ],
        },
        { text: "fixed" },
      ],
    });
    const runtime = await createTestRuntime({
      backend: counting(scripted, counters),
      clock,
      tools: countingTools(createWorkspaceTools(), counters),
    });
    cleanups.push(() => runtime.store.close());
    const { events, replay } = await recordAndReplay(
      { goal: "fix the answer", workspace: workspace.root },
      {
        runtime,
        counters,
        clock,
      },
    );
    expect(counters.sideEffectExecutions).toBe(1);
    expect(replay.divergence).toBeNull();
    expect(buildReport(replay.events).artifacts.changedFiles).toEqual(["src/app.js"]);
    expect(count(events, "tool-result")).toBe(1);
  });

  it("reproduces retries, fallbacks and circuit changes from a fresh backend health", async () => {
    const clock = new VirtualClock();
    const simulator = new SimulatedBackend({ clock, tokenCounter: await loadTokenCounter() });
    const flaky = new FlakyBackend("remote", simulator, [2, 3, 4, 5, 8, 9]);
    const local = new Renamed("local-runner", simulator);
    const models = [remote("premium"), remote("standard"), remote("cheap"), localModel];
    const setup = await countedRuntime({ backends: [flaky, local], models, clock });
    const circuitBreaker = { failureThreshold: 2, coolDownMs: 20_000 };
    const runtime: Runtime = {
      ...setup.runtime,
      health: new BackendHealth({ clock, settings: circuitBreaker }),
    };
    const { events, replay } = await recordAndReplay(
      {
        goal: "Why does CI fail? Look at ci.log.",
        workspace: join(repositoryRoot, "examples/ci-failure"),
        seed: 4,
      },
      { ...setup, runtime },
      circuitBreaker,
    );
    for (const type of ["model-call-error", "retry-schedule", "circuit-transition"] as const)
      expect(count(events, type), type).toBeGreaterThan(0);
    expect(count(events, "fallback-select") + count(events, "retry-schedule")).toBeGreaterThan(1);
    expect(replay.divergence && describeDivergence(replay.divergence)).toBeNull();
    expect(replay.events).toHaveLength(events.length);
  });

  it("replays a recorded error as the same error, and the run stops the same way", async () => {
    const clock = new VirtualClock();
    const simulator = new SimulatedBackend({ clock, tokenCounter: await loadTokenCounter() });
    const refusing = new FlakyBackend("simulated", simulator, [2], "authentication");
    const setup = await countedRuntime({ backends: [refusing], clock });
    const { result, replay } = await recordAndReplay(
      {
        goal: "Why does CI fail?",
        workspace: join(repositoryRoot, "examples/ci-failure"),
        onExhaust: ["hard-stop"],
      },
      setup,
    );
    expect(result.terminationReason).toBe("model_error:authentication");
    expect(replay.divergence).toBeNull();
    expect(replay.result).toMatchObject({
      status: "failed",
      terminationReason: "model_error:authentication",
    });
  });

  it("replays a run that waited for a person and was resumed with more budget", async () => {
    const setup = await countedRuntime();
    const task: RunTask = {
      goal: "Why does CI fail? Look at ci.log.",
      workspace: join(repositoryRoot, "examples/ci-failure"),
      limits: { usd: 0.01 },
      onExhaust: ["ask-human"],
      seed: 2,
    };
    const waiting = await startRun(setup.runtime, task);
    expect(waiting.status).toBe("awaiting_input");
    setup.clock.advance(3_600_000);
    const { resumeRun } = await import("../../src/engine/lifecycle/resume-run.js");
    await resumeRun(setup.runtime, waiting.runId, { add: { usd: 0.5 }, input: "Finish the triage." });
    const events = await setup.runtime.store.readEvents(waiting.runId);
    const before = { ...setup.counters };
    const replay = await replayRun({ events, base: setup.runtime });
    expect(setup.counters).toEqual(before);
    expect(count(events, "run-input")).toBe(1);
    expect(replay.divergence && describeDivergence(replay.divergence)).toBeNull();
    expect(replay.events).toHaveLength(events.length);
  });

  it("replays a run stepped by hand, one step at a time, as recorded", async () => {
    const setup = await countedRuntime();
    const { createRun } = await import("../../src/engine/lifecycle/create-run.js");
    const { executeNextStep } = await import("../../src/engine/lifecycle/execute-next-step.js");
    const runId = await createRun(setup.runtime, {
      goal: "Why does CI fail? Look at ci.log.",
      workspace: join(repositoryRoot, "examples/ci-failure"),
      seed: 3,
      stepping: "manual",
    });
    let status = "created";
    for (let step = 0; step < 60 && (status === "created" || status === "paused"); step++)
      status = (await executeNextStep(setup.runtime, runId)).run.status;
    expect(status).toBe("completed");
    const events = await setup.runtime.store.readEvents(runId);

    const replay = await replayRun({ events, base: setup.runtime });

    expect(
      events.filter((event) => event.type === "run-transition" && event.to === "paused").length,
    ).toBeGreaterThan(1);
    expect(replay.divergence && describeDivergence(replay.divergence)).toBeNull();
    expect(replay.events).toHaveLength(events.length);
  });

  it("reproduces answers that came from the cache, naming the same sources", async () => {
    // Two processes one after the other, as two CLI runs are: the same store, each its own backend health.
    const first = await countedRuntime();
    const task = {
      goal: "Why does CI fail? Look at ci.log.",
      workspace: join(repositoryRoot, "examples/ci-failure"),
      seed: 1,
    };
    await startRun(first.runtime, task);
    const second = await countedRuntime();
    const runtime: Runtime = {
      ...second.runtime,
      store: first.runtime.store,
      caches: first.runtime.caches,
      ids: first.runtime.ids,
    };
    const { events, replay } = await recordAndReplay(task, { ...second, runtime });
    expect(buildReport(events).cache.modelHits).toBeGreaterThan(0);
    expect(replay.divergence).toBeNull();
    expect(replay.served.modelCalls).toBe(0);
    expect(buildReport(replay.events).cache).toEqual(buildReport(events).cache);
  });

  it("reports where a deliberate change makes the run depart from its recording", async () => {
    const setup = await countedRuntime();
    const { events } = await recordAndReplay(
      {
        goal: "Why does CI fail? Look at ci.log.",
        workspace: join(repositoryRoot, "examples/ci-failure"),
        seed: 1,
      },
      setup,
    );
    const pinned = await replayRun({ events, base: setup.runtime, overrides: { model: "sim-cheap" } });
    const firstStep = events.findIndex((event) => event.type === "step-start");
    expect(pinned.divergence).toMatchObject({
      index: firstStep,
      type: "step-start",
      field: "decision.model",
      recorded: "sim-premium",
      replayed: "sim-cheap",
    });
    expect(describeDivergence(pinned.divergence as NonNullable<typeof pinned.divergence>)).toBe(
      `event ${firstStep} (step-start): decision.model was "sim-premium" in the recording, "sim-cheap" in the replay`,
    );
    // A recording whose tool output was altered is caught by the next step, which reads it: its request
    // (its size, so its reservation, and its messages) is not what the recording says was sent.
    const alteredSeq = events.find((candidate) => candidate.type === "tool-result")?.seq ?? -1;
    const altered = events.map((event) =>
      event.seq === alteredSeq && event.type === "tool-result"
        ? { ...event, output: `${event.output}\n(altered)` }
        : event,
    );
    const tampered = await replayRun({ events: altered, base: setup.runtime });
    const nextCall = events.findIndex((event) => event.seq > alteredSeq && event.type === "model-call-start");
    expect(tampered.divergence?.index).toBeGreaterThan(alteredSeq);
    expect(tampered.divergence?.index).toBeLessThanOrEqual(nextCall);
    expect(setup.counters.modelCalls).toBe(count(events, "model-call-start"));
  });
});

/** A backend that fails chosen calls (1-based), otherwise answers through another. */
class FlakyBackend implements ModelBackend {
  #calls = 0;
  constructor(
    readonly name: string,
    readonly inner: ModelBackend,
    readonly failing: readonly number[],
    readonly failure: ModelCallFailure = "server",
  ) {}
  async generate(request: ModelRequest): Promise<ModelResponse> {
    this.#calls++;
    if (this.failing.includes(this.#calls))
      throw new ModelCallError(this.failure, `${this.name} failed call ${this.#calls}`, {
        status: this.failure === "authentication" ? 401 : 503,
        ...(this.#calls % 2 === 0 ? { retryAfterMs: 1500 } : {}),
      });
    return this.inner.generate(request);
  }
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return streamOfResponse(() => this.generate(request));
  }
}

class Renamed implements ModelBackend {
  constructor(
    readonly name: string,
    readonly inner: ModelBackend,
  ) {}
  generate(request: ModelRequest): Promise<ModelResponse> {
    return this.inner.generate(request);
  }
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return this.inner.stream(request);
  }
}

const simulated = (tier: string) => simulatedModels.find((model) => model.tier === tier) as ModelSpec;
const remote = (tier: string): ModelSpec => ({
  ...simulated(tier),
  id: `remote-${tier}`,
  remoteId: simulated(tier).id,
  backend: "remote",
});
const localModel: ModelSpec = {
  ...simulated("local"),
  id: "local-llama",
  remoteId: "sim-local",
  backend: "local-runner",
};
