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
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import type { RoutingPolicyInput } from "../../src/policy/routing-policy.js";
import { buildReport } from "../../src/report/build-report.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { withStreamFromGenerate } from "../../src/testing/with-stream-from-generate.js";
import { repositoryRoot } from "../support/cli-harness.js";
import { expectReportReconciles } from "../support/report-reconciles.js";

/** A remote backend that fails every call the same way, counting the calls. */
class FailingBackend implements ModelBackend {
  calls = 0;
  constructor(
    readonly name: string,
    readonly failure: ModelCallFailure = "server",
  ) {}
  async generate(): Promise<ModelResponse> {
    this.calls++;
    throw new ModelCallError(this.failure, `${this.name} answered 503`, { status: 503 });
  }
  stream(): AsyncIterable<ModelStreamPart> {
    return streamOfResponse(() => this.generate());
  }
}

/** The simulator served under another backend name, as a local runner (Ollama) would serve it. */
class LocalRunner implements ModelBackend {
  readonly name = "local-runner";
  calls = 0;
  constructor(readonly simulator: SimulatedBackend) {}
  generate(request: ModelRequest): Promise<ModelResponse> {
    this.calls++;
    return this.simulator.generate(request);
  }
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return streamOfResponse(() => this.generate(request));
  }
}

const simulated = (tier: string) => simulatedModels.find((model) => model.tier === tier) as ModelSpec;
const remote = (tier: string, backend = "remote"): ModelSpec => ({
  ...simulated(tier),
  id: `${backend}-${tier}`,
  remoteId: simulated(tier).id,
  backend,
});
const localModel: ModelSpec = {
  ...simulated("local"),
  id: "local-llama",
  remoteId: "sim-local",
  backend: "local-runner",
};

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function setup(options: {
  backends: (clock: VirtualClock, simulator: SimulatedBackend) => ModelBackend[];
  models: ModelSpec[];
  policy?: RoutingPolicyInput;
}) {
  const clock = new VirtualClock();
  const simulator = new SimulatedBackend({ clock, tokenCounter: await loadTokenCounter() });
  const backends = options.backends(clock, simulator);
  const runtime = await createTestRuntime({
    clock,
    backends,
    models: options.models,
    ...(options.policy ? { defaultPolicy: options.policy } : {}),
  });
  cleanups.push(() => runtime.store.close());
  return { runtime, backends };
}

const task = {
  goal: "Triage the CI failure recorded in ci.log.",
  workspace: `${repositoryRoot}/examples/ci-failure`,
};

