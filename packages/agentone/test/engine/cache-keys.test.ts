import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { EventOf, RunEvent } from "../../src/core/events/run-event.js";
import type { ModelSpec } from "../../src/core/model-spec.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { createStoreCaches } from "../../src/engine/model-cache/store-caches.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { ScriptedBackend, type ScriptedStep, scriptedModels } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** Scripted models; `ignoresSeeds` makes them models whose answers a seed does not fix (as Anthropic's). */
function models(ignoresSeeds: boolean): ModelSpec[] {
  return scriptedModels().map((model) =>
    ignoresSeeds ? { ...model, capabilities: { ...model.capabilities, seed: false } } : model,
  );
}

async function setup(input: {
  steps: ScriptedStep[];
  ignoresSeeds?: boolean;
  cache?: Parameters<typeof createStoreCaches>[0]["settings"];
}) {
  const workspace = await tempWorkspace({ "notes.txt": "alpha\nbeta\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps: input.steps, clock });
  const base = await createTestRuntime({ backend, clock, models: models(input.ignoresSeeds ?? false) });
  cleanups.push(() => base.store.close());
  const runtime: Runtime = {
    ...base,
    caches: createStoreCaches({
      store: base.store,
      clock,
      ...(input.cache ? { settings: input.cache } : {}),
    }),
  };
  return { runtime, backend, workspace: workspace.root };
}

const ends = (events: readonly RunEvent[]) =>
  events.filter((event): event is EventOf<"model-call-end"> => event.type === "model-call-end");

const twice = [{ text: "1. read notes.txt" }, { text: "alpha and beta" }];

// Whole simulated runs on a shared machine: generous time, no timing assertions.
describe("when answers may be served from the cache", { timeout: 120_000 }, () => {
  it("at temperature above 0 on a model that ignores seeds, deterministic-only mode never serves or stores", async () => {
    const { runtime, backend, workspace } = await setup({ steps: [...twice, ...twice], ignoresSeeds: true });
    const task = { goal: "What is in notes.txt?", workspace, temperature: 0.7 };
    await startRun(runtime, task);
    const second = await startRun(runtime, task);
    backend.assertConsumed();
    const records = ends(await runtime.store.readEvents(second.runId)).map((end) => end.cache);
    expect(records).toEqual([
      { status: "bypass", layer: "model", reason: "nondeterministic" },
      { status: "bypass", layer: "model", reason: "nondeterministic" },
    ]);
  });

  it("the same calls are served in `always` mode", async () => {
    const { runtime, backend, workspace } = await setup({
      steps: twice,
      ignoresSeeds: true,
      cache: { mode: "always" },
    });
    const task = { goal: "What is in notes.txt?", workspace, temperature: 0.7 };
    await startRun(runtime, task);
    const second = await startRun(runtime, task);
    expect(backend.calls).toHaveLength(2);
    expect(ends(await runtime.store.readEvents(second.runId)).map((end) => end.cache?.status)).toEqual([
      "hit",
      "hit",
    ]);
  });

  it("a seed the model honours makes a sampled call repeatable, so it is cached", async () => {
    const { runtime, backend, workspace } = await setup({ steps: twice });
    const task = { goal: "What is in notes.txt?", workspace, temperature: 0.7, seed: 5 };
    await startRun(runtime, task);
    await startRun(runtime, task);
    expect(backend.calls).toHaveLength(2);
  });

  it("another seed or temperature is another request: the answer is a miss (the plan is still reused); another model plans afresh", async () => {
    const { runtime, backend, workspace } = await setup({
      steps: [
        ...twice,
        { text: "seeded" },
        { text: "warm" },
        { text: "1. read notes.txt" },
        { text: "cheap" },
      ],
    });
    const goal = "What is in notes.txt?";
    await startRun(runtime, { goal, workspace });
    const seeded = await startRun(runtime, { goal, workspace, seed: 9 });
    const warm = await startRun(runtime, { goal, workspace, temperature: 0.2 });
    const pinned = await startRun(runtime, { goal, workspace, model: "scripted-cheap" });
    backend.assertConsumed();
    for (const run of [seeded, warm]) {
      const records = ends(await runtime.store.readEvents(run.runId)).map((end) => end.cache);
      expect(records.map((record) => [record?.status, record?.layer])).toEqual([
        ["hit", "plan"],
        ["miss", "model"],
      ]);
    }
    // A plan is kept for the model that wrote it: a run pinned to another model asks its own model.
    expect(pinned).toMatchObject({ status: "completed", answer: "cheap" });
    const pinnedRecords = ends(await runtime.store.readEvents(pinned.runId)).map((end) => end.cache?.status);
    expect(pinnedRecords).not.toContain("hit");
    expect(pinnedRecords).toHaveLength(2);
  });

  it("a plan is reused only for the same goal on an unchanged workspace", async () => {
    const { runtime, backend, workspace } = await setup({
      // The changed workspace's run writes a new plan; its answer step then asks what the run with the
      // same budget asked (no tool read the file), so it is a hit.
      steps: [...twice, { text: "answer again" }, { text: "1. read notes.txt" }, ...twice],
    });
    const goal = "What is in notes.txt?";
    await startRun(runtime, { goal, workspace });
    // Same goal, same files, another budget: the plan step's request differs (its budget line), the plan
    // is reused all the same.
    const reused = await startRun(runtime, { goal, workspace, limits: { usd: 0.5, steps: 9 } });
    expect(ends(await runtime.store.readEvents(reused.runId))[0]?.cache).toMatchObject({
      status: "hit",
      layer: "plan",
      sourceStep: 1,
    });
    await writeFile(join(workspace, "notes.txt"), "alpha\nbeta\ngamma\n");
    const changed = await startRun(runtime, { goal, workspace, limits: { usd: 0.5, steps: 9 } });
    const other = await startRun(runtime, { goal: "Count the lines of notes.txt", workspace });
    backend.assertConsumed();
    expect(ends(await runtime.store.readEvents(changed.runId))[0]?.cache?.status).toBe("miss");
    expect(ends(await runtime.store.readEvents(other.runId))[0]?.cache?.status).toBe("miss");
  });
});
