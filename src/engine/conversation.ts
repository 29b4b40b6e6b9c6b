import type { Message } from "../core/messages.js";

/**
 * The conversation to send, rebuilt from the log. Protocols require an answer to every tool call, so a
 * call left unanswered (the run was killed or crashed mid-step) gets an explicit "not executed" result.
 */
export function conversationFor(messages: readonly Message[]): Message[] {
  const answered = new Set(
    messages.flatMap((message) => (message.role === "tool" ? [message.toolCallId] : [])),
  );
  const result: Message[] = [];
  let index = 0;
  while (index < messages.length) {
    const message = messages[index] as Message;
    result.push(message);
    index++;
    if (message.role !== "assistant" || !message.toolCalls) continue;
    while (index < messages.length && messages[index]?.role === "tool")
      result.push(messages[index++] as Message);
    for (const call of message.toolCalls) {
      if (answered.has(call.id)) continue;
      result.push({
        role: "tool",
        toolCallId: call.id,
        toolName: call.name,
        content: "Not executed: the run was interrupted before this call ran.",
        isError: true,
      });
    }
  }
  return result;
}
