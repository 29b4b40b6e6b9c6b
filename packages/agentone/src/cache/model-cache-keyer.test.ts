import { describe, expect, it } from "vitest";
import { UsageError } from "../core/errors/index.js";
import type { Message } from "../core/messages.js";
import { type ModelCacheKeyInput, modelCacheKey } from "./model-cache-key.js";
import { createModelCacheKeyer } from "./model-cache-keyer.js";

const readFileTool = {
  name: "read_file",
  description: "Read a file",
  inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

/** One tool turn: the model's call and the tool's answer. */
function turn(index: number): Message[] {
  return [
    {
      role: "assistant",
      content: index % 3 === 0 ? "" : `step ${index} "quoted" \u00e9 \ud83d\ude00`,
      toolCalls: [{ id: `c${index}`, name: "read_file", arguments: `{"path":"f${index}"}` }],
    },
    {
      role: "tool",
      toolCallId: `c${index}`,
      toolName: "read_file",
      content: `text ${index}`,
      ...(index % 4 === 0 ? { isError: true } : {}),
    },
  ];
}

function request(
  conversation: readonly Message[],
  overrides: Partial<ModelCacheKeyInput> = {},
): ModelCacheKeyInput {
  return {
    model: "gpt-4o-mini",
    backend: "openai",
    contextWindow: 128_000,
    messages: [
      { role: "system", content: "Current step: act." },
      ...conversation,
      { role: "user", content: `Budget remaining: ${conversation.length} steps.` },
    ],
    tools: [readFileTool],
    temperature: 0,
    maxOutputTokens: 1024,
    ...overrides,
  };
}

describe("createModelCacheKeyer", () => {
  it("gives modelCacheKey's key at every call of a growing conversation", () => {
    const keyer = createModelCacheKeyer();
    let conversation: Message[] = [{ role: "user", content: "Read every file." }];
    for (let index = 1; index <= 25; index++) {
      conversation = [...conversation, ...turn(index)];
      const input = request(conversation);
      expect(keyer.keyOf(input)).toBe(modelCacheKey(input));
    }
  });

  it("gives modelCacheKey's key when calls alternate models, step kinds, tools and optional fields", () => {
    const keyer = createModelCacheKeyer();
    let conversation: Message[] = [{ role: "user", content: "Read every file." }];
    for (let index = 1; index <= 24; index++) {
      conversation = [...conversation, ...turn(index)];
      const variants: ModelCacheKeyInput[] = [
        request(conversation),
        request(conversation, { model: "claude-haiku", backend: undefined, seed: 7 }),
        request(conversation, { tools: [], contextWindow: undefined, temperature: undefined }),
        {
          ...request(conversation),
          messages: [{ role: "system", content: "Current step: replan." }, ...conversation],
        },
        { ...request(conversation), messages: conversation },
        { ...request(conversation), messages: [] },
      ];
      const input = variants[index % variants.length] as ModelCacheKeyInput;
      expect(keyer.keyOf(input)).toBe(modelCacheKey(input));
    }
  });

  it("gives modelCacheKey's key after the conversation is edited: in place, cut short, or rebuilt", () => {
    const keyer = createModelCacheKeyer();
    const conversation: Message[] = [{ role: "user", content: "Read every file." }];
    for (let index = 1; index <= 6; index++) conversation.push(...turn(index));
    keyer.keyOf(request(conversation));

    const answer = conversation[4] as Extract<Message, { role: "tool" }>;
    answer.content = "edited";
    expect(keyer.keyOf(request(conversation))).toBe(modelCacheKey(request(conversation)));

    const forked = [...conversation.slice(0, 3), { role: "user" as const, content: "Answer now." }];
    expect(keyer.keyOf(request(forked))).toBe(modelCacheKey(request(forked)));

    const rebuilt = conversation.map((message) => ({ ...message }));
    expect(keyer.keyOf(request(rebuilt))).toBe(modelCacheKey(request(rebuilt)));
    expect(keyer.keyOf(request(conversation))).toBe(modelCacheKey(request(conversation)));
  });

  it("gives the same key again for the same request (a retry)", () => {
    const keyer = createModelCacheKeyer();
    const input = request([{ role: "user", content: "Read every file." }, ...turn(1)]);

    expect(keyer.keyOf(input)).toBe(keyer.keyOf(input));
    expect(keyer.keyOf(input)).toBe(modelCacheKey(input));
  });

  it("stays right with more concurrent call shapes than it keeps chains for", () => {
    const keyer = createModelCacheKeyer();
    let conversation: Message[] = [{ role: "user", content: "Read every file." }];
    for (let index = 1; index <= 4; index++) {
      conversation = [...conversation, ...turn(index)];
      for (let model = 0; model < 40; model++) {
        const input = request(conversation, { model: `model-${model}` });
        expect(keyer.keyOf(input)).toBe(modelCacheKey(input));
      }
    }
  });

  it("refuses what canonical JSON refuses, with modelCacheKey's error", () => {
    const keyer = createModelCacheKeyer();
    const input = request([{ role: "user", content: "x", extra: new Map() } as unknown as Message]);

    expect(() => keyer.keyOf(input)).toThrow(UsageError);
    expect(() => keyer.keyOf(input)).toThrow(
      "cannot write an instance of Map at $.messages[1].extra as canonical JSON",
    );
  });
});
