import type { ToolCallRequest } from "../../core/messages.js";
import type { AnthropicMessage, AnthropicStopDetails, AnthropicUsage } from "./anthropic-api-types.js";

/** One model turn as read from the wire, streamed or not: what a ModelResponse is built from. */
export interface AnthropicTurn {
  /** The server's message id (`msg_...`), for provenance. */
  messageId: string | undefined;
  model: string;
  text: string;
  toolCalls: ToolCallRequest[];
  stopReason: string | null | undefined;
  /** Why the model refused, when it did and the server said (`stop_details`). */
  stopDetails: AnthropicStopDetails | null | undefined;
  usage: AnthropicUsage;
}

/**
 * Reads a non-streaming Messages API response: text blocks are concatenated, `tool_use` blocks become tool
 * calls whose arguments are the input object as JSON text; thinking and other blocks are left out.
 *
 * @example
 * ```ts
 * const turn = readAnthropicMessage(anthropicMessageSchema.parse(await response.json()));
 * ```
 */
export function readAnthropicMessage(message: AnthropicMessage): AnthropicTurn {
  let text = "";
  const toolCalls: ToolCallRequest[] = [];
  for (const block of message.content) {
    if (block.type === "text") text += block.text;
    else if (block.type === "tool_use") {
      toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
    }
  }
  return {
    messageId: message.id,
    model: message.model,
    text,
    toolCalls,
    stopReason: message.stop_reason,
    stopDetails: message.stop_details,
    usage: message.usage,
  };
}
