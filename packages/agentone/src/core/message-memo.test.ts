import { describe, expect, it } from "vitest";
import { MessageMemo } from "./message-memo.js";
import type { Message } from "./messages.js";

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

    memo.valueOf({ role: "user", content: "hello" });
    memo.valueOf({ role: "user", content: "hello" });

    expect(derived).toHaveLength(2);
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
