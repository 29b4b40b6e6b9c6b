import type { BudgetLimits } from "../../src/core/budget-limits.js";
import type { EventPayload, RunEvent } from "../../src/core/events/run-event.js";

/** Builds a well-formed event log by hand: each payload gets the next sequence number and a time. */
export function buildLog(
  runId: string,
  payloads: EventPayload[],
  options: { start?: number; stepMs?: number } = {},
): RunEvent[] {
  const start = options.start ?? Date.parse("2026-01-01T00:00:00.000Z");
  return payloads.map(
    (payload, seq) =>
      ({
        ...payload,
        schemaVersion: 1,
        runId,
        seq,
        at: new Date(start + seq * (options.stepMs ?? 1000)).toISOString(),
      }) as RunEvent,
  );
}

export const runStart = (goal = "find the bug", limits: BudgetLimits = {}): EventPayload => ({
  type: "run-start",
  goal,
  workspace: "/tmp/workspace",
  options: {
    limits,
    onExhaust: ["summarize"],
    model: null,
    seed: 1,
    budgetPrompt: true,
    warnAt: 0.8,
    temperature: 0,
  },
  parentRunId: null,
});
