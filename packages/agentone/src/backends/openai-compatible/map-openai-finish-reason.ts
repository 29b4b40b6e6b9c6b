import type { FinishReason } from "../model-backend.js";

/**
 * Maps Chat Completions' `finish_reason` to ours. `function_call` is the legacy name of `tool_calls`.
 * Some compatible servers (older Ollama `/v1`, some vLLM tool parsers) say `stop` when the message ends
 * on tool calls, so with tool calls present `stop` reads as `tool-calls`; `length` stays `length`
 * because the answer was truncated. Anything else (vLLM's `abort`, a newer value) is `other`. A refusal
 * arrives as `finish_reason: "stop"` with `message.refusal` set: it is `refusal` whatever the reason says.
 *
 * @example
 * ```ts
 * mapOpenAIFinishReason("tool_calls", { hasToolCalls: true }); // "tool-calls"
 * mapOpenAIFinishReason("stop", { hasToolCalls: true }); // "tool-calls"
 * mapOpenAIFinishReason("content_filter", { hasToolCalls: false }); // "content-filter"
 * ```
 */
export function mapOpenAIFinishReason(
  finishReason: string | null | undefined,
  options: { hasToolCalls: boolean; refused?: boolean },
): FinishReason {
  if (options.refused) return "refusal";
  switch (finishReason) {
    case "stop":
      return options.hasToolCalls ? "tool-calls" : "stop";
    case "length":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool-calls";
    case "content_filter":
      return "content-filter";
    default:
      return "other";
  }
}
