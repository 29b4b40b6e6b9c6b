import type { FinishReason } from "../model-backend.js";

/**
 * Maps Anthropic's `stop_reason` to AgentOne's finish reason.
 *
 * - `end_turn` and `stop_sequence` are normal ends: `stop` (AgentOne sends no stop sequences, but a proxy
 *   might, and the answer is complete either way).
 * - `max_tokens` is `length`. So is `model_context_window_exceeded`: the output was cut because the
 *   context window filled up, which is a truncated answer just like hitting `max_tokens`.
 * - `tool_use` is `tool-calls`; `refusal` (the model declined, or a safety classifier stopped the output)
 *   is `refusal`: a defined outcome the engine records and does not retry on the same model.
 * - `pause_turn` (a long server-tool turn paused for the caller to resume), a missing value and any value
 *   a later API version adds are `other`: none of them is a finished answer.
 *
 * @example
 * ```ts
 * mapAnthropicFinishReason("tool_use"); // "tool-calls"
 * ```
 */
export function mapAnthropicFinishReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool-calls";
    case "refusal":
      return "refusal";
    default:
      return "other";
  }
}
