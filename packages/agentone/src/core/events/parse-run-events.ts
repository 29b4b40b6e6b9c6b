import { freezeMessage, type Message } from "../messages.js";
import { messageSchema } from "./payload-schemas.js";
import { type EventOf, parseRunEvent, type RunEvent } from "./run-event.js";

/**
 * Validates a run's stored events, in order, as {@link parseRunEvent} validates each, but parses each
 * distinct message object once. A long run's model calls carry the messages of the calls before them
 * again, and the store's reader hands them the very same objects (see `MessageListReader`): parsing each
 * copy made reading a 1000-step run cost the square of its length, and gave every event copies of its
 * own. Here the events share one frozen copy of each message (frozen as a run's state freezes them), so a
 * resumed run's memos and a replay's comparison can trust them by identity.
 *
 * An event that does not parse is parsed again whole, so its error is exactly {@link parseRunEvent}'s.
 *
 * @example
 * ```ts
 * const events = parseRunEvents(documents); // documents: the stored values, model calls' lists rebuilt
 * events[7].request.messages[0] === events[5].request.messages[0]; // when the stored lists shared it
 * ```
 */
export function parseRunEvents(values: readonly unknown[]): RunEvent[] {
  const parsedMessages = new Map<unknown, Message>();
  return values.map((value) => parseSharingMessages(value, parsedMessages));
}

function parseSharingMessages(value: unknown, parsedMessages: Map<unknown, Message>): RunEvent {
  const candidate = value as { type?: unknown; request?: { messages?: unknown } } | null;
  const request = candidate?.type === "model-call-start" ? candidate.request : undefined;
  if (typeof request !== "object" || request === null || !Array.isArray(request.messages))
    return parseRunEvent(value);
  const messages: Message[] = [];
  for (const raw of request.messages) {
    let message = parsedMessages.get(raw);
    if (message === undefined) {
      const parsed = messageSchema.safeParse(raw);
      if (!parsed.success) return parseRunEvent(value);
      message = freezeMessage(parsed.data);
      parsedMessages.set(raw, message);
    }
    messages.push(message);
  }
  // Its type was read above, and the schema's union is told apart by type.
  const event = parseRunEvent({
    ...candidate,
    request: { ...request, messages: [] },
  }) as EventOf<"model-call-start">;
  return { ...event, request: { ...event.request, messages } };
}
