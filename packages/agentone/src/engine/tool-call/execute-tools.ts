import { z } from "zod";
import type { ToolDefinition } from "../../backends/model-backend.js";
import type { Reservation, StepDeadlines } from "../../budget/ledger.js";
import { BudgetExceededError, ToolError } from "../../core/errors/index.js";
import type { EventOf } from "../../core/events/run-event.js";
import type { ToolCallRequest } from "../../core/messages.js";
import type { AnyTool } from "../../tools/tool.js";
import type { RunContext } from "../run-context.js";
import { callSignal } from "../step/deadlines.js";
import { answerExpiredCalls, turnExpired } from "./approvals/expire-approvals.js";
import { requestApprovals } from "./approvals/request-approvals.js";
import { openToolTurn, type ToolTurn } from "./approvals/tool-turn.js";
import { type PreparedCall, prepareToolCall } from "./parse-tool-arguments.js";
import { runToolCall, type ToolCallOutcome, toolCallIdempotencyKey } from "./tool-cache/run-tool-call.js";

/** Tool output beyond this many characters is cut (with a marker) to protect the model's context. */
export const maxToolOutputCharacters = 32_000;

/**
 * The tools as offered to the model: each tool's own JSON Schema when it has one (MCP tools), else one
 * derived from its zod schema.
 */
export function toolDefinitions(tools: readonly AnyTool[]): ToolDefinition[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema:
      tool.inputJsonSchema ?? (z.toJSONSchema(tool.inputSchema, { io: "input" }) as Record<string, unknown>),
  }));
}

/** Where a tool turn stands after `advanceToolTurn`. */
export type ToolTurnProgress =
  | { type: "done"; breach: BudgetExceededError | null }
  /** Some calls wait for a human: nothing of the turn has run. */
  | { type: "waiting" }
  /** A request was not decided in time: every call was answered unexecuted; the termination policy applies. */
  | { type: "expired" };

function capOutput(text: string): string {
  if (text.length <= maxToolOutputCharacters) return text;
  return `${text.slice(0, maxToolOutputCharacters)}\n[... output cut: ${text.length - maxToolOutputCharacters} more characters]`;
}

const refused = (error: ToolError): ToolCallOutcome => ({ output: null, error, durationMs: 0 });

function deniedBy(decision: EventOf<"approval-decision">): ToolError {
  const who = decision.decidedBy === "rule" ? `the rule ${decision.rule ?? "(unnamed)"}` : "a human";
  return new ToolError(
    "denied",
    `the call was denied by ${who}: ${decision.reason ?? "no reason given"}. It was not executed.`,
  );
}

/** Why an admitted call must not run (a refusal, a denial), or null when it may. */
function refusalOf(prepared: PreparedCall, turn: ToolTurn): ToolError | null {
  if ("refusal" in prepared) return prepared.refusal;
  const decision = turn.decisions.get(prepared.call.id);
  if (decision?.decision === "deny") return deniedBy(decision);
  if (prepared.traits.requiresApproval && decision?.decision !== "approve")
    return new ToolError("denied", "the call needs approval and none was given. It was not executed.");
  return null;
}

type Slot = { prepared: PreparedCall; reservation: Reservation | null; outcome: ToolCallOutcome | null };

/**
 * Runs a turn whose calls are all decided. Each call takes a tool-call reservation in call order (so several
 * calls from one turn cannot overshoot the budget), refused and denied calls included; calls beyond the
 * budget are answered with an error instead. Denied calls and refusals never execute. Read-only calls run
 * concurrently; if any call may have side effects or makes model calls, all run in order. Results are
 * recorded in call order.
 */
