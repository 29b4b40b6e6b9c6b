import type { Message } from "../../core/messages.js";
import { refusedArgumentsPlaceholder, toolArgumentsProblem } from "../tool-call/tool-argument-limits.js";

/** The message with any tool-call arguments the engine refused to read (too long, too deep) left out. */
function withoutRefusedArguments(message: Message): Message {
  if (message.role !== "assistant" || !message.toolCalls) return message;
  if (!message.toolCalls.some((call) => toolArgumentsProblem(call.arguments))) return message;
  return {
    ...message,
    toolCalls: message.toolCalls.map((call) =>
      toolArgumentsProblem(call.arguments) ? { ...call, arguments: refusedArgumentsPlaceholder } : call,
    ),
  };
}

/**
 * The conversation to send, rebuilt from the log. Protocols require an answer to every tool call, so a
 * call left unanswered (the run was killed or crashed mid-step) gets an explicit "not executed" result.
 * Arguments refused for their size or depth are replaced by `{}` (the log keeps them): the call's
 * error result says why, and one hostile call must not make the conversation too large for any model.
 */
export function conversationFor(messages: readonly Message[]): Message[] {
  const answered = new Set(
    messages.flatMap((message) => (message.role === "tool" ? [message.toolCallId] : [])),
  );
  const result: Message[] = [];
  let index = 0;
  while (index < messages.length) {
    const message = withoutRefusedArguments(messages[index] as Message);
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
