import { BudgetExceededError, RunNotOpenError } from "../../core/errors/index.js";
import type { Runtime } from "../runtime.js";
import { refuseIfKilled } from "./end-killed-run.js";
import { type ExternalToolCallInput, externalToolCallInputSchema } from "./external-run-inputs.js";
import { withExternalRun } from "./open-external-run.js";
import { parseInput } from "./parse-input.js";
import { stopExternalRun } from "./stop-external-run.js";

/** A counted tool call: its id in the log, and the run's tool calls so far. */
export interface ExternalToolCallRecord {
  callId: string;
  step: number;
  toolCalls: { used: number; limit: number | null };
}

/**
 * Counts one tool call of an external run's loop against its `toolCalls` budget, as the managed loop
 * counts its own (`budget-reserve` and `budget-settle` of one tool call, then `tool-call` and
 * `tool-result`), in the run's latest step. Report it before the tool runs: a call the budget no longer
 * allows is refused (BudgetExceededError, recorded as `budget-exceeded`; the run stops as at any breach).
 *
 * Throws BudgetExceededError, UsageError (bad input, naming the field), NotFoundError, RunNotOpenError
 * (ended, managed, or waiting for a human), KillSwitchTriggeredError.
 *
 * @example
 * ```ts
 * await recordExternalToolCall(runtime, runId, { tool: "search_docs", arguments: '{"q":"refund policy"}' });
 * ```
 */
export async function recordExternalToolCall(
  runtime: Runtime,
  runId: string,
  call: ExternalToolCallInput,
): Promise<ExternalToolCallRecord> {
  const input = parseInput(externalToolCallInputSchema, call, "tool call");
  return withExternalRun(runtime, runId, async (opened) => {
    await refuseIfKilled(opened);
    const { context } = opened;
    const { log, ledger } = context;
    if (log.state.status === "awaiting_input")
      throw new RunNotOpenError({
        runId,
        status: log.state.status,
        why: `it waits for a human (${log.state.waitReason ?? "awaiting input"}); resume it with more budget`,
      });
    const step = log.state.lastStep;
    let reservation: ReturnType<typeof ledger.reserveToolCall>;
    try {
      reservation = ledger.reserveToolCall();
    } catch (error) {
      if (error instanceof BudgetExceededError) stopExternalRun(context, error);
      throw error;
    }
    log.emit({
      type: "budget-reserve",
      step,
      reservationId: reservation.id,
      purpose: "tool-call",
      amount: reservation.amount,
    });
    const { released } = ledger.settle(reservation, { toolCalls: 1 });
    log.emit({
      type: "budget-settle",
      step,
      reservationId: reservation.id,
      actual: { toolCalls: 1 },
      released,
    });
    const callId = runtime.ids.next("call");
    log.emit({ type: "tool-call", step, callId, tool: input.tool, arguments: input.arguments });
    log.emit({
      type: "tool-result",
      step,
      callId,
      tool: input.tool,
      output: input.output,
      isError: input.isError,
      durationMs: input.durationMs,
    });
    ledger.recordWarnings();
    return {
      callId,
      step,
      toolCalls: { used: log.state.usage.toolCalls, limit: log.state.limits.toolCalls ?? null },
    };
  });
}
