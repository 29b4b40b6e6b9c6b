import { describe, expect, it } from "vitest";
import { MessageMemo } from "./message-memo.js";
import { freezeMessage, isFrozenMessage, type Message } from "./messages.js";

/** A memo of each message's JSON that counts how often it derived one. */
function countingMemo() {
  const derived: Message[] = [];
  const memo = new MessageMemo((message) => {
    derived.push(message);
    return JSON.stringify(message);
  });
  return { memo, derived };
}

const assistant = (): Extract<Message, { role: "assistant" }> => ({
  role: "assistant",
  content: "reading",
  toolCalls: [{ id: "c1", name: "read_file", arguments: '{"path":"a"}' }],
});

describe("MessageMemo", () => {
  it("derives a value once per message while the message is unchanged", () => {
    const { memo, derived } = countingMemo();
    const message: Message = { role: "user", content: "hello" };

    expect(memo.valueOf(message)).toBe('{"role":"user","content":"hello"}');
    expect(memo.valueOf(message)).toBe('{"role":"user","content":"hello"}');

    expect(derived).toHaveLength(1);
  });

  it("derives afresh for a new object with the same content (a rebuilt conversation)", () => {
    const { memo, derived } = countingMemo();

    memo.valueOf(assistant());
    memo.valueOf(assistant());

    expect(derived).toHaveLength(2);
  });

  it("derives a system or user text once, whatever object carries it (a prompt rebuilt each step)", () => {
    const derived: Message[] = [];
    const memo = new MessageMemo(
      (message) => {
        derived.push(message);
        return JSON.stringify(message);
      },
      { byText: true },
    );

    expect(memo.valueOf({ role: "system", content: "be brief" })).toBe(
      '{"role":"system","content":"be brief"}',
    );
    expect(memo.valueOf({ role: "system", content: "be brief" })).toBe(
      '{"role":"system","content":"be brief"}',
    );
    expect(memo.valueOf({ role: "user", content: "be brief" })).toBe('{"role":"user","content":"be brief"}');
    const tool: Message = { role: "tool", toolCallId: "c1", toolName: "read_file", content: "be brief" };
    memo.valueOf(tool);
    memo.valueOf({ ...tool });

    expect(derived.map((message) => message.role)).toEqual(["system", "user", "tool", "tool"]);
  });

  it("derives afresh when a message's text is replaced in place", () => {
    const { memo } = countingMemo();
    const message: Message = { role: "user", content: "hello" };
    memo.valueOf(message);

    message.content = "goodbye";

    expect(memo.valueOf(message)).toBe('{"role":"user","content":"goodbye"}');
  });

  it("derives afresh when a tool call's arguments are edited in place", () => {
    const { memo } = countingMemo();
    const message = assistant();
    memo.valueOf(message);

    (message.toolCalls ?? [])[0] = { id: "c1", name: "read_file", arguments: '{"path":"b"}' };
    expect(memo.valueOf(message)).toContain('{\\"path\\":\\"b\\"}');

    const call = (message.toolCalls ?? [])[0];
    if (call) call.arguments = '{"path":"c"}';
    expect(memo.valueOf(message)).toContain('{\\"path\\":\\"c\\"}');
  });

  it("derives afresh when a tool call is added, or a field added or removed", () => {
    const { memo, derived } = countingMemo();
    const message = assistant();
    memo.valueOf(message);

    message.toolCalls?.push({ id: "c2", name: "search", arguments: "{}" });
    expect(memo.valueOf(message)).toContain('"c2"');

    const answer: Message = { role: "tool", toolCallId: "c1", toolName: "read_file", content: "a" };
    memo.valueOf(answer);
    Object.assign(answer, { isError: true });
    expect(memo.valueOf(answer)).toContain('"isError":true');
    delete (answer as { isError?: boolean }).isError;
    expect(memo.valueOf(answer)).not.toContain("isError");

    expect(derived).toHaveLength(5);
  });
});

