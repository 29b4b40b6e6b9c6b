import { isFrozenMessage, type Message } from "../../core/messages.js";
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

const notExecutedText = "Not executed: the run was interrupted before this call ran.";

/**
 * A conversation built up to some point: the messages to send, and how far into the log they are settled.
 * `settledInput` log messages (whole groups: a message and the tool results right below it, followed by
 * another group, all frozen) gave the first `settledOutput` messages to send, and no call among them needed
 * anything but the results right below it, so messages added to the log later cannot change them.
 */
interface Walked {
  output: Message[];
  settledInput: number;
  settledOutput: number;
}

const nothingWalked: Walked = { output: [], settledInput: 0, settledOutput: 0 };

/** Builds the conversation from `from.settledInput` on, after what `from` already holds. */
function walkConversation(messages: readonly Message[], sendables: readonly Message[], from: Walked): Walked {
  let answered: Set<string> | undefined;
  const isAnswered = (id: string, below: number) => {
    if (answeredBelow(messages, below, id)) return true;
    answered ??= new Set(
      messages.flatMap((message) => (message.role === "tool" ? [message.toolCallId] : [])),
    );
    return answered.has(id);
  };
  const output = from.output;
  let { settledInput, settledOutput } = from;
  let settled = true;
  let index = from.settledInput;
  while (index < messages.length) {
    // A group starts here, so the one before it is complete: it is settled if every group so far is.
    if (settled) {
      settledInput = index;
      settledOutput = output.length;
    }
    // Only frozen messages can be kept for later steps: another may be edited in place before then.
    if (!isFrozenMessage(messages[index] as Message)) settled = false;
    const message = sendables[index] as Message;
    output.push(message);
    index++;
    if (message.role !== "assistant" || !message.toolCalls) continue;
    const below = index;
    while (index < messages.length && messages[index]?.role === "tool") {
      if (!isFrozenMessage(messages[index] as Message)) settled = false;
      output.push(messages[index++] as Message);
    }
    for (const call of message.toolCalls) {
      if (answeredBelow(messages, below, call.id)) continue;
      settled = false;
      if (isAnswered(call.id, below)) continue;
      output.push({
        role: "tool",
        toolCallId: call.id,
        toolName: call.name,
        content: notExecutedText,
        isError: true,
      });
    }
  }
  return { output, settledInput, settledOutput };
}

/**
 * The conversation to send, rebuilt from the log. Protocols require an answer to every tool call, so a
 * call left unanswered (the run was killed or crashed mid-step) gets an explicit "not executed" result.
 * Arguments refused for their size or depth are replaced by `{}` (the log keeps them): the call's
 * error result says why, and one hostile call must not make the conversation too large for any model.
 *
 * `sendable` gives that form of each message of a list: a run passes a memoised {@link sendableMessage}
 * (see {@link createConversationMemo}), so a long arguments text is scanned once, not at every step, and a
 * message it rewrites is the same object from one step to the next. A call is nearly always answered
 * right below it, so the set of every answered call is built only when one is not.
 */
export function conversationFor(
  messages: readonly Message[],
  sendable: (messages: readonly Message[]) => readonly Message[] = (list) => list.map(sendableMessage),
): Message[] {
  return walkConversation(messages, sendable(messages), { ...nothingWalked, output: [] }).output;
}

/** Whether `next` starts with the first `length` messages of `previous`, the same objects. */
function startsWith(next: readonly Message[], previous: readonly Message[], length: number): boolean {
  if (next.length < length) return false;
  for (let index = 0; index < length; index++) if (next[index] !== previous[index]) return false;
  return true;
}

/**
 * {@link conversationFor} for a run's successive steps: the log only grows between steps, so the part of
 * the conversation that later messages cannot change (every group before the last whose calls were all
 * answered right below them, its messages frozen as a run's state holds them) is kept, and only the
 * messages after it are walked again. A log that does not
 * start with the messages that part came from (a rebuilt conversation) is walked whole. The result equals
 * `conversationFor(messages, sendable)` for every list.
 *
 * @example
 * ```ts
 * const conversation = createConversationMemo((list) => list.map(sendableMessage));
 * conversation(state.messages); // the same list as conversationFor(state.messages)
 * ```
 */
export function createConversationMemo(
  sendable: (messages: readonly Message[]) => readonly Message[],
): (messages: readonly Message[]) => Message[] {
  let last: { input: readonly Message[]; walked: Walked } | undefined;
  return (messages) => {
    const sendables = sendable(messages);
    const from =
      last !== undefined && startsWith(messages, last.input, last.walked.settledInput)
        ? {
            output: last.walked.output.slice(0, last.walked.settledOutput),
            settledInput: last.walked.settledInput,
            settledOutput: last.walked.settledOutput,
          }
        : { ...nothingWalked, output: [] };
    const walked = walkConversation(messages, sendables, from);
    // Copies kept: the caller owns both the log's list and the conversation it is given.
    last = { input: messages.slice(), walked: { ...walked, output: walked.output.slice() } };
    return walked.output;
  };
}
