import type { ToolCallRequest } from "../../core/messages.js";
import type { OllamaToolCall } from "./ollama-api-types.js";

/**
 * One Ollama tool call as AgentOne's: arguments (an object on the wire) as JSON text, and an id.
 *
 * @example
 * ```ts
 * toOllamaToolCall({ function: { name: "get_weather", arguments: { city: "Tokyo" } } }, 0);
 * // { id: "call_0", name: "get_weather", arguments: '{"city":"Tokyo"}' }
 * ```
 */
export function toOllamaToolCall(call: OllamaToolCall, index: number): ToolCallRequest {
  const args = call.function.arguments;
  return {
    // Older servers send no id: the position keeps the id stable and unique within the answer.
    id: call.id || `call_${index}`,
    name: call.function.name,
    arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}),
  };
}
