import { beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../core/messages.js";
import type { ToolDefinition } from "./model-backend.js";
import { createRequestTokenMemo } from "./request-token-memo.js";
import { estimateRequestTokens, loadTokenCounter, type TokenCounter } from "./token-counter.js";

let tokenizer: TokenCounter;
beforeAll(async () => {
  tokenizer = await loadTokenCounter();
});

/** The real tokenizer, with every text it was asked to count. */
function countingCounter() {
  const texts: string[] = [];
  const counter: TokenCounter = {
    count(text) {
      texts.push(text);
      return tokenizer.count(text);
    },
  };
  return { counter, texts };
}

const tools: ToolDefinition[] = [
  {
    name: "read_file",
    description: "Reads a file of the workspace.",
    inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
];

/** A conversation of `turns` tool turns after the goal, as a run's state holds it (one array per step). */
function conversation(turns: number, previous: Message[] = [{ role: "user", content: "Read every file." }]) {
  const messages = [...previous];
  for (let turn = previous.length; messages.length < 1 + 2 * turns; turn++) {
    messages.push(
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: `c${turn}`, name: "read_file", arguments: `{"path":"file-${turn}.txt"}` }],
      },
      {
        role: "tool",
        toolCallId: `c${turn}`,
        toolName: "read_file",
        content: `contents of file ${turn} `.repeat(20),
      },
    );
  }
  return messages;
}

const request = (messages: Message[], budget: string) => ({
  messages: [
    { role: "system" as const, content: "You are an agent." },
    ...messages,
    { role: "user" as const, content: budget },
  ],
  tools,
});

describe("createRequestTokenMemo", () => {
  it("equals a fresh estimate at every step of a growing conversation, counting only what is new", () => {
    const { counter, texts } = countingCounter();
    const memo = createRequestTokenMemo(counter);
    let messages = conversation(0);
    const newTexts: number[] = [];
    for (let step = 1; step <= 30; step++) {
      messages = conversation(step, messages);
      const before = texts.length;
      const estimate = memo.estimate(request(messages, `Budget remaining: ${40 - step} steps.`));
      newTexts.push(texts.length - before);
      expect(estimate).toBe(
        estimateRequestTokens(tokenizer, request(messages, `Budget remaining: ${40 - step} steps.`)),
      );
    }
    // After the first step: the budget line and the new turn (2 texts and 3) only; the system prompt, a new
    // object at every step with the same text, is counted once.
    expect(newTexts.slice(1)).toEqual(Array(29).fill(6));
  });

  it("counts an edited conversation as a fresh count does: a message changed in place, one removed, one inserted", () => {
    const memo = createRequestTokenMemo(tokenizer);
    const messages = conversation(6);
    memo.estimate(request(messages, "b"));

    const answer = messages[2] as Extract<Message, { role: "tool" }>;
    answer.content = "a much longer answer than before ".repeat(10);
    expect(memo.estimate(request(messages, "b"))).toBe(
      estimateRequestTokens(tokenizer, request(messages, "b")),
    );

    // A fork or a resume rebuilds the conversation: fewer messages, an instruction in the middle.
    const edited = [
      ...messages.slice(0, 5),
      { role: "user" as const, content: "Stop reading; answer." },
      ...messages.slice(5, 7),
    ];
    expect(memo.estimate(request(edited, "b"))).toBe(estimateRequestTokens(tokenizer, request(edited, "b")));
  });

  it("counts a tool again when its definition changes", () => {
    const memo = createRequestTokenMemo(tokenizer);
    const tool: ToolDefinition = { ...(tools[0] as ToolDefinition) };
    const withTool = () => ({ messages: [], tools: [tool] });
    memo.estimate(withTool());

    tool.description =
      "Reads a file of the workspace, whole or a range of its lines, and says how long it is.";
    expect(memo.estimate(withTool())).toBe(estimateRequestTokens(tokenizer, withTool()));
    tool.inputSchema = { type: "object", properties: {} };
    expect(memo.estimate(withTool())).toBe(estimateRequestTokens(tokenizer, withTool()));
  });
});
