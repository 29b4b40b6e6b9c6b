import type { Message, ToolCallRequest } from "../../core/messages.js";
import type { BackendWarning } from "../model-backend.js";
import type { OllamaRequestMessage, OllamaRequestToolCall } from "./ollama-api-types.js";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function convertToolCall(call: ToolCallRequest, warnings: BackendWarning[]): OllamaRequestToolCall {
  const parsed = parseObject(call.arguments);
  if (!parsed) {
    // Ollama's Go server decodes `arguments` into a map and rejects anything else with a 400, which would
    // fail the whole turn over one malformed call the engine has already answered with a tool error.
    warnings.push({
      type: "unsupported",
      feature: "tool-call-arguments",
      detail: `the arguments of tool call ${call.id} (${call.name}) are not a JSON object; sent {} instead`,
    });
  }
  return { function: { name: call.name, arguments: parsed ?? {} } };
}

function convertMessage(message: Message, warnings: BackendWarning[]): OllamaRequestMessage {
  switch (message.role) {
    case "system":
    case "user":
      return { role: message.role, content: message.content };
    case "assistant": {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: "assistant", content: message.content };
      return {
        role: "assistant",
        content: message.content,
        tool_calls: calls.map((call) => convertToolCall(call, warnings)),
      };
    }
    case "tool":
      return { role: "tool", tool_name: message.toolName, content: message.content };
  }
}

/**
 * Converts the provider-neutral conversation to Ollama's native messages: tool call arguments become
 * JSON objects (Ollama does not take a string), and tool results carry `tool_name`, which is how the
 * native API pairs a result with its call. Ollama has no error flag for a tool result, so `isError` is
 * carried only by the result's text.
 *
 * @example
 * ```ts
 * const { messages, warnings } = convertToOllamaMessages([{ role: "user", content: "Hi" }]);
 * // messages: [{ role: "user", content: "Hi" }], warnings: []
 * ```
 */
export function convertToOllamaMessages(messages: readonly Message[]): {
  messages: OllamaRequestMessage[];
  warnings: BackendWarning[];
} {
  const warnings: BackendWarning[] = [];
  const converted = messages.map((message) => convertMessage(message, warnings));
  return { messages: converted, warnings };
}