describe("MessageMemo by text", () => {
  it("is off unless asked for: a value holding the message is never handed to another object", () => {
    const memo = new MessageMemo((message) => message);
    const first: Message = { role: "user", content: "hello" };
    const second: Message = { role: "user", content: "hello" };

    expect(memo.valueOf(first)).toBe(first);
    expect(memo.valueOf(second)).toBe(second);
  });

  it("keys a value by the text it was derived from, so editing that message later changes nothing", () => {
    const memo = new MessageMemo((message) => message.content.length, { byText: true });
    const first: Message = { role: "user", content: "hello" };
    memo.valueOf(first);
    first.content = "edited text";

    expect(memo.valueOf({ role: "user", content: "hello" })).toBe(5);
    expect(memo.valueOf(first)).toBe(11);
  });

  it("does not share a value between messages that have other fields", () => {
    const memo = new MessageMemo((message) => JSON.stringify(message), { byText: true });
    const odd = { role: "user", content: "hi", name: "a" } as unknown as Message;
    const other = { role: "user", content: "hi", name: "b" } as unknown as Message;

    expect(memo.valueOf(odd)).not.toBe(memo.valueOf(other));
  });
});

describe("MessageMemo.valuesOf", () => {
  it("gives each message's value in order, deriving only messages it has not seen", () => {
    const { memo, derived } = countingMemo();
    const first = freezeMessage({ role: "user", content: "go" } as Message);
    const second = freezeMessage(assistant());

    expect(memo.valuesOf([first])).toEqual([JSON.stringify(first)]);
    expect(memo.valuesOf([first, second])).toEqual([JSON.stringify(first), JSON.stringify(second)]);

    expect(derived).toEqual([first, second]);
  });

  it("derives afresh an unfrozen message edited in place at the same position", () => {
    const { memo } = countingMemo();
    const message = assistant();
    memo.valuesOf([message]);

    const call = (message.toolCalls ?? [])[0];
    if (call) call.arguments = '{"path":"b"}';

    expect(memo.valuesOf([message])).toEqual([JSON.stringify(message)]);
  });

  it("follows a list that was edited between calls: a message replaced, inserted or removed", () => {
    const { memo } = countingMemo();
    const messages = ["a", "b", "c", "d"].map((content) =>
      freezeMessage({ role: "user", content } as Message),
    );
    memo.valuesOf(messages);

    const replaced = [
      messages[0],
      freezeMessage({ role: "user", content: "B" } as Message),
      ...messages.slice(2),
    ];
    const inserted = [
      messages[0],
      freezeMessage({ role: "system", content: "s" } as Message),
      ...messages.slice(1),
    ];
    const removed = [messages[0], ...messages.slice(2)];

    for (const list of [replaced, inserted, removed, messages] as Message[][])
      expect(memo.valuesOf(list)).toEqual(list.map((message) => JSON.stringify(message)));
  });

  it("is not fooled when the caller changes its own array after the call", () => {
    const { memo } = countingMemo();
    const messages: Message[] = [freezeMessage({ role: "user", content: "a" })];
    memo.valuesOf(messages);

    messages[0] = freezeMessage({ role: "user", content: "z" });

    expect(memo.valuesOf(messages)).toEqual(['{"role":"user","content":"z"}']);
  });
});

describe("freezeMessage", () => {
  it("freezes the message, its tool-call list and each call, so none can be edited", () => {
    const message = freezeMessage(assistant());

    expect(isFrozenMessage(message)).toBe(true);
    const [call] = message.toolCalls ?? [];
    expect(() => {
      if (call) call.arguments = "{}";
    }).toThrow(TypeError);
    expect(() => message.toolCalls?.push({ id: "c2", name: "x", arguments: "{}" })).toThrow(TypeError);
  });

  it("does not count a message as frozen when only its outer object is", () => {
    const message = Object.freeze(assistant());

    expect(isFrozenMessage(message)).toBe(false);
  });
});
