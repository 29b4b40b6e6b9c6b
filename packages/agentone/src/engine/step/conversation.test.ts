import { describe, expect, it } from "vitest";
import { MessageMemo } from "../../core/message-memo.js";
import type { Message } from "../../core/messages.js";
import { freezeMessage } from "../../core/messages.js";
import { conversationFor, createConversationMemo, sendableMessage } from "./conversation.js";

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
    const sendable = (list: readonly Message[]) => memo.valuesOf(list);

    const first = conversationFor(messages, sendable);
    const second = conversationFor(messages, sendable);

    expect(first).toEqual(conversationFor(messages));
    expect(second[1]).toBe(first[1]);
    expect(second[1]).not.toBe(messages[1]);
    expect(second[0]).toBe(messages[0]);
  });
});

describe("createConversationMemo", () => {
  const user = (content: string) => freezeMessage({ role: "user", content } as Message);
  const calls = (...ids: string[]) =>
    freezeMessage({ role: "assistant", content: "", toolCalls: ids.map((id) => call(id)) } as Message);
  const result = (id: string) => freezeMessage(answer(id));

  /** Each log in turn through one memo, checked against a fresh `conversationFor` of the same log. */
  function expectSameAsFresh(logs: Message[][]) {
    const memo = new MessageMemo(sendableMessage);
    const conversation = createConversationMemo((list) => memo.valuesOf(list));
    for (const log of logs) expect(conversation(log)).toEqual(conversationFor(log));
  }

  it("equals a fresh build at every step of a growing log", () => {
    const log: Message[] = [user("go")];
    const logs: Message[][] = [[...log]];
    for (let turn = 1; turn <= 5; turn++) {
      log.push(calls(`c${turn}`));
      logs.push([...log]);
      log.push(result(`c${turn}`));
      logs.push([...log]);
    }
    expectSameAsFresh(logs);
  });

  it("drops a not-executed result once the call's answer arrives in a later step", () => {
    const start = [user("go"), calls("c1", "c2"), result("c1")];
    const answeredLater = [...start, result("c2")];
    const resumed = [...start, user("resumed"), result("c2")];
    expectSameAsFresh([start, answeredLater, start, resumed, [...resumed, calls("c3"), result("c3")]]);
  });

  it("follows a log rebuilt between steps (a resumed or forked run folds new objects)", () => {
    const first = [user("go"), calls("c1"), result("c1"), calls("c2"), result("c2")];
    const rebuilt = [user("go"), calls("c1"), result("c1"), user("other"), calls("c9")];
    expectSameAsFresh([first, rebuilt, first, first.slice(0, 2)]);
  });

  it("equals a fresh build when an unfrozen message of an earlier group is edited in place", () => {
    const memo = new MessageMemo(sendableMessage);
    const conversation = createConversationMemo((list) => memo.valuesOf(list));
    const assistant: Message = { role: "assistant", content: "", toolCalls: [call("c1")] };
    const log: Message[] = [
      { role: "user", content: "go" },
      assistant,
      answer("c1"),
      { role: "user", content: "next" },
    ];
    conversation(log);

    const [toolCall] = assistant.toolCalls ?? [];
    if (toolCall) toolCall.id = "c9";

    expect(conversation(log)).toEqual(conversationFor(log));
  });

  it("is not changed by the caller editing the list it was given", () => {
    const memo = new MessageMemo(sendableMessage);
    const conversation = createConversationMemo((list) => memo.valuesOf(list));
    const log = [user("go"), calls("c1"), result("c1"), user("next")];
    conversation(log).push(user("appended by the caller"));

    expect(conversation([...log, calls("c2")])).toEqual(conversationFor([...log, calls("c2")]));
  });
});
