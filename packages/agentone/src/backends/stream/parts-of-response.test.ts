import { describe, expect, it } from "vitest";
import type { ModelResponse } from "../model-backend.js";
import { collectModelStream } from "./collect-model-stream.js";
import { deltasOfResponse, streamOfResponse } from "./parts-of-response.js";

const response: ModelResponse = {
  text: "It is 11 degrees celsius in Tokyo 🌧 today.",
  toolCalls: [
    { id: "call_1", name: "get_weather", arguments: '{"city":"Tokyo","unit":"celsius"}' },
    { id: "call_2", name: "list_files", arguments: "{}" },
  ],
  finishReason: "tool-calls",
  usage: { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0 },
  modelVersion: "sim-cheap-2026-11",
};

describe("deltasOfResponse", () => {
  it("cuts the text into a few pieces that join back to it, never inside a surrogate pair", () => {
    const texts = deltasOfResponse(response).flatMap((part) =>
      part.type === "text-delta" ? [part.text] : [],
    );
    expect(texts).toHaveLength(3);
    expect(texts.join("")).toBe(response.text);
    for (const text of texts) expect(text).toBe(Array.from(text).join(""));
  });

  it("gives each call its id and name on the first fragment and fragments that join to its arguments", () => {
    const calls = deltasOfResponse(response).filter((part) => part.type === "tool-call-delta");
    expect(calls[0]).toMatchObject({ index: 0, id: "call_1", name: "get_weather" });
    expect(calls.filter((part) => part.index === 0).length).toBeGreaterThan(1);
    for (const [index, call] of response.toolCalls.entries()) {
      const fragments = calls.filter((part) => part.index === index);
      expect(fragments.map((part) => part.argumentsDelta).join("")).toBe(call.arguments);
      expect(fragments.slice(1).every((part) => part.id === undefined && part.name === undefined)).toBe(true);
    }
  });

  it("has no deltas for an empty answer", () => {
    expect(deltasOfResponse({ ...response, text: "", toolCalls: [] })).toEqual([]);
  });
});

describe("streamOfResponse and collectModelStream", () => {
  it("ends with a finish carrying the very response, which collecting returns", async () => {
    expect(await collectModelStream(streamOfResponse(async () => response))).toBe(response);
  });

  it("fails from the iterator when producing the answer fails", async () => {
    const failure = new Error("no answer");
    await expect(
      collectModelStream(
        streamOfResponse(async () => {
          throw failure;
        }),
      ),
    ).rejects.toBe(failure);
  });

  it("treats a stream that ends without its finish as cut", async () => {
    async function* deltasOnly() {
      yield { type: "text-delta" as const, text: "It is" };
    }
    await expect(collectModelStream(deltasOnly())).rejects.toMatchObject({
      code: "MODEL_CALL_ERROR",
      failure: "cut_stream",
    });
  });
});
