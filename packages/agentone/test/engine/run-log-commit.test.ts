import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ModelRequest } from "../../src/backends/model-backend.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { type KillSwitch, MemoryKillSwitch } from "../../src/engine/kill-switch/kill-switch.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import type { Store } from "../../src/store/store.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { createTestStore } from "../../src/testing/test-store.js";
import { cleanUpScriptedRuns, scriptedSetup, warmUpScriptedRuns } from "../support/scripted-run.js";
import { tempWorkspace } from "../support/temp-workspace.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

describe("committing the run's events", () => {
  it("a failed commit is written again with the next one, so the log has no gap", async () => {
    const store = await createTestStore();
    const flaky = failingOnce(store, (events) => events.some((event) => event.type === "step-start"));
    const { runtime, workspace } = await scriptedSetup([{ text: "plan" }], { store: flaky });
    await expect(startRun(runtime, { goal: "g", workspace })).rejects.toMatchObject({
      code: "INTERNAL_ERROR",
    });
    expectFailedWithoutGap(await store.readEvents("run_0001"));
  });

  it("sends a model call only once the steps before it are stored, and reads its cache meanwhile", async () => {
    const store = await createTestStore();
    let cacheReadWhileWriting = () => {};
    const cacheRead = new Promise<void>((resolve) => {
      cacheReadWhileWriting = resolve;
    });
    let writing = false;
    const storedStepEndsAtCalls: number[] = [];
    const overlapping = storeWith(store, {
      appendEvents: async (runId, events, update) => {
        const endsToolStep = events.some((event) => event.type === "step-end" && event.step === 2);
        if (!endsToolStep) return store.appendEvents(runId, events, update);
        // The tool step's write waits until the loop, not waiting for it, reads the next call's cache.
        writing = true;
        await cacheRead;
        await store.appendEvents(runId, events, update);
        writing = false;
      },
      getCacheEntry: async (lookup) => {
        if (writing) cacheReadWhileWriting();
        return store.getCacheEntry(lookup);
      },
    });
    const storedStepEnds = async (request: ModelRequest) => {
      // Checked at once, before any read of ours could queue behind the write.
      const stillWriting = writing;
      const events = await store.readEvents("run_0001");
      storedStepEndsAtCalls.push(
        stillWriting ? -1 : events.filter((event) => event.type === "step-end").length,
      );
      if (request.tools.length === 0) return { text: "1. read notes.txt\n2. answer" };
      return storedStepEndsAtCalls.length === 2
        ? { toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }] }
        : { text: "the answer" };
    };
    const { runtime, workspace } = await scriptedSetup([storedStepEnds, storedStepEnds, storedStepEnds], {
      store: overlapping,
    });

    const result = await startRun(runtime, { goal: "g", workspace });

    expect(result.status).toBe("completed");
    expect(storedStepEndsAtCalls).toEqual([0, 1, 2]);
  });

  it("a failed background write stops the next model call, and its events go out with the next commit", async () => {
    const store = await createTestStore();
    const { runtime, backend, workspace } = await scriptedSetup(
      [{ text: "1. answer" }, { text: "the answer" }],
      { store: failingOnce(store, endsAStep) },
    );

    await expect(startRun(runtime, { goal: "g", workspace })).rejects.toMatchObject({
      code: "INTERNAL_ERROR",
    });

    expect(backend.calls).toHaveLength(1);
    const events = await store.readEvents("run_0001");
    expect(events.filter((event) => event.type === "model-call-start")).toHaveLength(1);
    expectFailedWithoutGap(events);
  });

  it("a failed background write stops a tool whose model call was answered from the cache", async () => {
    const store = await createTestStore();
    let failing = false;
    const failingOnceArmed = failingOnce(
      store,
      (events) => failing && events.some((event) => event.type === "step-end" && event.step === 2),
    );
    const script = [
      { text: "1. read notes.txt\n2. list the files\n3. answer" },
      { toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }] },
      { toolCalls: [{ name: "list_files", arguments: { path: "." } }] },
      { text: "the answer" },
    ];
    const { runtime, backend, workspace } = await scriptedSetup(script, { store: failingOnceArmed });
    expect((await startRun(runtime, { goal: "g", workspace })).status).toBe("completed");
    // The same run again: every answer comes from the response cache, so no model call waits for the
    // write of step 2, which fails; step 3's tool is the first effect after it.
    failing = true;

    await expect(startRun(runtime, { goal: "g", workspace })).rejects.toMatchObject({
      code: "INTERNAL_ERROR",
    });

    expect(backend.calls).toHaveLength(script.length);
    const events = await store.readEvents("run_0002");
    expect(events.filter((event) => event.type === "tool-result" && event.step === 3)).toEqual([]);
    expectFailedWithoutGap(events);
  });

  it("an error while a step's write is in flight, and that write failing, still leave a finished run", async () => {
    const store = await createTestStore();
    let checks = 0;
    const killSwitch = new MemoryKillSwitch();
    const breaking: KillSwitch = {
      check: async (runId) => {
        // The second check comes right after the first step, before anything waits for its write.
        if (++checks === 2) throw new Error("kill switch unreadable");
        return killSwitch.check(runId);
      },
      watch: (runId, onKill) => killSwitch.watch(runId, onKill),
      trigger: (target) => killSwitch.trigger(target),
      rearm: () => killSwitch.rearm(),
      isGlobalOn: () => killSwitch.isGlobalOn(),
    };
    const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
    const clock = new VirtualClock();
    const backend = new ScriptedBackend({ steps: [{ text: "1. answer" }], clock });
    const runtime = await createTestRuntime({
      backend,
      clock,
      store: failingOnce(store, endsAStep),
      killSwitch: breaking,
    });
    try {
      await expect(startRun(runtime, { goal: "g", workspace: workspace.root })).rejects.toMatchObject({
        code: "INTERNAL_ERROR",
        message: expect.stringContaining("kill switch unreadable"),
      });
      const events = await store.readEvents("run_0001");
      expect(events.filter((event) => event.type === "step-end")).toHaveLength(1);
      expectFailedWithoutGap(events);
    } finally {
      await workspace.cleanup();
    }
  });

  it("writes a step's cached answer in the same append as the step's events", async () => {
    const store = await createTestStore();
    const appends: { types: string[]; cacheKeys: string[] }[] = [];
    let separatePuts = 0;
    const recording = storeWith(store, {
      appendEvents: async (runId, events, update) => {
        appends.push({
          types: events.map((event) => event.type),
          cacheKeys: (update?.cacheEntries ?? []).map((entry) => entry.key),
        });
        return store.appendEvents(runId, events, update);
      },
      putCacheEntry: async (entry) => {
        separatePuts += 1;
        return store.putCacheEntry(entry);
      },
    });
    const { runtime, workspace } = await scriptedSetup([{ text: "1. answer" }, { text: "the answer" }], {
      store: recording,
    });
    const result = await startRun(runtime, { goal: "g", workspace });

    expect(result.status).toBe("completed");
    expect(separatePuts).toBe(0);
    const withEntries = appends.filter((append) => append.cacheKeys.length > 0);
    expect(withEntries.length).toBeGreaterThan(0);
    for (const append of withEntries) expect(append.types).toContain("model-call-end");
    const key = withEntries[0]?.cacheKeys[0] ?? "";
    const now = new Date(runtime.clock.now()).toISOString();
    expect(await store.getCacheEntry({ namespace: "model", tenant: "default", key, now })).toMatchObject({
      sourceRunId: result.runId,
    });
  });

  it("leaves out an answer the database cannot hold (a NUL character), and the run goes on", async () => {
    const { runtime, workspace } = await scriptedSetup([
      { text: "1. answer" },
      { text: "the answer\u0000 with a NUL" },
    ]);
    const result = await startRun(runtime, { goal: "g", workspace });

    expect(result).toMatchObject({ status: "completed", answer: "the answer\u0000 with a NUL" });
    const events = await runtime.store.readEvents(result.runId);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
  });
});

const endsAStep = (events: readonly RunEvent[]) => events.some((event) => event.type === "step-end");

/** The store, whose first append of a batch `fails` matches is refused ("disk full"); later ones are written. */
function failingOnce(store: Store, fails: (events: readonly RunEvent[]) => boolean): Store {
  let failed = false;
  return storeWith(store, {
    appendEvents: async (runId, events, update) => {
      if (!failed && fails(events)) {
        failed = true;
        throw new Error("disk full");
      }
      return store.appendEvents(runId, events, update);
    },
  });
}

/** A log without a gap in its sequence numbers, of a run that failed on an internal error. */
function expectFailedWithoutGap(events: readonly RunEvent[]): void {
  expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
  expect(foldRunState([...events])).toMatchObject({
    status: "failed",
    terminationReason: "internal_error:INTERNAL_ERROR",
  });
}

/** The store with some methods replaced; the others are the store's own, bound to it. */
function storeWith(store: Store, replaced: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property in replaced) return replaced[property as keyof Store];
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
