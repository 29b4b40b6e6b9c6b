import { z } from "zod";
import type { ToolDefinition } from "../backends/model-backend.js";
import type { Reservation } from "../budget/ledger.js";
import { BudgetExceededError, isAgentOneError, ToolError } from "../core/errors/index.js";
import type { ToolCallRequest } from "../core/messages.js";
import type { AnyTool, ToolOutput } from "../tools/tool.js";
import { callSignal, type StepDeadlines } from "./deadlines.js";
import { parseToolArguments } from "./parse-tool-arguments.js";
import type { RunContext } from "./run-context.js";

/** Tool output beyond this many characters is cut (with a marker) to protect the model's context. */
export const maxToolOutputCharacters = 32_000;

/** The tools as offered to the model, with JSON Schemas derived from their zod schemas. */
export function toolDefinitions(tools: readonly AnyTool[]): ToolDefinition[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.inputSchema, { io: "input" }) as Record<string, unknown>,
  }));
}

interface Outcome {
  output: ToolOutput | null;
  error: ToolError | null;
  durationMs: number;
}

async function runOne(
  context: RunContext,
  input: { step: number; call: ToolCallRequest; signal: AbortSignal },
): Promise<Outcome> {
  const { runtime, log } = context;
  const startedAt = runtime.clock.now();
  const finish = (output: ToolOutput | null, error: ToolError | null): Outcome => ({
    output,
    error,
    durationMs: runtime.clock.now() - startedAt,
  });
  const tool = runtime.tools.find((candidate) => candidate.name === input.call.name);
  if (!tool) {
    const names = runtime.tools.map((candidate) => candidate.name).join(", ");
    return finish(
      null,
      new ToolError("unknown_tool", `there is no tool named '${input.call.name}'; available tools: ${names}`),
    );
  }
  try {
    const parsed = parseToolArguments(tool, input.call.arguments);
    return finish(
      await tool.execute(parsed, {
        workspaceRoot: log.state.workspace,
        signal: input.signal,
        clock: runtime.clock,
        // Model-chosen call ids may repeat across turns (old Ollama servers); the step makes them unique.
        idempotencyKey: `${log.state.runId}:${input.step}:${input.call.id}`,
      }),
      null,
    );
  } catch (error) {
    if (input.signal.aborted)
      return finish(null, new ToolError("timeout", "the tool call was stopped before it finished"));
    if (isAgentOneError(error) && error.code === "TOOL_ERROR") return finish(null, error as ToolError);
    const message = error instanceof Error ? error.message : String(error);
    return finish(null, new ToolError("failed", `${input.call.name} failed: ${message}`, { cause: error }));
  }
}

function capOutput(text: string): string {
  if (text.length <= maxToolOutputCharacters) return text;
  return `${text.slice(0, maxToolOutputCharacters)}\n[... output cut: ${text.length - maxToolOutputCharacters} more characters]`;
}

/**
 * Runs the tool calls of one model turn. Each call is reserved against the tool-call budget before it runs
 * (so several calls from one turn cannot overshoot it); calls beyond the budget are answered with an
 * error observation instead. Read-only calls run concurrently; anything with side effects runs in order.
 * Returns the budget breach, if any, so the loop can stop after this step.
 */
export async function executeToolCalls(
  context: RunContext,
  input: { step: number; calls: ToolCallRequest[]; deadlines: StepDeadlines },
): Promise<BudgetExceededError | null> {
  const { log, ledger, runtime } = context;
  let breach: BudgetExceededError | null = null;
  // One slot per call, in call order: a reservation to run it, or the refusal that answers it.
  const slots: (
    | { call: ToolCallRequest; reservation: Reservation }
    | { call: ToolCallRequest; refused: Outcome }
  )[] = [];
  for (const call of input.calls) {
    log.emit({
      type: "tool-call",
      step: input.step,
      callId: call.id,
      tool: call.name,
      arguments: call.arguments,
    });
    try {
      const reservation = ledger.reserveToolCall();
      log.emit({
        type: "budget-reserve",
        step: input.step,
        reservationId: reservation.id,
        purpose: "tool-call",
        amount: reservation.amount,
      });
      slots.push({ call, reservation });
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      breach ??= error;
      slots.push({
        call,
        refused: {
          output: null,
          error: new ToolError("budget_exhausted", "not executed: the run's tool-call budget is exhausted"),
          durationMs: 0,
        },
      });
    }
  }
  const admitted = slots.flatMap((slot) => ("reservation" in slot ? [slot] : []));
  const readOnly = admitted.every(
    ({ call }) => runtime.tools.find((tool) => tool.name === call.name)?.sideEffect === "none",
  );
  const { signal, dispose } = callSignal(context, input.deadlines);
  try {
    const outcomes = new Map<string, Outcome>();
    if (readOnly) {
      const results = await Promise.all(
        admitted.map(({ call }) => runOne(context, { step: input.step, call, signal })),
      );
      for (const [index, { call }] of admitted.entries()) outcomes.set(call.id, results[index] as Outcome);
    } else
      for (const { call } of admitted)
        outcomes.set(call.id, await runOne(context, { step: input.step, call, signal }));
    for (const slot of slots) {
      const outcome = "refused" in slot ? slot.refused : (outcomes.get(slot.call.id) as Outcome);
      if ("reservation" in slot) {
        const { released } = ledger.settle(slot.reservation, { toolCalls: 1 });
        log.emit({
          type: "budget-settle",
          step: input.step,
          reservationId: slot.reservation.id,
          actual: { toolCalls: 1 },
          released,
        });
      }
      log.emit({
        type: "tool-result",
        step: input.step,
        callId: slot.call.id,
        tool: slot.call.name,
        output: capOutput(
          outcome.error ? `Error: ${outcome.error.message}` : (outcome.output?.content ?? ""),
        ),
        isError: outcome.error !== null,
        ...(outcome.error ? { errorReason: outcome.error.reason } : {}),
        durationMs: outcome.durationMs,
        ...(outcome.output?.metadata ? { metadata: outcome.output.metadata } : {}),
      });
    }
  } finally {
    dispose();
  }
  if (signal.aborted) throw signal.reason;
  return breach;
}
