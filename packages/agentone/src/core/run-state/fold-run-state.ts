import { addToLimits } from "../add-to-limits.js";
import { addUsage, emptyUsage } from "../budget-usage.js";
import { EventSchemaError } from "../errors/index.js";
import type { RunEvent } from "../events/run-event.js";
import { freezeMessage } from "../messages.js";
import { assertTransition, isQueuedStatus, isWaitingStatus, type RunStatus } from "../run-status.js";
import { fileChangesOf } from "./file-changes.js";
import type { RunState } from "./run-state.js";

// A queued run has not started: the time it waits for a slot is not its wall-clock time.
const isActive = (status: RunStatus) =>
  !isWaitingStatus(status) &&
  !isQueuedStatus(status) &&
  status !== "completed" &&
  status !== "failed" &&
  status !== "killed";

function elapsed(from: string, to: string): number {
  return Math.max(0, Date.parse(to) - Date.parse(from));
}

/** Applies one event to a run state. Pure: returns a new state. */
export function applyEvent(state: RunState, event: RunEvent): RunState {
  if (event.seq !== state.lastSeq + 1) {
    throw new EventSchemaError(`event ${event.seq} out of sequence after ${state.lastSeq}`, {
      details: { runId: event.runId },
    });
  }
  const next: RunState = { ...state, lastSeq: event.seq, updatedAt: event.at };
  switch (event.type) {
    case "run-start":
      throw new EventSchemaError("a run has only one run-start event");
    case "run-transition": {
      assertTransition(state.status, event.to);
      next.status = event.to;
      next.waitReason = isWaitingStatus(event.to) ? event.reason : null;
      const wasActive = isActive(state.status);
      const nowActive = isActive(event.to);
      if (wasActive && !nowActive && state.activeSince) {
        next.activeMs = state.activeMs + elapsed(state.activeSince, event.at);
        next.activeSince = null;
      } else if (!wasActive && nowActive) {
        next.activeSince = event.at;
      }
      return next;
    }
    case "step-start":
      next.usage = addUsage(state.usage, { steps: 1 });
      next.lastStep = event.step;
      next.currentStepKind = event.kind;
      if (event.kind === "plan" || event.kind === "replan") next.actStepsSincePlan = 0;
      if (event.kind === "act") next.actStepsSincePlan = state.actStepsSincePlan + 1;
      return next;
    case "model-call-end":
      // A tool's nested call answered the tool, which reports back through its result: the conversation
      // (and the plan, and the last answer) stay as they were.
      if (event.nested) return next;
      next.messages = [
        ...state.messages,
        // The calls are copied so freezing the message leaves the event's own objects as they were.
        freezeMessage({
          role: "assistant",
          content: event.text,
          ...(event.toolCalls.length > 0 ? { toolCalls: event.toolCalls.map((call) => ({ ...call })) } : {}),
        }),
      ];
      if (event.text.trim() !== "") next.lastAssistantText = event.text;
      if (state.currentStepKind === "plan" || state.currentStepKind === "replan") next.plan = event.text;
      return next;
    case "tool-result":
      if (fileChangesOf(event).length > 0) {
        next.unverifiedEdits = true;
        next.verificationRequested = false;
      }
      // A command that ran (whatever its exit code) verified the edits before it.
      if (event.tool === "run_command" && !event.isError) next.unverifiedEdits = false;
      next.messages = [
        ...state.messages,
        freezeMessage({
          role: "tool",
          toolCallId: event.callId,
          toolName: event.tool,
          content: event.output,
          ...(event.isError ? { isError: true } : {}),
        }),
      ];
      return next;
    case "budget-settle":
      next.usage = addUsage(state.usage, event.actual);
      if (event.anomalies !== undefined && event.anomalies.length > 0) {
        next.usageAnomalies = state.usageAnomalies + 1;
      }
      return next;
    case "retry-schedule":
      next.usage = addUsage(state.usage, { retries: 1 });
      return next;
    case "budget-warning":
      next.warned = new Set([...state.warned, event.dimension]);
      return next;
    case "step-end":
      next.consecutiveFailedSteps = event.status === "failed" ? state.consecutiveFailedSteps + 1 : 0;
      return next;
    case "run-input":
      next.limits = addToLimits(state.limits, {
        usd: event.addUsd,
        tokens: event.addTokens,
        steps: event.addSteps,
        toolCalls: event.addToolCalls,
        modelCalls: event.addModelCalls,
        retries: event.addRetries,
        wallClockMs: event.addWallClockMs,
      });
      // A person stepped in: earlier failures no longer count towards stopping the run.
      next.consecutiveFailedSteps = 0;
      if (event.text)
        next.messages = [...state.messages, freezeMessage({ role: "user", content: event.text })];
      return next;
    case "run-end":
      next.outcome = event.outcome;
      next.terminationReason = event.terminationReason;
      next.answer = event.answer;
      return next;
    case "model-call-start":
    case "model-call-error":
    case "budget-reserve":
    case "budget-exceeded":
    case "tool-call":
    case "run-kill":
    case "circuit-transition":
      return next;
    case "fallback-select":
      // A fallback is another attempt at the step's call: the ledger counts it as a retry.
      next.usage = addUsage(state.usage, { retries: 1 });
      return next;
    case "verification-request":
      next.verificationRequested = true;
      next.messages = [...state.messages, freezeMessage({ role: "user", content: event.text })];
      return next;
    case "approval-request":
      next.pendingApprovals = [
        ...state.pendingApprovals,
        {
          step: event.step,
          callId: event.callId,
          tool: event.tool,
          arguments: event.arguments,
          reason: event.reason,
          requestedAt: event.at,
        },
      ];
      return next;
    case "approval-decision":
      next.pendingApprovals = state.pendingApprovals.filter(
        (pending) => pending.step !== event.step || pending.callId !== event.callId,
      );
      return next;
  }
}

/** The state right after a `run-start` event. */
export function initialRunState(start: Extract<RunEvent, { type: "run-start" }>): RunState {
  return {
    runId: start.runId,
    goal: start.goal,
    workspace: start.workspace,
    options: start.options,
    parentRunId: start.parentRunId,
    limits: start.options.limits,
    status: "created",
    outcome: null,
    terminationReason: null,
    waitReason: null,
    answer: null,
    lastAssistantText: null,
    plan: null,
    messages: [freezeMessage({ role: "user", content: start.goal })],
    usage: emptyUsage(),
    activeMs: 0,
    activeSince: start.at,
    lastStep: 0,
    currentStepKind: null,
    consecutiveFailedSteps: 0,
    usageAnomalies: 0,
    actStepsSincePlan: 0,
    warned: new Set(),
    unverifiedEdits: false,
    verificationRequested: false,
    pendingApprovals: [],
    createdAt: start.at,
    updatedAt: start.at,
    lastSeq: start.seq,
  };
}

/**
 * Run state is a fold over the run's events: crash recovery, resume and reports all start here.
 *
 * @example
 * ```ts
 * const state = foldRunState(await store.readEvents(runId));
 * console.log(state.status, state.usage.nanoUsd);
 * ```
 */
export function foldRunState(events: readonly RunEvent[]): RunState {
  const [first, ...rest] = events;
  if (first?.type !== "run-start") throw new EventSchemaError("a run's log must begin with run-start");
  let state = initialRunState(first);
  for (const event of rest) state = applyEvent(state, event);
  return state;
}

/** Active wall-clock time of the run at `now` (ISO), excluding time spent waiting for a human. */
export function activeElapsedMs(state: RunState, now: string): number {
  return state.activeMs + (state.activeSince ? elapsed(state.activeSince, now) : 0);
}
