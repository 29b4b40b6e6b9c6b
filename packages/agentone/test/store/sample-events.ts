import { randomUUID } from "node:crypto";
import type { EventOf, RunEvent } from "../../src/core/events/run-event.js";
import type { RunRecord } from "../../src/store/store.js";
import { runStart } from "../support/event-builder.js";

/** A run id no other test in the same database uses, with an optional recognisable prefix. */
export function uniqueRunId(prefix = "run"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** An ISO time `seconds` after a fixed start, so tests control ordering. */
export function timeAt(seconds: number, start = "2025-01-01T00:00:00.000Z"): string {
  return new Date(Date.parse(start) + seconds * 1000).toISOString();
}

export function sampleRun(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    goal: "fix the failing test",
    workspace: "/tmp/workspace",
    status: "created",
    outcome: null,
    terminationReason: null,
    parentRunId: null,
    costNanoUsd: 0,
    createdAt: timeAt(0),
    updatedAt: timeAt(0),
    ...overrides,
  };
}

export function runStartEvent(runId: string, seq = 0): EventOf<"run-start"> {
  return {
    ...runStart("fix the failing test"),
    schemaVersion: 1,
    runId,
    seq,
    at: timeAt(seq),
  } as EventOf<"run-start">;
}

export function transitionEvent(runId: string, seq: number): EventOf<"run-transition"> {
  return {
    schemaVersion: 1,
    runId,
    seq,
    at: timeAt(seq),
    type: "run-transition",
    from: "created",
    to: "running",
    reason: "started",
  };
}

export function reserveEvent(runId: string, seq: number): EventOf<"budget-reserve"> {
  return {
    schemaVersion: 1,
    runId,
    seq,
    at: timeAt(seq),
    type: "budget-reserve",
    step: 1,
    reservationId: "reservation-1",
    purpose: "model-call",
    amount: { nanoUsd: 5_000_000_000, inputTokens: 1200, outputTokens: 800, modelCalls: 1 },
    maxOutputTokens: 800,
  };
}

export function settleEvent(runId: string, seq: number): EventOf<"budget-settle"> {
  return {
    schemaVersion: 1,
    runId,
    seq,
    at: timeAt(seq),
    type: "budget-settle",
    step: 1,
    reservationId: "reservation-1",
    actual: { nanoUsd: 3_000_000_000, inputTokens: 1100, outputTokens: 300, modelCalls: 1 },
    released: { nanoUsd: 2_000_000_000, inputTokens: 100, outputTokens: 500 },
  };
}

/** A run's first events: its start and its move to running. */
export function openingEvents(runId: string): RunEvent[] {
  return [runStartEvent(runId, 0), transitionEvent(runId, 1)];
}
