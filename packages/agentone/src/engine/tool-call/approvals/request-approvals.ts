import { reviewCall } from "../../../policy/review-call.js";
import type { AnyTool } from "../../../tools/tool.js";
import type { RunContext } from "../../run-context.js";
import type { PreparedCall } from "../parse-tool-arguments.js";
import type { ToolTurn } from "./tool-turn.js";

/** The reason a call needs approval, and what it will really do when the tool can say. */
function withDescription(reason: string, tool: AnyTool, input: unknown): string {
  if (!tool.describeCall) return reason;
  try {
    return `${reason}; ${tool.describeCall(input)}`;
  } catch {
    return reason;
  }
}

/**
 * Reviews the turn's calls that have nothing decided yet: a rule's decision is recorded at once
 * (`approval-decision`, decidedBy `rule`), and a call a human must decide is recorded as an
 * `approval-request`. Calls beyond the tool-call budget are not reviewed: the budget refuses them anyway,
 * so nobody is asked about a call that cannot run. Returns how many of the turn's calls wait for a human.
 */
export function requestApprovals(
  context: RunContext,
  input: { turn: ToolTurn; prepared: readonly PreparedCall[] },
): number {
  const { log, runtime } = context;
  const { turn } = input;
  const limit = log.state.limits.toolCalls;
  // Slots are taken in call order when the turn runs, whatever is decided, so this count is exact.
  const slots = limit === undefined ? Number.POSITIVE_INFINITY : limit - log.state.usage.toolCalls;
  for (const [index, prepared] of input.prepared.entries()) {
    if (index >= slots) break;
    if ("refusal" in prepared) continue;
    const { call, tool } = prepared;
    if (turn.decisions.has(call.id) || turn.requested.has(call.id)) continue;
    const review = reviewCall(runtime.approvals, {
      tool: tool.name,
      arguments: prepared.input,
      canonicalArguments: prepared.canonicalArguments,
      traits: prepared.traits,
    });
    if (review.kind === "rule")
      log.emit({
        type: "approval-decision",
        step: turn.step,
        callId: call.id,
        tool: tool.name,
        decision: review.decision,
        decidedBy: "rule",
        reason: review.reason,
        rule: review.source,
      });
    else if (review.kind === "human")
      log.emit({
        type: "approval-request",
        step: turn.step,
        callId: call.id,
        tool: tool.name,
        arguments: call.arguments,
        reason: withDescription(review.reason, tool, prepared.input),
      });
  }
  return log.state.pendingApprovals.filter((pending) => pending.step === turn.step).length;
}
