import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunEvent } from "../../src/core/events/run-event.js";
import { foldRunState } from "../../src/core/run-state/fold-run-state.js";
import { buildReport } from "../../src/report/build-report.js";
import { packageRoot } from "../support/cli-harness.js";

const read = (name: string) =>
  readFileSync(join(packageRoot, "test/fixtures/event-logs", name), "utf8")
    .trim()
    .split("\n")
    .map((line) => parseRunEvent(JSON.parse(line)));

describe("recorded v1 event logs stay readable", () => {
  it("a tool-budget breach under summarize", () => {
    const events = read("v1/tool-budget-summarize.jsonl");
    const state = foldRunState(events);
    expect(state).toMatchObject({
      status: "completed",
      outcome: "partial",
      terminationReason: "budget_exhausted:toolCalls",
    });
    expect(state.usage.toolCalls).toBe(1);
    const report = buildReport(events);
    expect(report.answer).toContain("Stopped: budget exhausted:toolCalls");
    expect(report.costByStepKind.map((entry) => entry.kind)).toContain("summarize");
    // The report's total is the sum of what each call cost.
    const total = report.costByModel.reduce((sum, entry) => sum + entry.usd, 0);
    expect(report.usage.usd).toBeCloseTo(total, 9);
  });

  it("an ask-human wait, resumed with more budget", () => {
    const events = read("v1/ask-human-resumed.jsonl");
    const state = foldRunState(events);
    expect(state).toMatchObject({ status: "completed", outcome: "complete", terminationReason: "answered" });
    expect(events.map((event) => event.type)).toContain("run-input");
    const transitions = events.flatMap((event) => (event.type === "run-transition" ? [event.to] : []));
    expect(transitions).toContain("awaiting_input");
    expect(
      state.messages.some((message) => message.role === "user" && message.content === "Finish the triage."),
    ).toBe(true);
    // Spend before the wait stayed within the original $0.01.
    const waitIndex = events.findIndex(
      (event) => event.type === "run-transition" && event.to === "awaiting_input",
    );
    expect(foldRunState(events.slice(0, waitIndex + 1)).usage.nanoUsd).toBeLessThanOrEqual(10_000_000);
  });
});
