import type { RunContext } from "../../run-context.js";
import type { RunLog } from "../../run-log.js";
import type { ToolTurn } from "./tool-turn.js";

/** The termination reason of a run whose approval request was not decided in time. */
export const approvalTimeoutReason = "approval_timeout";

function describeDuration(milliseconds: number): string {
  const hours = milliseconds / 3_600_000;
  if (Number.isInteger(hours)) return `${hours} h`;
  const minutes = milliseconds / 60_000;
  return Number.isInteger(minutes) ? `${minutes} min` : `${milliseconds / 1000} s`;
}

/** Closes every pending request as denied by the timeout; the turn then ends unexecuted (`answerExpiredCalls`). */
export function expirePendingApprovals(
  log: RunLog,
  input: { timeoutMs: number; freshHealth: boolean },
): void {
  const { timeoutMs } = input;
  for (const pending of log.state.pendingApprovals)
    log.emit({
      type: "approval-decision",
      step: pending.step,
      callId: pending.callId,
      tool: pending.tool,
      decision: "deny",
      decidedBy: "timeout",
      reason: `no decision within ${describeDuration(timeoutMs)}`,
      ...(input.freshHealth ? { freshHealth: true as const } : {}),
    });
}

/** True when a request of the turn was closed by the approval timeout. */
export function turnExpired(turn: ToolTurn): boolean {
  return [...turn.decisions.values()].some((decision) => decision.decidedBy === "timeout");
}

/**
 * Answers every open call of an expired turn without running it, approved ones included: the turn was
 * abandoned, and the run stops under its termination policy with the conversation complete.
 */
export function answerExpiredCalls(context: RunContext, turn: ToolTurn): void {
  const expiry = [...turn.decisions.values()].find((decision) => decision.decidedBy === "timeout");
  for (const call of turn.open)
    context.log.emit({
      type: "tool-result",
      step: turn.step,
      callId: call.id,
      tool: call.name,
      output: `Error: not executed: the approval request expired (${expiry?.reason ?? "no decision in time"}).`,
      isError: true,
      errorReason: "timeout",
      durationMs: 0,
    });
}
