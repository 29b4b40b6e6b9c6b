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

/**
 * Freezes a message, its tool-call list and each call, so it can never change: a run's state folds every
 * message it adds through here, which lets the per-message memos trust a message by identity (see
 * {@link isFrozenMessage}) instead of comparing its fields at every step.
 *
 * @example
 * ```ts
 * const message = freezeMessage({ role: "user", content: "hello" });
 * Object.isFrozen(message); // true
 * ```
 */
export function freezeMessage<M extends Message>(message: M): M {
  if (message.role === "assistant" && message.toolCalls !== undefined) {
    for (const call of message.toolCalls) Object.freeze(call);
    Object.freeze(message.toolCalls);
  }
  return Object.freeze(message);
}

/** Whether `message` was frozen as {@link freezeMessage} freezes it: nothing in it can have changed. */
export function isFrozenMessage(message: Message): boolean {
  if (!Object.isFrozen(message)) return false;
  if (message.role !== "assistant" || message.toolCalls === undefined) return true;
  if (!Object.isFrozen(message.toolCalls)) return false;
  for (const call of message.toolCalls) if (!Object.isFrozen(call)) return false;
  return true;
}
