import type { EventOf, RunEvent } from "../../../core/events/run-event.js";
import type { ToolCallRequest } from "../../../core/messages.js";

/** The tool calls of the latest step that have no result yet, and what has been decided about them. */
export interface ToolTurn {
  step: number;
  /** The calls without a result, in the order the model made them. */
  open: ToolCallRequest[];
  /** The latest decision for each call id. */
  decisions: Map<string, EventOf<"approval-decision">>;
  /** Call ids a human has been asked about. */
  requested: Set<string>;
}

/**
 * The open tool turn, read from the log: the calls of the latest step whose results are not recorded yet
 * (they wait for approval, or were just made). Null when every call has its result. Scans back only to the
 * latest `step-start`: a turn's calls, decisions and results all carry that step's number.
 *
 * @example
 * ```ts
 * const turn = openToolTurn(log.events);
 * turn?.open.map((call) => call.name); // ["run_command"]
 * ```
 */
export function openToolTurn(events: readonly RunEvent[]): ToolTurn | null {
  let start = events.length - 1;
  while (start >= 0 && events[start]?.type !== "step-start") start--;
  const stepStart = events[start];
  if (stepStart?.type !== "step-start") return null;
  const step = stepStart.step;
  const calls: ToolCallRequest[] = [];
  const answered = new Set<string>();
  const decisions = new Map<string, EventOf<"approval-decision">>();
  const requested = new Set<string>();
  for (const event of events.slice(start + 1)) {
    if (!("step" in event) || event.step !== step) continue;
    if (event.type === "tool-call")
      calls.push({ id: event.callId, name: event.tool, arguments: event.arguments });
    else if (event.type === "tool-result") answered.add(event.callId);
    else if (event.type === "approval-decision") decisions.set(event.callId, event);
    else if (event.type === "approval-request") requested.add(event.callId);
  }
  const open = calls.filter((call) => !answered.has(call.id));
  return open.length === 0 ? null : { step, open, decisions, requested };
}
