import { join } from "node:path";
import { SimulatedBackend, simulatedModels } from "@agentone/simulated";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelBackend, ModelRequest } from "../../src/backends/model-backend.js";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { EventOf, RunEvent } from "../../src/core/events/run-event.js";
import { createSequentialIdGenerator, type IdGenerator } from "../../src/core/ids.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { createStoreCaches } from "../../src/engine/model-cache/store-caches.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { buildReport } from "../../src/report/build-report.js";
import { renderReport } from "../../src/report/render-report.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { createTestStore } from "../../src/testing/test-store.js";
import { withStreamFromGenerate } from "../../src/testing/with-stream-from-generate.js";
import { repositoryRoot } from "../support/cli-harness.js";

const ciFailure = join(repositoryRoot, "examples/ci-failure");
const goal = "Why does CI fail? Find the failing test and the line that causes it.";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** The simulator behind a counter: how many calls actually reached a model. */
async function countingSimulator(clock: VirtualClock) {
  const inner = new SimulatedBackend({ clock, tokenCounter: await loadTokenCounter() });
  const counter = { calls: 0 };
  const backend: ModelBackend = withStreamFromGenerate({
    name: inner.name,
    generate: (request: ModelRequest) => {
      counter.calls++;
      return inner.generate(request);
    },
  });
  return { backend, counter };
}

/** A runtime on the simulated models, with its own store unless one is shared; caches as given. */
async function simulatedRuntime(
  options: {
    store?: Runtime["store"];
    ids?: IdGenerator;
    cache?: Parameters<typeof createStoreCaches>[0]["settings"];
  } = {},
) {
  const clock = new VirtualClock();
  const { backend, counter } = await countingSimulator(clock);
  const store = options.store ?? (await createTestStore());
  if (!options.store) cleanups.push(() => store.close());
  const base = await createTestRuntime({ backend, clock, store, models: [...simulatedModels] });
  const runtime: Runtime = {
    ...base,
    ids: options.ids ?? base.ids,
    caches: createStoreCaches({ store, clock, ...(options.cache ? { settings: options.cache } : {}) }),
  };
  return { runtime, counter, clock };
}

const modelCallEnds = (events: readonly RunEvent[]) =>
  events.filter((event): event is EventOf<"model-call-end"> => event.type === "model-call-end");

