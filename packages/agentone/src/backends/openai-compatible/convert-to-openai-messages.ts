import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Message } from "../../core/messages.js";

function convertMessage(message: Message): ChatCompletionMessageParam {
  switch (message.role) {
    case "system":
      return { role: "system", content: message.content };
    case "user":
      return { role: "user", content: message.content };
    case "assistant": {
      const calls = message.toolCalls ?? [];
      // Content stays a string (possibly empty) even next to tool calls: OpenAI also takes `null`, but
      // some compatible servers (older Ollama `/v1`) reject a null content.
      if (calls.length === 0) return { role: "assistant", content: message.content };
      return {
        role: "assistant",
        content: message.content,
        tool_calls: calls.map((call) => ({
          id: call.id,
          type: "function",
          // The raw JSON text the model produced, sent back unchanged.
          function: { name: call.name, arguments: call.arguments },
        })),
      };
    }
    case "tool":
      // Chat Completions has no error flag for a tool result; `isError` travels in the result's text.
      return { role: "tool", tool_call_id: message.toolCallId, content: message.content };
  }
}

/**
 * Converts the provider-neutral conversation to Chat Completions messages: assistant tool calls keep
 * their raw `arguments` string, and tool results are paired with their call by `tool_call_id`.
 *
 * @example
 * ```ts
 * convertToOpenAIMessages([{ role: "tool", toolCallId: "call_1", toolName: "get_weather", content: "11°C" }]);
 * // [{ role: "tool", tool_call_id: "call_1", content: "11°C" }]
 * ```
 */
export function convertToOpenAIMessages(messages: readonly Message[]): ChatCompletionMessageParam[] {
  return messages.map(convertMessage);
}
