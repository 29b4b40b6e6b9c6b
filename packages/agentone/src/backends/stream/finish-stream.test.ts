import { describe, expect, it } from "vitest";
import type { ModelResponse, ModelStreamDelta } from "../model-backend.js";
import { finishStream } from "./finish-stream.js";

const responseWith = (text: string): ModelResponse => ({
  text,
  toolCalls: [],
  finishReason: "refusal",
  usage: { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 },
  modelVersion: "m",
});

async function* reader(
  texts: string[],
  state: { closed: boolean },
): AsyncGenerator<ModelStreamDelta, string> {
  try {
    for (const text of texts) yield { type: "text-delta", text };
    return texts.join("");
  } finally {
    state.closed = true;
  }
}

describe("finishStream", () => {
  it("passes the deltas on, then sends the text the response adds as one last delta before finish", async () => {
    const state = { closed: false };
    const parts = [];
    for await (const part of finishStream(reader(["", "I can"], state), (text) =>
      responseWith(`${text}not help.`),
    ))
      parts.push(part);
    expect(parts.map((part) => (part.type === "text-delta" ? part.text : part.type))).toEqual([
      "",
      "I can",
      "not help.",
      "finish",
    ]);
  });

  it("closes the reader when the consumer stops early", async () => {
    const state = { closed: false };
    for await (const part of finishStream(reader(["a", "b", "c"], state), responseWith)) {
      if (part.type === "text-delta") break;
    }
    expect(state.closed).toBe(true);
  });
});
