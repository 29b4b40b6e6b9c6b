import { describe, expect, it } from "vitest";
import { MessageMemo } from "../../core/message-memo.js";
import type { Message } from "../../core/messages.js";
import { conversationFor, sendableMessage } from "./conversation.js";

const call = (id: string, argumentsText = "{}") => ({ id, name: "read_file", arguments: argumentsText });
const answer = (id: string): Message => ({
  role: "tool",
  toolCallId: id,
  toolName: "read_file",
  content: id,
});
const notExecuted = (id: string): Message => ({
  role: "tool",
  toolCallId: id,
  toolName: "read_file",
  content: "Not executed: the run was interrupted before this call ran.",
  isError: true,
});

describe("conversationFor", () => {
  it("answers a call left unanswered with a not-executed result, right after the calls' own answers", () => {
    const messages: Message[] = [
      { role: "user", content: "go" },
      { role: "assistant", content: "", toolCalls: [call("c1"), call("c2")] },
      answer("c1"),
      { role: "user", content: "resumed" },
    ];

    expect(conversationFor(messages)).toEqual([...messages.slice(0, 3), notExecuted("c2"), messages[3]]);
  });

  it("adds nothing for a call answered further down rather than right below it", () => {
    const messages: Message[] = [
      { role: "user", content: "go" },
      { role: "assistant", content: "", toolCalls: [call("c1")] },
      { role: "user", content: "an instruction came first" },
      answer("c1"),
    ];

    expect(conversationFor(messages)).toEqual(messages);
  });

  it("sends the same message objects from step to step through a memoised sendable form", () => {
    const deep = "[".repeat(100);
    const messages: Message[] = [
      { role: "user", content: "go" },
      { role: "assistant", content: "", toolCalls: [call("c1", deep)] },
      answer("c1"),
    ];
    const memo = new MessageMemo(sendableMessage);
    const sendable = (message: Message) => memo.valueOf(message);

    const first = conversationFor(messages, sendable);
    const second = conversationFor(messages, sendable);

    expect(first).toEqual(conversationFor(messages));
    expect(second[1]).toBe(first[1]);
    expect(second[1]).not.toBe(messages[1]);
    expect(second[0]).toBe(messages[0]);
  });
});
