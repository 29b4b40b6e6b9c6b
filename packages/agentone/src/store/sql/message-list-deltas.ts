import { StoreError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { Message } from "../../core/messages.js";
import { sha256Hex, stableJson } from "../../core/stable-json.js";
import { type MessagesEncoder, type PayloadReference, referenceToContent } from "./payload-references.js";

/**
 * How payload format 2 stores a `model-call-start`'s messages when they continue an earlier call's: the
 * first `keep` messages of the call at event `base`, then `added`. A conversation grows by a message or
 * two per step, so each call stores what is new instead of the whole list, and the log grows linearly.
 * A list that shares nothing with the earlier one is stored in full, as an array.
 */
export interface MessageListDelta {
  base: number;
  keep: number;
  added: PayloadReference[];
}

/** A list of messages this writer stored: at which event, the messages, and each one's payload hash. */
export interface WrittenMessageList {
  seq: number;
  messages: readonly Message[];
  hashes: readonly string[];
}

/**
 * The calls a delta may build on: the last one of the conversation, and the last one a tool made (a
 * tool's nested calls have their own, short lists, and must not break the conversation's chain).
 */
export type MessageThread = "conversation" | "nested";

export function threadOf(event: Extract<RunEvent, { type: "model-call-start" }>): MessageThread {
  return event.nested === undefined ? "conversation" : "nested";
}

/**
 * An encoder that stores `messages` as a delta on `base` (the last list this writer stored for the same
 * thread of the same run), or in full when there is no base or it shares no first message. `written`
 * receives the list as stored, for the next call to build on.
 *
 * Messages are compared by identity first (the engine hands the same message objects to each call; events
 * are never changed once emitted), then by hash, so an edited or rebuilt conversation (a summary, a
 * resumed run) keeps only the prefix that is truly the same.
 */
export function deltaEncoder(input: {
  base: WrittenMessageList | undefined;
  seq: number;
  written: (list: WrittenMessageList) => void;
}): MessagesEncoder {
  const { base, seq } = input;
  return (messages, payloads) => {
    const shared = Math.min(messages.length, base?.messages.length ?? 0);
    let keep = 0;
    while (base !== undefined && keep < shared) {
      if (messages[keep] !== base.messages[keep] && contentOf(messages[keep]).sha256 !== base.hashes[keep])
        break;
      keep += 1;
    }
    const hashes = base === undefined ? [] : base.hashes.slice(0, keep);
    const added = messages.slice(keep).map((message) => {
      const payload = contentOf(message);
      hashes.push(payload.sha256);
      return referenceToContent(payload, payloads);
    });
    input.written({ seq, messages, hashes });
    if (base === undefined || keep === 0) return added;
    return { base: base.seq, keep, added } satisfies MessageListDelta;
  };
}

function contentOf(message: unknown): { sha256: string; content: string } {
  const content = stableJson(message);
  return { sha256: sha256Hex(content), content };
}

/**
 * Rebuilds `model-call-start` message lists while a run's events are read in sequence order: `resolve`
 * returns the full list for an event's stored `messages` (already rehydrated: a delta's `added` holds
 * messages) and remembers it for later deltas.
 */
export class MessageListReader {
  readonly #lists = new Map<number, readonly unknown[]>();

  resolve(seq: number, stored: unknown): unknown[] {
    const messages = Array.isArray(stored) ? stored : this.#expand(seq, stored);
    this.#lists.set(seq, messages);
    return messages;
  }

  #expand(seq: number, stored: unknown): unknown[] {
    const delta = stored as Partial<Record<keyof MessageListDelta, unknown>> | null;
    const fail = (problem: string) =>
      new StoreError(`event ${seq} stores its messages as a change to an earlier call's, but ${problem}`, {
        details: { seq, messages: stored },
      });
    if (typeof delta !== "object" || delta === null || !Array.isArray(delta.added))
      throw fail("the change is malformed");
    const { base, keep } = delta;
    if (typeof base !== "number" || typeof keep !== "number" || !Number.isInteger(keep) || keep < 1)
      throw fail("the change is malformed");
    const baseMessages = base < seq ? this.#lists.get(base) : undefined;
    if (baseMessages === undefined) throw fail(`event ${base} is not an earlier model call of the run`);
    if (keep > baseMessages.length)
      throw fail(`it keeps ${keep} messages of event ${base}, which has ${baseMessages.length}`);
    return [...baseMessages.slice(0, keep), ...delta.added];
  }
}

/**
 * Turns a rehydrated stored document back into the event's value: a `model-call-start`'s messages are
 * rebuilt from the delta it stores. Other documents pass through.
 */
export function resolveMessageLists(document: unknown, seq: number, reader: MessageListReader): unknown {
  const candidate = document as { type?: unknown; request?: { messages?: unknown } } | null;
  if (candidate?.type !== "model-call-start" || candidate.request === undefined) return document;
  const messages = reader.resolve(seq, candidate.request.messages);
  return { ...candidate, request: { ...candidate.request, messages } };
}
