import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { journalClaims } from "../../../test/support/claim-journal.js";
import { warmUpScriptedRuns } from "../../../test/support/scripted-run.js";
import { tempWorkspace } from "../../../test/support/temp-workspace.js";
import { VirtualClock } from "../../core/clock/index.js";
import { StoreError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { Store } from "../../store/store.js";
import { ScriptedBackend, type ScriptedStep } from "../../testing/scripted-backend.js";
import { createTestRuntime } from "../../testing/test-runtime.js";
import { createTestStore } from "../../testing/test-store.js";
import { createExternalRun } from "../external-run/create-external-run.js";
import { continueAbandonedRun } from "./continue-abandoned-run.js";
import { startRun } from "./start-run.js";

beforeAll(warmUpScriptedRuns);

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A store that, once `die()` is called, writes nothing more: the process executing the run is gone. */
function mortalStore(store: Store): { store: Store; die: () => void } {
  let dead = false;
  const writes = new Set<PropertyKey>(["createRun", "appendEvents", "putCacheEntry", "countCacheHit"]);
  return {
    store: new Proxy(store, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (typeof value !== "function") return value;
        if (!writes.has(key)) return value.bind(target);
        return async (...args: unknown[]) => {
          if (dead) throw new StoreError("the process died before this write");
          return value.apply(target, args);
        };
      },
    }),
    die: () => {
      dead = true;
    },
  };
}

async function setup(steps: ScriptedStep[], store: Store) {
  const clock = new VirtualClock();
  return createTestRuntime({ backend: new ScriptedBackend({ steps, clock }), clock, store });
}

async function workspace(): Promise<string> {
  const made = await tempWorkspace({ "notes.txt": "alpha\n" });
  cleanups.push(made.cleanup);
  return made.root;
}

async function freshStore(): Promise<Store> {
  const store = await createTestStore();
  cleanups.push(() => store.close());
  return store;
}

/** What a log says happened, without times, ids and durations. */
const shape = (events: readonly RunEvent[]) =>
  events.map((event) => [event.type, "step" in event ? event.step : null, "to" in event ? event.to : null]);

const plan = { text: "1. read the notes\n2. answer" };
const answer = { text: "the notes say alpha" };

describe("continueAbandonedRun", () => {
  it("executes again the step a dead process lost, and the log reads as if that step ran once", async () => {
    const goal = { goal: "what do the notes say?", workspace: await workspace() };
    const store = await freshStore();
    const mortal = mortalStore(store);
    const dying = await setup(
      [
        plan,
        () => {
          mortal.die();
          return answer;
        },
      ],
      mortal.store,
    );
    await expect(startRun({ ...dying, store: mortal.store }, goal)).rejects.toThrow();
    const [run] = await store.listRuns();
    const runId = run?.id ?? "";
    // Left as a SIGKILL leaves it: the plan step committed, the run `running` into a step that never committed.
    expect(run?.status).toBe("running");
    expect((await store.readEvents(runId)).at(-1)).toMatchObject({ type: "run-transition", to: "running" });

    const result = await continueAbandonedRun(await setup([answer], store), runId);

    expect(result).toMatchObject({ status: "completed", answer: answer.text });
    expect((await store.verifyRun(runId)).problem).toBeNull();
    const recovered = await store.readEvents(runId);
    expect(recovered.map((event) => event.seq)).toEqual(recovered.map((_, index) => index));
    expect(recovered.filter((event) => event.type === "step-start").map((event) => event.step)).toEqual([
      1, 2,
    ]);
  });

  it("logs exactly what an uninterrupted run logs, but for times", async () => {
    const goal = { goal: "what do the notes say?", workspace: await workspace() };
    const uninterruptedStore = await freshStore();
    await startRun(await setup([plan, answer], uninterruptedStore), goal);
    const [uninterrupted] = await uninterruptedStore.listRuns();

    const store = await freshStore();
    const mortal = mortalStore(store);
    const dying = await setup(
      [
        plan,
        () => {
          mortal.die();
          return answer;
        },
      ],
      mortal.store,
    );
    await startRun({ ...dying, store: mortal.store }, goal).catch(() => {});
    const [crashed] = await store.listRuns();
    await continueAbandonedRun(await setup([answer], store), crashed?.id ?? "");

    expect(shape(await store.readEvents(crashed?.id ?? ""))).toEqual(
      shape(await uninterruptedStore.readEvents(uninterrupted?.id ?? "")),
    );
  });

  it("refuses an external run and a run another live process holds, writing nothing", async () => {
    const store = await freshStore();
    const runtime = await setup([], store);
    const external = await createExternalRun(runtime, { goal: "g", workspace: await workspace() });
    const before = await store.readEvents(external);
    await expect(continueAbandonedRun(runtime, external)).rejects.toThrow("is an external run");
    expect(await store.readEvents(external)).toEqual(before);

    const claims = journalClaims(store);
    claims.claimElsewhere(external);
    await expect(continueAbandonedRun({ ...runtime, store: claims.store }, external)).rejects.toThrow(
      "is being executed by another process",
    );
    expect(claims.journal).toEqual([`refused ${external}`]);
  });
});
