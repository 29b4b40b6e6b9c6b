import type { ToolCallRequest } from "../../core/messages.js";
import type { OpenAIUsage } from "./openai-api-types.js";

/**
 * One answer read from the wire, streamed or not, before it is normalised into a ModelResponse. Fields
 * a server did not send are undefined, so the backend can tell a missing usage from a zero one.
 */
export interface OpenAIAnswer {
  text: string;
  /** The model's refusal (`message.refusal`), when it declined; `text` then holds the same words. */
  refusal: string | undefined;
  toolCalls: ToolCallRequest[];
  finishReason: string | undefined;
  usage: OpenAIUsage | undefined;
  /** The model id the server reports (a dated snapshot on OpenAI). */
  model: string | undefined;
  /** The completion id (`chatcmpl-…`). */
  id: string | undefined;
  systemFingerprint: string | undefined;
  /** A stream only: the server ended it with `data: [DONE]`, as a stream that finished properly does. */
  sawDone?: boolean;
}

/**
 * A tool-call id for a server that sent none: unique within the message, which is all pairing a tool
 * result with its call needs.
 *
 * @example
 * ```ts
 * fallbackToolCallId(1); // "call_1"
 * ```
 */
export function fallbackToolCallId(position: number): string {
  return `call_${position}`;
}
