import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build-report.js";
import { renderReport } from "../../src/report/render-report.js";
import { buildLog, runStart } from "../support/event-builder.js";

const decision = {
  allowed: true,
  model: "sim-standard",
  tier: "standard",
  maxOutputTokens: 2048,
  reason: "act_preferred_standard",
  explanation: "",
};

describe("retry paths in the report", () => {
  it("name the attempt an open circuit refused, though it left no model-call event", () => {
    const events = buildLog("run_r", [
      runStart(),
      { type: "step-start", step: 1, kind: "act", decision },
      { type: "retry-schedule", step: 1, attempt: 3, waitMs: 30_000, reason: "circuit_open" },
    ]);
    expect(buildReport(events).retries.paths).toEqual([
      expect.objectContaining({ step: 1, attempt: 2, error: "circuit_open", waitMs: 30_000 }),
    ]);
  });

  it("name the model of every attempt, never '?': from the retry, else from the step's decision", () => {
    const events = buildLog("run_m", [
      runStart(),
      { type: "step-start", step: 1, kind: "act", decision },
      // An old log: the retry does not say its model, and no model-call event preceded it.
      { type: "retry-schedule", step: 1, attempt: 2, waitMs: 1000, reason: "circuit_open" },
      {
        type: "fallback-select",
        step: 1,
        fromModel: "sim-standard",
        failure: "circuit_open",
        decision: { ...decision, model: "sim-cheap", reason: "act_fallback_cheap" },
      },
      { type: "retry-schedule", step: 1, attempt: 4, waitMs: 1000, reason: "circuit_open" },
      {
        type: "retry-schedule",
        step: 1,
        attempt: 5,
        model: "sim-cheap",
        waitMs: 1000,
        reason: "circuit_open",
      },
    ]);
    const report = buildReport(events);
    expect(report.retries.paths.map((path) => path.model)).toEqual([
      "sim-standard",
      "sim-standard",
      "sim-cheap",
      "sim-cheap",
    ]);
    expect(renderReport(report)).not.toContain(" on ?");
  });

  it("keep a tool's nested call's failures apart from its step's", () => {
    const nested = {
      tool: "summarize_document",
      toolCallId: "sum_1",
      purpose: "summarize_document",
      index: 0,
      maxOutputTokens: 600,
    };
    const failure = {
      model: "sim-cheap",
      backend: "simulated",
      code: "MODEL_CALL_ERROR",
      message: "rate limited",
      retryable: true,
      latencyMs: 10,
    };
    const start = {
      model: "sim-cheap",
      backend: "simulated",
      request: { messages: [], tools: [], maxOutputTokens: 600 },
    };
    const events = buildLog("run_n", [
      runStart(),
      { type: "step-start", step: 1, kind: "act", decision },
      { type: "model-call-start", step: 1, callId: "c1", attempt: 1, ...start },
      { type: "model-call-error", step: 1, callId: "c1", failure: "server", ...failure },
      { type: "model-call-start", step: 1, callId: "c2", attempt: 1, ...start, nested },
      { type: "model-call-error", step: 1, callId: "c2", failure: "rate_limit", ...failure, nested },
      { type: "retry-schedule", step: 1, attempt: 2, waitMs: 1000, reason: "rate_limit", nested },
      { type: "retry-schedule", step: 1, attempt: 2, waitMs: 500, reason: "server" },
    ]);
    expect(buildReport(events).retries.paths.map((path) => [path.error, path.waitMs])).toEqual([
      ["rate_limit", 1000],
      ["server", 500],
    ]);
  });
});
