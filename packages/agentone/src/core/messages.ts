/**
 * The provider-neutral conversation. Backends convert it to their wire format; the engine rebuilds it
 * from the event log.
 */

/** A tool call as the model produced it. `arguments` is the raw JSON text; the engine parses it. */
export interface ToolCallRequest {
  id: string;
  name: string;
  arguments: string;
}

export type Message =
  | { role: "system"; content: string }
  | { role: "user"; content: string }
  | { role: "assistant"; content: string; toolCalls?: ToolCallRequest[] }
  | { role: "tool"; toolCallId: string; toolName: string; content: string; isError?: boolean };
