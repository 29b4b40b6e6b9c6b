import type { EventOf, RunEvent } from "../../core/events/run-event.js";
import type { TokenUsage } from "../../core/token-usage.js";

/** One model call of a step, as its events record it. */
export interface StepModelCall {
  callId: string;
  model: string;
  backend: string;
  usage: TokenUsage;
  costUsd: number;
  latencyMs: number;
  finishReason: string;
  /** `hit` when the response cache or a reused plan answered (absent in logs without caching). */
  cache: "hit" | "miss" | "bypass" | null;
}

/** One tool call of a step and its result (null while the call waits for approval). */
export interface StepToolCall {
  callId: string;
  tool: string;
  arguments: string;
  result: { output: string; isError: boolean; errorReason: string | null; durationMs: number } | null;
}

/** A step as the events of its execution tell it: kind, routing decision, model calls, tool calls, usage. */
export interface StepSummary {
  step: number;
  kind: EventOf<"step-start">["kind"];
  decision: EventOf<"step-start">["decision"];
  /** Null when the step did not end within these events (it waits for approval, or the run ended in it). */
  status: "ok" | "failed" | null;
  error: string | null;
  durationMs: number | null;
  modelCalls: StepModelCall[];
  toolCalls: StepToolCall[];
  /** Tokens and dollars of the step's model calls (failed attempts' billing included). */
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
}

/**
 * The last step that started among `events` (what one `executeNextStep` recorded), or null when none did
 * (a kill before the step, or the end of a tool turn that waited for approval).
 *
 * @example
 * ```ts
 * const step = summarizeStep(events.slice(before));
 * console.log(step?.kind, step?.decision.model, step?.usage.costUsd);
 * ```
 */
export function summarizeStep(events: readonly RunEvent[]): StepSummary | null {
  const start = events.findLast((event) => event.type === "step-start");
  if (start?.type !== "step-start") return null;
  const summary: StepSummary = {
    step: start.step,
    kind: start.kind,
    decision: start.decision,
    status: null,
    error: null,
    durationMs: null,
    modelCalls: [],
    toolCalls: [],
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  };
  let nanoUsd = 0;
  for (const event of events) {
    if (!("step" in event) || event.step !== start.step || event.seq < start.seq) continue;
    switch (event.type) {
      case "model-call-end":
        summary.modelCalls.push({
          callId: event.callId,
          model: event.model,
          backend: event.backend,
          usage: event.usage,
          costUsd: event.costNanoUsd / 1e9,
          latencyMs: event.latencyMs,
          finishReason: event.finishReason,
          cache: event.cache?.status ?? null,
        });
        nanoUsd += event.costNanoUsd;
        summary.usage.inputTokens +=
          event.usage.inputTokens + event.usage.cachedInputTokens + event.usage.cacheWriteTokens;
        summary.usage.outputTokens += event.usage.outputTokens;
        break;
      case "model-call-error":
        nanoUsd += event.costNanoUsd ?? 0;
        break;
      case "tool-call":
        summary.toolCalls.push({
          callId: event.callId,
          tool: event.tool,
          arguments: event.arguments,
          result: null,
        });
        break;
      case "tool-result": {
        const call = summary.toolCalls.find((candidate) => candidate.callId === event.callId);
        if (call)
          call.result = {
            output: event.output,
            isError: event.isError,
            errorReason: event.errorReason ?? null,
            durationMs: event.durationMs,
          };
        break;
      }
      case "step-end":
        summary.status = event.status;
        summary.error = event.error ?? null;
        summary.durationMs = event.durationMs;
        break;
      default:
        break;
    }
  }
  summary.usage.costUsd = nanoUsd / 1e9;
  return summary;
}
