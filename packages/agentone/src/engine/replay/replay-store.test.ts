import { describe, expect, it } from "vitest";
import { buildLog, runStart } from "../../../test/support/event-builder.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { RunRecord } from "../../store/store.js";
import { ReplayStore } from "./replay-store.js";

const runId = "run_stored000001";

function record(start: RunEvent): RunRecord {
  return {
    id: runId,
    goal: "g",
    workspace: "/w",
    status: "created",
    outcome: null,
    terminationReason: null,
    parentRunId: null,
    costNanoUsd: 0,
    createdAt: start.at,
    updatedAt: start.at,
  };
}

describe("ReplayStore", () => {
  it("reads events back as a stored log reads: through JSON, validated, written ones included after a read", async () => {
    const [start, transition, settle] = buildLog(runId, [
      runStart(),
      { type: "run-transition", from: "created", to: "planning", reason: "plan step" },
      { type: "run-transition", from: "planning", to: "running", reason: "plan ready" },
    ]) as [RunEvent, RunEvent, RunEvent];
    const store = new ReplayStore();
    // A member holding undefined is dropped by JSON, as a stored log drops it.
    await store.createRun(record(start), [{ ...start, extra: undefined } as unknown as RunEvent]);
    await store.appendEvents(runId, [transition]);
    const first = await store.readEvents(runId);
    expect(first).toEqual([start, transition]);
    expect(Object.keys(first[0] as RunEvent)).not.toContain("extra");
    expect(first[1]).not.toBe(transition);

    await store.appendEvents(runId, [settle]);
    const second = await store.readEvents(runId);
    expect(second.map((event) => event.seq)).toEqual([0, 1, 2]);
    // What was read once reads back the same.
    expect(second[1]).toBe(first[1]);
  });

  it("refuses, when it is read, an event no reader would accept", async () => {
    const [start, transition] = buildLog(runId, [
      runStart(),
      { type: "run-transition", from: "created", to: "planning", reason: "plan step" },
    ]) as [RunEvent, RunEvent];
    const store = new ReplayStore();
    await store.createRun(record(start), [start]);
    await store.appendEvents(runId, [{ ...transition, to: "somewhere" } as unknown as RunEvent]);
    await expect(store.readEvents(runId)).rejects.toMatchObject({ code: "EVENT_SCHEMA_ERROR" });
  });
});
