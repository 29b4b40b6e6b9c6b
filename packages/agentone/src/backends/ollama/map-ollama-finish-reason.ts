import type { FinishReason } from "../model-backend.js";

/**
 * Maps Ollama's `done_reason` to ours. Ollama says `stop` when it ends on tool calls, so their presence
 * decides `tool-calls`; `length` wins over tool calls because the answer was truncated. `load` and
 * `unload` (answers to an empty request) and any newer value map to `other`. Servers older than
 * `done_reason` omit it; the answer is finished (`done: true`), so it is read as `stop`.
 *
 * @example
 * ```ts
 * mapOllamaFinishReason("stop", { hasToolCalls: true }); // "tool-calls"
 * mapOllamaFinishReason("load", { hasToolCalls: false }); // "other"
 * ```
 */
export function mapOllamaFinishReason(
  doneReason: string | null | undefined,
  options: { hasToolCalls: boolean },
): FinishReason {
  if (doneReason === "length") return "length";
  if (doneReason === "stop" || doneReason === undefined || doneReason === null || doneReason === "") {
    return options.hasToolCalls ? "tool-calls" : "stop";
  }
  return "other";
}
