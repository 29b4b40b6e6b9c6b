import type { Message } from "../../core/messages.js";
import { refusedArgumentsPlaceholder, toolArgumentsProblem } from "../tool-call/tool-argument-limits.js";

/** The message with any tool-call arguments the engine refused to read (too long, too deep) left out. */
export function sendableMessage(message: Message): Message {
  if (message.role !== "assistant" || !message.toolCalls) return message;
  if (!message.toolCalls.some((call) => toolArgumentsProblem(call.arguments))) return message;
  return {
    ...message,
    toolCalls: message.toolCalls.map((call) =>
      toolArgumentsProblem(call.arguments) ? { ...call, arguments: refusedArgumentsPlaceholder } : call,
    ),
  };
}

/** Whether the tool messages from `from` on (up to the next other message) answer the call `id`. */
function answeredBelow(messages: readonly Message[], from: number, id: string): boolean {
  for (let index = from; index < messages.length; index++) {
    const message = messages[index] as Message;
    if (message.role !== "tool") return false;
    if (message.toolCallId === id) return true;
  }
  return false;
}

/**
 * The conversation to send, rebuilt from the log. Protocols require an answer to every tool call, so a
 * call left unanswered (the run was killed or crashed mid-step) gets an explicit "not executed" result.
 * Arguments refused for their size or depth are replaced by `{}` (the log keeps them): the call's
 * error result says why, and one hostile call must not make the conversation too large for any model.
 *
 * `sendable` gives that form of a message: a run passes a memoised {@link sendableMessage}, so a long
 * arguments text is scanned once, not at every step, and a message it rewrites is the same object from
 * one step to the next. A call is nearly always answered right below it, so the set of every answered
 * call is built only when one is not.
 */
export function conversationFor(
  messages: readonly Message[],
  sendable: (message: Message) => Message = sendableMessage,
): Message[] {
  let answered: Set<string> | undefined;
  const isAnswered = (id: string, below: number) => {
    if (answeredBelow(messages, below, id)) return true;
    answered ??= new Set(
      messages.flatMap((message) => (message.role === "tool" ? [message.toolCallId] : [])),
    );
    return answered.has(id);
  };
  const result: Message[] = [];
  let index = 0;
  while (index < messages.length) {
    const message = sendable(messages[index] as Message);
    result.push(message);
    index++;
    if (message.role !== "assistant" || !message.toolCalls) continue;
    const below = index;
    while (index < messages.length && messages[index]?.role === "tool")
      result.push(messages[index++] as Message);
    for (const call of message.toolCalls) {
      if (isAnswered(call.id, below)) continue;
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