async function runDecidedCalls(
  context: RunContext,
  input: { turn: ToolTurn; prepared: readonly PreparedCall[]; deadlines: StepDeadlines },
): Promise<BudgetExceededError | null> {
  const { log, ledger } = context;
  const { turn } = input;
  let breach: BudgetExceededError | null = null;
  const slots: Slot[] = [];
  for (const prepared of input.prepared) {
    try {
      const reservation = ledger.reserveToolCall();
      log.emit({
        type: "budget-reserve",
        step: turn.step,
        reservationId: reservation.id,
        purpose: "tool-call",
        amount: reservation.amount,
      });
      const refusal = refusalOf(prepared, turn);
      slots.push({ prepared, reservation, outcome: refusal ? refused(refusal) : null });
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      breach ??= error;
      const message = "not executed: the run's tool-call budget is exhausted";
      slots.push({
        prepared,
        reservation: null,
        outcome: refused(new ToolError("budget_exhausted", message)),
      });
    }
  }
  const runnable = slots.flatMap(({ prepared, outcome }) =>
    outcome === null && !("refusal" in prepared) ? [prepared] : [],
  );
  // Calls that make model calls run in order too: their nested calls' events must not interleave.
  const concurrent = runnable.every(
    (prepared) => prepared.traits.sideEffect === "none" && !prepared.tool.makesModelCalls,
  );
  // A tool may change the world: the steps before it are in the store first (the model call before it
  // waited already, unless its answer came from a cache or the turn is one continued after approvals).
  // Awaited here, before any call starts and outside the calls' own error handling: a failed write fails
  // the step, as it fails a model call, instead of reaching the model as the tool's error while the next
  // call of the turn runs with the write still missing.
  if (runnable.length > 0) await log.written();
  const { signal, dispose } = callSignal(context, input.deadlines);
  try {
    const outcomes = new Map<PreparedCall, ToolCallOutcome>();
    const run = (prepared: (typeof runnable)[number]) =>
      runToolCall(context, { step: turn.step, prepared, signal, deadlines: input.deadlines });
    if (concurrent) {
      const results = await Promise.all(runnable.map(run));
      for (const [index, prepared] of runnable.entries())
        outcomes.set(prepared, results[index] as ToolCallOutcome);
    } else
      for (const prepared of runnable) {
        // After a kill or a deadline, no further call of the turn starts (a tool may not check the signal).
        if (signal.aborted) break;
        outcomes.set(prepared, await run(prepared));
      }
    for (const slot of slots) recordResult(context, { step: turn.step, slot, outcomes });
  } finally {
    dispose();
  }
  if (signal.aborted) throw signal.reason;
  return breach;
}

function recordResult(
  context: RunContext,
  input: { step: number; slot: Slot; outcomes: Map<PreparedCall, ToolCallOutcome> },
): void {
  const { log, ledger } = context;
  const { step, slot } = input;
  const outcome =
    slot.outcome ??
    input.outcomes.get(slot.prepared) ??
    refused(new ToolError("timeout", "not executed: the run was stopped before this call started"));
  if (slot.reservation) {
    const { released } = ledger.settle(slot.reservation, { toolCalls: 1 });
    log.emit({
      type: "budget-settle",
      step,
      reservationId: slot.reservation.id,
      actual: { toolCalls: 1 },
      released,
    });
  }
  const call: ToolCallRequest = slot.prepared.call;
  log.emit({
    type: "tool-result",
    step,
    callId: call.id,
    tool: call.name,
    output: capOutput(outcome.error ? `Error: ${outcome.error.message}` : (outcome.output?.content ?? "")),
    isError: outcome.error !== null,
    ...(outcome.error ? { errorReason: outcome.error.reason } : {}),
    durationMs: outcome.durationMs,
    ...(outcome.output?.metadata ? { metadata: outcome.output.metadata } : {}),
  });
}

/**
 * Moves the open tool turn (the latest step's calls without results) forward: reviews calls nothing has
 * been decided about (rules decide, or a human is asked), and, once every call is decided, runs the turn.
 * Nothing of a turn runs while any of its calls waits for a human: calls of one turn may depend on each
 * other's order, and a human may deny the one the others lead up to.
 */
export async function advanceToolTurn(
  context: RunContext,
  deadlines: StepDeadlines,
): Promise<ToolTurnProgress> {
  const { log, runtime } = context;
  const before = openToolTurn(log.events);
  if (!before) return { type: "done", breach: null };
  const prepared = before.open.map((call) => prepareToolCall(runtime.tools, call));
  if (requestApprovals(context, { turn: before, prepared }) > 0) return { type: "waiting" };
  const turn = openToolTurn(log.events) ?? before;
  if (turnExpired(turn)) {
    answerExpiredCalls(context, turn);
    return { type: "expired" };
  }
  return { type: "done", breach: await runDecidedCalls(context, { turn, prepared, deadlines }) };
}

/**
 * Runs the tool calls of one model turn: records them, then advances the turn (approvals, budget, execution;
 * see `advanceToolTurn`). When calls wait for a human, nothing runs and the loop pauses the run before its
 * next step. Returns the budget breach, if any, so the loop can stop after this step.
 */
export async function executeToolCalls(
  context: RunContext,
  input: { step: number; calls: ToolCallRequest[]; deadlines: StepDeadlines },
): Promise<BudgetExceededError | null> {
  for (const call of input.calls)
    context.log.emit({
      type: "tool-call",
      step: input.step,
      callId: call.id,
      tool: call.name,
      arguments: call.arguments,
      idempotencyKey: toolCallIdempotencyKey(context.log.runId, input.step, call.id),
    });
  const progress = await advanceToolTurn(context, input.deadlines);
  return progress.type === "done" ? progress.breach : null;
}
