import { describe, expect, it } from "vitest";
import { buildLog, runStart } from "../../../test/support/event-builder.js";
import { VirtualClock } from "../../core/clock/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import type { RunStatus } from "../../core/run-status.js";
import type { RunHold } from "../../store/store.js";
import type { KillSwitch } from "../kill-switch/kill-switch.js";
import { MemoryKillSwitch } from "../kill-switch/kill-switch.js";
import { ReplayStore } from "../replay/replay-store.js";
import { RunLog } from "../run-log.js";
import { finishRun } from "./finish-run.js";
import { killRun } from "./kill-run.js";

const runId = "run_killrun000001";
const clock = new VirtualClock({ start: Date.parse("2026-01-01T00:01:00.000Z") });

/** A store shared by processes, as PostgreSQL is: one claim per run, given up by `release`. */
class SharedStore extends ReplayStore {
  readonly #claimed = new Set<string>();
  /** Runs just before a claim is tried: what another process does in that moment. */
  beforeClaim: () => Promise<void> = async () => {};

  async holdRun(id: string): Promise<RunHold | undefined> {
    await this.beforeClaim();
    if (this.#claimed.has(id)) return undefined;
    this.#claimed.add(id);
    return { release: async () => void this.#claimed.delete(id) };
  }
}

/** A run in `status`, stored as its executing process left it. */
async function storedRun(status: Extract<RunStatus, "planning" | "awaiting_input">): Promise<SharedStore> {
  const store = new SharedStore();
  const events = buildLog(runId, [
    runStart(),
    { type: "run-transition", from: "created", to: status, reason: "test" },
  ]);
  const record = {
    id: runId,
    goal: "find the bug",
    workspace: "/tmp/workspace",
    status,
    outcome: null,
    terminationReason: null,
    parentRunId: null,
    costNanoUsd: 0,
    createdAt: events[0]?.at ?? "",
    updatedAt: events.at(-1)?.at ?? "",
  };
  await store.createRun(record, events);
  return store;
}

/** Ends the run from its stored log, as the process executing it does. */
async function endRun(store: SharedStore, ending: "killed" | "completed"): Promise<void> {
  const events = await store.readEvents(runId);
  const log = new RunLog({ events, state: foldRunState(events), store, clock });
  if (ending === "killed") log.emit({ type: "run-kill", scope: "run" });
  else log.transition("running", "test");
  await finishRun(log, {
    status: ending,
    outcome: ending === "killed" ? "partial" : "complete",
    reason: ending === "killed" ? "killed:run" : "answered",
    answer: null,
  });
}

/**
 * The kill switch of a live process that holds the run's claim and, when the switch is set, ends the run
 * itself and gives its claim up, all before `trigger` returns: the quickest a real process can be (a file
 * watcher fires as the kill file is created).
 */
async function liveProcess(store: SharedStore): Promise<KillSwitch & { triggered: number }> {
  const hold = await store.holdRun(runId);
  if (hold === undefined) throw new Error("the test's process could not claim the run");
  const killSwitch = new MemoryKillSwitch();
  return Object.assign(killSwitch, {
    triggered: 0,
    async trigger(target: { runId: string } | { global: true }) {
      this.triggered += 1;
      await MemoryKillSwitch.prototype.trigger.call(killSwitch, target);
      await endRun(store, "killed");
      await hold.release();
    },
  });
}

const typesOf = async (store: SharedStore) => (await store.readEvents(runId)).map((event) => event.type);

describe("killRun", () => {
  it("leaves a run whose process is alive to that process, even when it stops and lets go at once", async () => {
    const store = await storedRun("planning");
    const killSwitch = await liveProcess(store);

    expect(await killRun({ store, killSwitch, clock }, runId)).toEqual({ kind: "signalled" });

    expect(killSwitch.triggered).toBe(1);
    const events = await store.readEvents(runId);
    expect(events.filter((event) => event.type === "run-kill")).toEqual([
      expect.not.objectContaining({ note: expect.anything() }),
    ]);
    expect(events.at(-1)).toMatchObject({ type: "run-end", status: "killed" });
  });

  it("ends a run whose process is gone itself, saying so, without setting the kill switch", async () => {
    const store = await storedRun("planning");
    const killSwitch = new MemoryKillSwitch();

    expect(await killRun({ store, killSwitch, clock }, runId)).toEqual({ kind: "ended-here" });

    expect(await killSwitch.check(runId)).toBeNull();
    const events = await store.readEvents(runId);
    expect(events.find((event) => event.type === "run-kill")).toMatchObject({
      note: "the process executing the run was gone (the run was planning)",
    });
    expect(events.at(-1)).toMatchObject({
      type: "run-end",
      status: "killed",
      terminationReason: "killed:run",
    });
    expect(await store.holdRun(runId)).toBeDefined();
  });

  it("ends a run that waits for someone without a note", async () => {
    const store = await storedRun("awaiting_input");

    expect(await killRun({ store, killSwitch: new MemoryKillSwitch(), clock }, runId)).toEqual({
      kind: "ended-here",
    });

    const runKill = (await store.readEvents(runId)).find((event) => event.type === "run-kill");
    expect(runKill).toBeDefined();
    expect(runKill).not.toHaveProperty("note");
  });

  it("reports a run that ended before its claim was taken as ended, adding nothing to its log", async () => {
    const store = await storedRun("planning");
    store.beforeClaim = async () => {
      store.beforeClaim = async () => {};
      await endRun(store, "completed");
    };
    const before = await typesOf(store);

    expect(await killRun({ store, killSwitch: new MemoryKillSwitch(), clock }, runId)).toEqual({
      kind: "already-ended",
      status: "completed",
    });

    expect(await typesOf(store)).toEqual([...before, "run-transition", "run-transition", "run-end"]);
  });

  it("touches neither the claim nor the kill switch of a run that has ended", async () => {
    const store = await storedRun("planning");
    await endRun(store, "completed");
    const killSwitch = new MemoryKillSwitch();
    store.beforeClaim = () => Promise.reject(new Error("no claim should be tried"));

    expect(await killRun({ store, killSwitch, clock }, runId)).toEqual({
      kind: "already-ended",
      status: "completed",
    });
    expect(await killSwitch.check(runId)).toBeNull();
  });
});
