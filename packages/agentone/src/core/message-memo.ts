import { isFrozenMessage, type Message } from "./messages.js";

/**
 * The fields a value was derived from, flattened: each own key and its value, and for an array of objects
 * (a message's `toolCalls`) its length and each element's keys and values (or the element itself). Compared by identity, which is
 * what makes the check cheap: an unchanged message holds the very same strings from one step to the next.
 */
type Fields = readonly unknown[];

function flatten(message: Message): Fields {
  const fields: unknown[] = [];
  const record = message as unknown as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    fields.push(key, value);
    if (Array.isArray(value)) {
      fields.push(value.length);
      for (const item of value) pushObject(fields, item);
    }
  }
  return fields;
}

function pushObject(fields: unknown[], item: unknown): void {
  if (typeof item !== "object" || item === null) {
    fields.push(item);
    return;
  }
  const record = item as Record<string, unknown>;
  for (const key in record) fields.push(key, record[key]);
}

/**
 * Walks the message as `flatten` does, comparing as it goes instead of building a list. Runs for every
 * message of the conversation at every step, so it is written without closures or allocation.
 */
function matches(fields: Fields, message: Message): boolean {
  let index = 0;
  const record = message as unknown as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (fields[index] !== key || fields[index + 1] !== value) return false;
    index += 2;
    if (!Array.isArray(value)) continue;
    if (fields[index++] !== value.length) return false;
    for (const item of value) {
      if (typeof item !== "object" || item === null) {
        if (fields[index++] !== item) return false;
        continue;
      }
      const inner = item as Record<string, unknown>;
      for (const innerKey in inner) {
        if (fields[index] !== innerKey || fields[index + 1] !== inner[innerKey]) return false;
        index += 2;
      }
    }
  }
  return index === fields.length;
}

/** A system or user message with nothing but its role and a string text. */
function onlyRoleAndText(message: Message): message is Extract<Message, { role: "system" | "user" }> {
  if ((message.role !== "system" && message.role !== "user") || typeof message.content !== "string")
    return false;
  let fieldCount = 0;
  for (const key in message) {
    if (key !== "role" && key !== "content") return false;
    fieldCount++;
  }
  return fieldCount === 2;
}

/** Texts of system and user messages remembered per role (a run's prompts and budget lines in use). */
const recentTexts = 8;

/**
 * Remembers a value derived from each message (its token count, its canonical JSON) so a long run does not
 * derive it again at every step for every message of its conversation.
 *
 * Entries are keyed by the message object and hold the fields the value was derived from; a lookup uses the
 * entry only when the message still has exactly those fields (same keys, each value identical, tool calls
 * included), so a message edited in place is derived afresh. A conversation rebuilt between steps (a
 * resumed or forked run folds new message objects) simply misses. Values inside a tool call are compared by
 * identity: `derive` must depend only on the message's own fields and their tool calls' fields, which is
 * all a {@link Message} has. Entries go when their message does (a WeakMap). A message frozen by
 * `freezeMessage` (every message a run's state holds) cannot have changed, so its entry is used
 * without the comparison. With `byText`, a system or user message with nothing but its text is also found
 * by the text (the last few of each role), so a prompt rebuilt with the same words at every step is
 * derived once.
 *
 * @example
 * ```ts
 * const lengths = new MessageMemo((message) => message.content.length);
 * lengths.valueOf({ role: "user", content: "hello" }); // 5
 * lengths.valuesOf([freezeMessage({ role: "user", content: "hi" })]); // [2]
 * ```
 */
export class MessageMemo<T> {
  readonly #entries = new WeakMap<Message, { fields: Fields; frozen: boolean; value: T }>();
  readonly #derive: (message: Message) => T;

  /**
   * `byText`: also find a system or user message of only a role and a text by its text. Only for a value
   * that is data (a count, a text), never one holding the message itself, which a later object with the
   * same words must not be given.
   */
  constructor(derive: (message: Message) => T, options: { byText?: boolean } = {}) {
    this.#derive = derive;
    this.#byTextEnabled = options.byText === true;
  }

  readonly #byTextEnabled: boolean;

  valueOf(message: Message): T {
    const entry = this.#entries.get(message);
    if (entry !== undefined && (entry.frozen || matches(entry.fields, message))) return entry.value;
    const value = this.#byText(message);
    const frozen = isFrozenMessage(message);
    this.#entries.set(message, { fields: frozen ? [] : flatten(message), frozen, value });
    return value;
  }

  /**
   * The values of a list of messages, as {@link valueOf} gives each. A run asks for its conversation at
   * every step, and it is last step's list plus a message or two: a frozen message at the same position
   * as in the previous list takes its value from there, so a step costs a comparison per message rather
   * than a lookup, and only the new messages are derived.
   */
  valuesOf(messages: readonly Message[]): T[] {
    const previous = this.#lastList;
    const values = new Array<T>(messages.length);
    const frozen = new Array<boolean>(messages.length);
    for (let index = 0; index < messages.length; index++) {
      const message = messages[index] as Message;
      if (previous.messages[index] === message && previous.frozen[index] === true) {
        values[index] = previous.values[index] as T;
        frozen[index] = true;
      } else {
        values[index] = this.valueOf(message);
        frozen[index] = isFrozenMessage(message);
      }
    }
    // A copy of the list: the caller may change its own array afterwards.
    this.#lastList = { messages: messages.slice(), values, frozen };
    return values;
  }

  /**
   * With `byText`, a system or user message of only a role and a text is derived once per text, whatever
   * the object: a step builds its system prompt and budget line afresh, with the same text step after step.
   */
  #byText(message: Message): T {
    if (!this.#byTextEnabled || !onlyRoleAndText(message)) return this.#derive(message);
    const texts = message.role === "system" ? this.#systemTexts : this.#userTexts;
    // Keyed by the text the value is derived from now, so a message edited later cannot change it.
    const known = texts.get(message.content);
    if (known !== undefined) return known.value;
    const value = this.#derive(message);
    if (texts.size >= recentTexts) texts.delete(texts.keys().next().value as string);
    texts.set(message.content, { value });
    return value;
  }

  readonly #systemTexts = new Map<string, { value: T }>();
  readonly #userTexts = new Map<string, { value: T }>();

  #lastList: { messages: readonly Message[]; values: readonly T[]; frozen: readonly boolean[] } = {
    messages: [],
    values: [],
    frozen: [],
  };
}
