import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  cleanUpScriptedRuns,
  scriptedSetup,
  warmUpScriptedRuns,
} from "../../../test/support/scripted-run.js";
import { continueRun } from "../lifecycle/continue-run.js";
import { createRun } from "../lifecycle/create-run.js";
import { killRun } from "../lifecycle/kill-run.js";
import { markRunQueued } from "../lifecycle/queue-run.js";
import { RunScheduler } from "./run-scheduler.js";

beforeAll(warmUpScriptedRuns);
afterEach(cleanUpScriptedRuns);

/** A promise the test settles by hand. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("scheduled runs in the store", () => {
  it("shows a run that waits for a slot as queued, then runs it from there", async () => {
    const first = gate();
    const { runtime, workspace } = await scriptedSetup([
      async () => {
        await first.promise;
        return { text: "1. answer" };
      },
      { text: "first answer" },
      { text: "1. answer" },
      { text: "second answer" },
    ]);
    const recorded: Promise<void>[] = [];
    const scheduler = new RunScheduler({
      maxRunning: 1,
      maxRunningPerTenant: 1,
      onQueued: (run) => {
        const marking = markRunQueued(runtime, run.runId);
        recorded.push(marking);
        return marking;
      },
    });
    const ids = [
      await createRun(runtime, { goal: "one", workspace }),
      await createRun(runtime, { goal: "two", workspace }),
    ];
    const results = ids.map((runId) =>
      scheduler.submit({ runId, tenant: "acme" }, (stop) => continueRun(runtime, runId, { stop })),
    );
    expect(recorded).toHaveLength(1);
    await Promise.all(recorded);
    expect((await runtime.store.getRun(ids[1] ?? ""))?.status).toBe("queued");

    first.open();
    const [one, two] = await Promise.all(results);
    if (!one || !two) throw new Error("two results expected");

    expect([one.answer, two.answer]).toEqual(["first answer", "second answer"]);
    const transitions = (await runtime.store.readEvents(ids[1] ?? ""))
      .filter((event) => event.type === "run-transition")
      .map((event) => `${event.from}→${event.to} ${event.reason}`);
    expect(transitions).toEqual([
      "created→queued waiting_for_slot",
      "queued→planning plan step",
      "planning→running act step",
      "running→completed answered",
    ]);
  });

  it("a queued run killed while it waits is ended, and its turn executes nothing", async () => {
    const { runtime, workspace } = await scriptedSetup([]);
    const runId = await createRun(runtime, { goal: "g", workspace });
    await markRunQueued(runtime, runId);

    expect((await killRun(runtime, runId)).kind).toBe("ended-here");
    const result = await continueRun(runtime, runId);

    expect(result.status).toBe("killed");
    const kill = (await runtime.store.readEvents(runId)).find((event) => event.type === "run-kill");
    expect(kill).not.toHaveProperty("note");
  });

  it("on close, a run executing pauses after its step in flight, and continues later from there", async () => {
    const inFlight = gate();
    const stepStarted = gate();
    const { runtime, workspace } = await scriptedSetup([
      async () => {
        stepStarted.open();
        await inFlight.promise;
        return { text: "1. read notes.txt" };
      },
      { text: "alpha" },
    ]);
    const scheduler = new RunScheduler({ maxRunning: 1, maxRunningPerTenant: 1 });
    const runId = await createRun(runtime, { goal: "g", workspace });
    const running = scheduler.submit({ runId, tenant: "acme" }, (stop) =>
      continueRun(runtime, runId, { stop }),
    );
    await stepStarted.promise;

    const closing = scheduler.close({ deadline: new Promise(() => {}) });
    inFlight.open();

    expect(await closing).toEqual({ settled: [runId], unfinished: [], notStarted: [] });
    const paused = await running;
    expect(paused.status).toBe("paused");
    const events = await runtime.store.readEvents(runId);
    expect(events.at(-1)).toMatchObject({ type: "run-transition", to: "paused", reason: "shutdown" });

    const resumed = await continueRun(runtime, runId);
    expect(resumed.status).toBe("completed");
    expect(resumed.answer).toBe("alpha");
  });
});
