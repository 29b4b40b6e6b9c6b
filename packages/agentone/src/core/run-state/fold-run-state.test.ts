import { describe, expect, it } from "vitest";
import { buildLog, runStart } from "../../../test/support/event-builder.js";
import { EventSchemaError, InvalidStateTransitionError } from "../errors/index.js";
import type { EventPayload } from "../events/run-event.js";
import { isFrozenMessage } from "../messages.js";
import { activeElapsedMs, foldRunState } from "./fold-run-state.js";

const decision = {
  allowed: true,
  model: "sim-standard",
  tier: "standard",
  maxOutputTokens: 1024,
  reason: "act_preferred_standard",
  explanation: "",
};
const usage = {
  inputTokens: 90,
  cachedInputTokens: 10,
  cacheWriteTokens: 0,
  outputTokens: 20,
  reasoningTokens: 0,
};
const call = { id: "call_1", name: "read_file", arguments: '{"path":"a.txt"}' };

const steps: EventPayload[] = [
  runStart("find the bug", { usd: 1, steps: 10 }),
  { type: "run-transition", from: "created", to: "planning", reason: "plan step" },
  { type: "step-start", step: 1, kind: "plan", decision },
  {
    type: "budget-settle",
    step: 1,
    reservationId: "r1",
    actual: { nanoUsd: 1000, inputTokens: 100, outputTokens: 20, modelCalls: 1 },
    released: {},
  },
  {
    type: "model-call-end",
    step: 1,
    callId: "c1",
    model: "sim-standard",
    modelVersion: "v",
    backend: "simulated",
    text: "1. read a.txt",
    toolCalls: [],
    finishReason: "stop",
    usage,
    costNanoUsd: 1000,
    latencyMs: 500,
    warnings: [],
    provenance: {},
  },
  { type: "step-end", step: 1, kind: "plan", status: "ok", durationMs: 500 },
  { type: "run-transition", from: "planning", to: "running", reason: "act step" },
  { type: "step-start", step: 2, kind: "act", decision },
  {
    type: "model-call-end",
    step: 2,
    callId: "c2",
    model: "sim-standard",
    modelVersion: "v",
    backend: "simulated",
    text: "",
    toolCalls: [call],
    finishReason: "tool-calls",
    usage,
    costNanoUsd: 1000,
    latencyMs: 500,
    warnings: [],
    provenance: {},
  },
  {
    type: "budget-settle",
    step: 2,
    reservationId: "r2",
    actual: { nanoUsd: 1000, inputTokens: 100, outputTokens: 20, modelCalls: 1 },
    released: {},
  },
  { type: "tool-call", step: 2, callId: "call_1", tool: "read_file", arguments: call.arguments },
  { type: "budget-settle", step: 2, reservationId: "r3", actual: { toolCalls: 1 }, released: {} },
  {
    type: "tool-result",
    step: 2,
    callId: "call_1",
    tool: "read_file",
    output: "File: a.txt",
    isError: false,
    durationMs: 3,
  },
  { type: "retry-schedule", step: 2, attempt: 2, waitMs: 100, reason: "rate_limit" },
  { type: "step-end", step: 2, kind: "act", status: "failed", error: "x", durationMs: 900 },
  { type: "run-transition", from: "running", to: "awaiting_input", reason: "budget_exhausted:usd" },
];

describe("foldRunState", () => {
  it("derives status, usage, plan, conversation and counters from the events", () => {
    const state = foldRunState(buildLog("run_1", steps));
    expect(state.status).toBe("awaiting_input");
    expect(state.plan).toBe("1. read a.txt");
    expect(state.usage).toEqual({
      nanoUsd: 2000,
      inputTokens: 200,
      outputTokens: 40,
      toolCalls: 1,
      modelCalls: 2,
      steps: 2,
      retries: 1,
    });
    expect(state.messages.map((message) => message.role)).toEqual(["user", "assistant", "assistant", "tool"]);
    expect(state.consecutiveFailedSteps).toBe(1);
    expect(state.lastStep).toBe(2);
  });

  it("holds its conversation as frozen messages, leaving the events' own tool calls unfrozen", () => {
    const log = buildLog("run_1", steps);
    const state = foldRunState(log);

    expect(state.messages.every(isFrozenMessage)).toBe(true);
    const callEvent = log.find((event) => event.type === "model-call-end" && event.toolCalls.length > 0);
    if (callEvent?.type !== "model-call-end") throw new Error("the fixture has a call with tool calls");
    expect(Object.isFrozen(callEvent.toolCalls)).toBe(false);
    expect(Object.isFrozen(callEvent.toolCalls[0])).toBe(false);
  });

  it("stops counting active time while the run waits for a human, and restarts on resume", () => {
    const waiting = buildLog("run_1", steps, { stepMs: 1000 });
    const state = foldRunState(waiting);
    expect(state.activeSince).toBeNull();
    const waitedAt = Date.parse(waiting[waiting.length - 1]?.at ?? "");
    expect(activeElapsedMs(state, new Date(waitedAt + 3_600_000).toISOString())).toBe(15_000);
    const resumed = buildLog("run_1", [
      ...steps,
      { type: "run-input", text: "go on", addUsd: 1 },
      { type: "run-transition", from: "awaiting_input", to: "running", reason: "resumed" },
    ]);
    const after = foldRunState(resumed);
    expect(after.limits.usd).toBe(2);
    expect(after.messages[after.messages.length - 1]).toEqual({ role: "user", content: "go on" });
    expect(after.activeSince).not.toBeNull();
  });

  it("records the outcome of run-end", () => {
    const state = foldRunState(
      buildLog("run_1", [
        ...steps.slice(0, 7),
        { type: "run-transition", from: "running", to: "completed", reason: "answered" },
        {
          type: "run-end",
          status: "completed",
          outcome: "complete",
          terminationReason: "answered",
          answer: "it is line 4",
          artifacts: { changedFiles: [], diff: "" },
        },
      ]),
    );
    expect(state).toMatchObject({
      status: "completed",
      outcome: "complete",
      terminationReason: "answered",
      answer: "it is line 4",
    });
  });

  it("rejects a log with a forbidden transition", () => {
    const log = buildLog("run_1", [
      runStart(),
      { type: "run-transition", from: "created", to: "awaiting_approval", reason: "?" },
    ]);
    expect(() => foldRunState(log)).toThrow(InvalidStateTransitionError);
  });

  it("rejects a log that does not start with run-start, or skips a sequence number", () => {
    expect(() => foldRunState(buildLog("run_1", steps.slice(1)))).toThrow(EventSchemaError);
    const log = buildLog("run_1", steps.slice(0, 3));
    const gap = [log[0], { ...log[2], seq: 5 }] as typeof log;
    expect(() => foldRunState(gap)).toThrow(/out of sequence/);
  });
});