// Whole simulated runs on a shared machine: generous time, no timing assertions.
describe("model response cache and plan reuse across runs", { timeout: 120_000 }, () => {
  it("a second run of the same task is answered from the cache: cheaper, faster, and the report says why", async () => {
    const { runtime, counter } = await simulatedRuntime();
    const first = await startRun(runtime, { goal, workspace: ciFailure, seed: 1 });
    const callsInFirst = counter.calls;
    const second = await startRun(runtime, { goal, workspace: ciFailure, seed: 1 });
    expect(second).toMatchObject({ status: "completed", outcome: "complete", answer: first.answer });
    // Not one call reached the model the second time.
    expect(callsInFirst).toBeGreaterThan(2);
    expect(counter.calls).toBe(callsInFirst);
    const firstReport = buildReport(await runtime.store.readEvents(first.runId));
    const secondEvents = await runtime.store.readEvents(second.runId);
    const report = buildReport(secondEvents);
    expect(report.usage.usd).toBe(0);
    expect(report.usage.modelCalls).toBe(0);
    expect(report.wallClockMs).toBeLessThan(firstReport.wallClockMs);
    expect(report.cache).toMatchObject({
      planReuses: 1,
      modelHits: firstReport.usage.modelCalls - 1,
      misses: 0,
    });
    expect(report.cache.savedUsd).toBeCloseTo(firstReport.usage.usd, 9);
    // Every hit names the run and step that paid for it.
    expect(report.cache.hits.map((hit) => [hit.sourceRunId, hit.sourceStep])).toEqual(
      modelCallEnds(await runtime.store.readEvents(first.runId)).map((end) => [first.runId, end.step]),
    );
    expect(report.latency.modelCalls.count).toBe(0);
    expect(report.costByModel).toEqual([]);
    expect(renderReport(report)).toMatch(
      /Cache: \d+ turns answered without a model call \(1 plan reused, \d+ from the response cache\), saving \$0\.\d+/,
    );
    expect(firstReport.cache).toMatchObject({
      modelHits: 0,
      planReuses: 0,
      misses: firstReport.usage.modelCalls,
    });
  });

  it("with caching off for the runtime, the second run costs what the first did and the log says why", async () => {
    const { runtime, counter } = await simulatedRuntime({ cache: { enabled: false } });
    const first = await startRun(runtime, { goal, workspace: ciFailure, seed: 1 });
    const calls = counter.calls;
    const second = await startRun(runtime, { goal, workspace: ciFailure, seed: 1 });
    expect(counter.calls).toBe(2 * calls);
    expect(second.costUsd).toBe(first.costUsd);
    const ends = modelCallEnds(await runtime.store.readEvents(second.runId));
    expect(ends.map((end) => end.cache)).toEqual(
      ends.map(() => ({ status: "bypass", layer: "model", reason: "disabled" })),
    );
    expect(buildReport(await runtime.store.readEvents(second.runId)).cache).toMatchObject({
      modelHits: 0,
      planReuses: 0,
      bypassed: ends.length,
    });
  });

  it("a run can turn model caching off for itself: nothing read, nothing stored", async () => {
    const { runtime, counter } = await simulatedRuntime();
    await startRun(runtime, { goal, workspace: ciFailure, seed: 1, cache: { models: false } });
    const calls = counter.calls;
    const events = await runtime.store.readEvents(
      (await startRun(runtime, { goal, workspace: ciFailure, seed: 1 })).runId,
    );
    // The first run stored nothing, so the second found nothing.
    expect(counter.calls).toBe(2 * calls);
    expect(modelCallEnds(events).every((end) => end.cache?.status === "miss")).toBe(true);
    const third = await startRun(runtime, { goal, workspace: ciFailure, seed: 1, cache: { models: false } });
    const thirdEvents = await runtime.store.readEvents(third.runId);
    expect(thirdEvents[0]).toMatchObject({ options: { cache: { models: false } } });
    expect(
      modelCallEnds(thirdEvents).map((end) => end.cache?.status === "bypass" && end.cache.reason),
    ).toEqual(modelCallEnds(thirdEvents).map(() => "run_disabled"));
  });

  it("entries belong to one tenant, and expire after their time to live", async () => {
    const store = await createTestStore();
    cleanups.push(() => store.close());
    const ids = createSequentialIdGenerator();
    const teamA = await simulatedRuntime({ store, ids, cache: { tenant: "team-a", ttlMs: 60 * 60 * 1000 } });
    await startRun(teamA.runtime, { goal, workspace: ciFailure, seed: 1 });
    const teamB = await simulatedRuntime({ store, ids, cache: { tenant: "team-b" } });
    const other = await startRun(teamB.runtime, { goal, workspace: ciFailure, seed: 1 });
    expect(buildReport(await store.readEvents(other.runId)).cache).toMatchObject({
      modelHits: 0,
      planReuses: 0,
    });
    // Team A again, a day later: its own entries have expired.
    const later = await simulatedRuntime({ store, ids, cache: { tenant: "team-a", ttlMs: 60 * 60 * 1000 } });
    later.clock.advance(24 * 60 * 60 * 1000);
    const expired = await startRun(later.runtime, { goal, workspace: ciFailure, seed: 1 });
    expect(buildReport(await store.readEvents(expired.runId)).cache).toMatchObject({
      modelHits: 0,
      planReuses: 0,
    });
    const sameDay = await simulatedRuntime({
      store,
      ids,
      cache: { tenant: "team-a", ttlMs: 60 * 60 * 1000 },
    });
    const fresh = await startRun(sameDay.runtime, { goal, workspace: ciFailure, seed: 1 });
    expect(buildReport(await store.readEvents(fresh.runId)).cache.planReuses).toBe(1);
  });

  it("a plan written by the simulator is not reused by a run on another model; a reuse names its source", async () => {
    const store = await createTestStore();
    cleanups.push(() => store.close());
    const ids = createSequentialIdGenerator();
    const simulated = await simulatedRuntime({ store, ids });
    const first = await startRun(simulated.runtime, { goal, workspace: ciFailure, seed: 1 });
    // The same goal and workspace on a real model (here a scripted one, another backend): it plans anew.
    const clock = new VirtualClock();
    const real = new ScriptedBackend({ clock, steps: [{ text: "1. read ci.log" }, { text: "the answer" }] });
    const base = await createTestRuntime({ backend: real, clock, store });
    const realRuntime: Runtime = { ...base, ids, caches: createStoreCaches({ store, clock }) };
    const pinned = await startRun(realRuntime, {
      goal,
      workspace: ciFailure,
      seed: 1,
      model: "scripted-premium",
    });
    real.assertConsumed();
    const pinnedReport = buildReport(await store.readEvents(pinned.runId));
    expect(pinnedReport.cache).toMatchObject({ planReuses: 0, modelHits: 0 });
    expect(pinnedReport.simulated).toBe(false);
    // Back on the simulator with another budget (so no response-cache hit): the simulated plan is reused,
    // and the report says which run, step and model wrote it, and that it was simulated.
    const again = await startRun(simulated.runtime, {
      goal,
      workspace: ciFailure,
      seed: 1,
      limits: { usd: 1.5 },
    });
    const report = buildReport(await store.readEvents(again.runId));
    expect(report.cache.planReuses).toBe(1);
    expect(report.cache.hits[0]).toMatchObject({
      layer: "plan",
      model: "sim-premium",
      backend: "simulated",
      simulated: true,
      sourceRunId: first.runId,
      sourceStep: 1,
    });
    expect(renderReport(report)).toMatch(
      new RegExp(`step 1 plan reused from ${first.runId} step 1 \\(sim-premium, simulated;`),
    );
  });

  it("a store that fails makes every lookup a miss, and the run goes on", async () => {
    const store = await createTestStore();
    cleanups.push(() => store.close());
    const failing = {
      ...store,
      getCacheEntry: () => Promise.reject(new Error("disk on fire")),
      putCacheEntry: () => Promise.reject(new Error("disk on fire")),
      countCacheHit: () => Promise.reject(new Error("disk on fire")),
      deleteCacheEntries: () => Promise.reject(new Error("disk on fire")),
    };
    const clock = new VirtualClock();
    const { backend } = await countingSimulator(clock);
    const base = await createTestRuntime({ backend, clock, store, models: [...simulatedModels] });
    const runtime: Runtime = { ...base, caches: createStoreCaches({ store: failing, clock }) };
    const result = await startRun(runtime, { goal, workspace: ciFailure, seed: 1 });
    expect(result.status).toBe("completed");
    const again = await startRun(runtime, { goal, workspace: ciFailure, seed: 2 });
    expect(again.status).toBe("completed");
  });
});