describe("reliability through the engine", () => {
  it("a run whose remote models all fail finishes on the local model, with the reason recorded", async () => {
    const { runtime, backends } = await setup({
      backends: (_clock, simulator) => [new FailingBackend("remote"), new LocalRunner(simulator)],
      models: [remote("premium"), remote("standard"), remote("cheap"), localModel],
    });
    const result = await startRun(runtime, task);
    expect(result).toMatchObject({ status: "completed", outcome: "complete" });
    const events = await runtime.store.readEvents(result.runId);
    const report = buildReport(events);
    // The first step tried its model and fell back down the chain to local.
    const fallbacks = report.retries.paths.filter((path) => path.fallbackTo !== null);
    expect(fallbacks[0]).toMatchObject({
      fallbackTo: "local-llama",
      reason: "plan_remote_failed_fallback_local",
    });
    // Once the remote backend's circuit opened, later steps went straight to local, saying why.
    expect(events.some((event) => event.type === "circuit-transition" && event.to === "open")).toBe(true);
    expect(report.decisions.slice(1).map((decision) => decision.reason)).toContain(
      "act_remote_unhealthy_fallback_local",
    );
    // Every model the budget counted a call of has a row: the failed remote ones cost nothing.
    expect(report.costByModel.map((entry) => entry.model)).toEqual([
      "local-llama",
      "remote-premium",
      "remote-standard",
    ]);
    expect(
      report.costByModel.filter((entry) => entry.model !== "local-llama").every((entry) => entry.usd === 0),
    ).toBe(true);
    expect(report.answer).toContain("cart");
    expect(report.usage.retries).toBe(report.retries.paths.length);
    // The open circuit spared the failing backend further calls: after the five failures that opened it,
    // only one probe per cool-down (each half-open transition) reached it.
    const probes = events.filter(
      (event) => event.type === "circuit-transition" && event.to === "half-open",
    ).length;
    expect((backends[0] as FailingBackend).calls).toBe(5 + probes);
  }, 90_000);

  it("with the default budgets, a step goes remote → another remote → local within its retries", async () => {
    const { runtime } = await setup({
      backends: (_clock, simulator) => [
        new FailingBackend("a"),
        new FailingBackend("b"),
        new LocalRunner(simulator),
      ],
      models: [remote("standard", "a"), remote("standard", "b"), localModel],
    });
    const result = await startRun(runtime, task);
    expect(result.status).toBe("completed");
    const report = buildReport(await runtime.store.readEvents(result.runId));
    const firstStep = report.retries.paths.filter((path) => path.step === 1);
    expect(firstStep.map((path) => path.fallbackTo).filter(Boolean)).toEqual(["b-standard", "local-llama"]);
    expect(report.decisions[0]?.model).toBe("a-standard");
    // The failed remotes' calls were counted (and cost nothing): they are rows too, at $0.
    expect(report.costByModel.find((entry) => entry.model === "a-standard")).toMatchObject({ usd: 0 });
    expect(report.costByModel.map((entry) => entry.model)).toContain("local-llama");
    expectReportReconciles(report);
  });

  it("caps a step's attempts, fallbacks included, at maxAttemptsPerStep", async () => {
    const { runtime } = await setup({
      backends: (_clock, simulator) => [
        new FailingBackend("a"),
        new FailingBackend("b"),
        new FailingBackend("c"),
        new LocalRunner(simulator),
      ],
      models: [remote("standard", "a"), remote("standard", "b"), remote("cheap", "c"), localModel],
      policy: { retry: { maxAttemptsPerStep: 2 }, fallback: { attemptsPerModel: 1 } },
    });
    const result = await startRun(runtime, {
      ...task,
      limits: { usd: 1, steps: 2 },
      onExhaust: ["hard-stop"],
    });
    const events = await runtime.store.readEvents(result.runId);
    const firstStepCalls = events.filter((event) => event.type === "model-call-start" && event.step === 1);
    expect(firstStepCalls).toHaveLength(2);
  });

  it("falls back to another remote of the same tier before going down a tier", async () => {
    const { runtime } = await setup({
      backends: (_clock, simulator) => [
        new FailingBackend("remote"),
        new LocalRunner(simulator),
        simulatorAs("backup", simulator),
      ],
      models: [
        remote("premium"),
        remote("standard"),
        remote("cheap"),
        remote("standard", "backup"),
        localModel,
      ],
      policy: { fallback: { attemptsPerModel: 1 } },
    });
    const result = await startRun(runtime, { ...task, limits: { usd: 2, steps: 4 } });
    const report = buildReport(await runtime.store.readEvents(result.runId));
    const actFallback = report.retries.paths.find((path) => path.model === "remote-standard");
    expect(actFallback).toMatchObject({ fallbackTo: "backup-standard", reason: "act_fallback_standard" });
  });

  it("a fallback never spends money the budget forbids: an unaffordable target is skipped", async () => {
    const { runtime } = await setup({
      backends: (_clock, simulator) => [new FailingBackend("remote"), simulatorAs("backup", simulator)],
      models: [remote("cheap"), remote("premium", "backup")],
      policy: { tiers: { plan: ["cheap"], act: ["cheap"], final: ["cheap"] } },
    });
    // Enough for cheap calls, far too little for a premium call's worst case.
    const result = await startRun(runtime, {
      ...task,
      limits: { usd: 0.002, steps: 3 },
      onExhaust: ["hard-stop"],
    });
    const events = await runtime.store.readEvents(result.runId);
    expect(events.some((event) => event.type === "fallback-select")).toBe(false);
    expect(events.filter((event) => event.type === "model-call-end")).toHaveLength(0);
    const report = buildReport(events);
    expect(report.usage.usd).toBeLessThanOrEqual(0.002);
  });

  it("does not retry or fall back from a bad request", async () => {
    const { runtime, backends } = await setup({
      backends: (_clock, simulator) => [
        new FailingBackend("remote", "bad_request"),
        new LocalRunner(simulator),
      ],
      models: [remote("premium"), remote("standard"), localModel],
    });
    const result = await startRun(runtime, { ...task, onExhaust: ["hard-stop"] });
    expect(result).toMatchObject({ status: "failed", terminationReason: "model_error:bad_request" });
    expect((backends[0] as FailingBackend).calls).toBe(1);
    expect((backends[1] as LocalRunner).calls).toBe(0);
  });

  it("routes a context-length failure to a model with a larger window", async () => {
    const small: ModelSpec = { ...remote("standard"), id: "remote-small", contextWindow: 64_000 };
    const { runtime } = await setup({
      backends: (_clock, simulator) => [
        new FailingBackend("remote", "context_length"),
        simulatorAs("backup", simulator),
      ],
      models: [small, { ...remote("cheap", "backup"), contextWindow: 128_000 }],
      policy: { tiers: { plan: ["standard", "cheap"] } },
    });
    const result = await startRun(runtime, { ...task, limits: { usd: 1, steps: 3 } });
    const events = await runtime.store.readEvents(result.runId);
    const fallback = events.find(
      (event): event is Extract<RunEvent, { type: "fallback-select" }> => event.type === "fallback-select",
    );
    expect(fallback?.decision).toMatchObject({
      model: "backup-cheap",
      reason: "plan_context_larger_window_cheap",
    });
  });

  it("keeps steps inside a latency SLA by routing to a faster tier, and reports it", async () => {
    const { runtime } = await setup({
      backends: (_clock, simulator) => [simulatorAs("remote", simulator)],
      models: [remote("premium"), remote("standard"), remote("cheap")],
      // Premium (Opus-like, slow) cannot plan inside 8 s; standard can.
      policy: { latencySlaMs: { plan: 8000 } },
    });
    const result = await startRun(runtime, task);
    const report = buildReport(await runtime.store.readEvents(result.runId));
    expect(report.decisions[0]).toMatchObject({ kind: "plan", reason: "plan_sla_constrained_standard" });
    expect(report.sla.violationsPrevented).toBe(1);
    expect(report.sla.steps).toBe(1);
    expect(report.downgrades[0]).toMatchObject({ preferredTier: "premium", tier: "standard" });
    const metrics = runtime.metrics.snapshot();
    expect(metrics).toMatchObject({ runsTotal: 1, slaViolationsPrevented: 1 });
    expect(metrics.costSavedNanoUsd).toBeGreaterThan(0);
    expect(runtime.metrics.toPrometheusText()).toContain("agentone_sla_violations_prevented_total 1");
  });
});

/** The simulator under another backend name (a second provider serving the same simulated models). */
function simulatorAs(name: string, simulator: SimulatedBackend): ModelBackend {
  return withStreamFromGenerate({ name, generate: (request: ModelRequest) => simulator.generate(request) });
}
