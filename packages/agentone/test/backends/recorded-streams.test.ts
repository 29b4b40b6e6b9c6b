import { readFileSync } from "node:fs";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { AnthropicBackend } from "../../src/backends/anthropic/index.js";
import type { ModelBackend, ModelStreamPart } from "../../src/backends/model-backend.js";
import { OpenAICompatibleBackend } from "../../src/backends/openai-compatible/index.js";
import { type FixtureReply, startFixtureServer } from "../support/fixture-server.js";
import { contractRequest, expectWellFormedStream, readParts } from "./backend-contract.js";

const directory = new URL("./fixtures/recorded/", import.meta.url);
/** The recorded chunks, one JSON text per line, untouched. */
const recordedLines = (name: string): string[] =>
  readFileSync(new URL(name, directory), "utf8")
    .split("\n")
    .filter((line) => line !== "");

/** OpenAI's framing: each chunk as a `data:` event. */
const openAIReply = (name: string): FixtureReply => ({
  sse: recordedLines(name).map((line) => `data: ${line}`),
});
/** Anthropic's framing: each event named by its type. */
const anthropicReply = (name: string): FixtureReply => ({
  sse: recordedLines(name).map(
    (line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}`,
  ),
});

const typesOf = (parts: ModelStreamPart[]) => parts.map((part) => part.type);

describe("recorded provider streams, served byte for byte over loopback HTTP", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  /** Serves the reply twice (request 0, then 1) and returns the parts of stream() and generate's answer. */
  async function streamAndGenerate(reply: FixtureReply, createBackend: (url: string) => ModelBackend) {
    const server = await startFixtureServer([reply, reply, reply]);
    close = server.close;
    const backend = createBackend(server.baseUrl);
    const request = contractRequest({ model: "recorded", stream: true });
    const parts = await readParts(backend.stream(request));
    const generated = await backend.generate(request);
    return { parts, generated, server };
  }

  describe("OpenAI gpt-4o: text, then a tool call", () => {
    const reply = openAIReply("openai-gpt-4o-text-then-tool-call.chunks.txt");
    const createBackend = (url: string) =>
      new OpenAICompatibleBackend({ name: "openai", baseUrl: `${url}/v1` });

    it("streams the text and the call as they arrive, then finishes with what generate returns", async () => {
      const { parts, generated } = await streamAndGenerate(reply, createBackend);
      expect(parts.slice(0, -1)).toEqual([
        { type: "text-delta", text: "PRE" },
        { type: "text-delta", text: "_TOOL" },
        {
          type: "tool-call-delta",
          index: 0,
          id: "call_NZa7xqfefoaMI2YYHowVXVlU",
          name: "weather",
          argumentsDelta: "",
        },
        { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
      ]);
      const response = expectWellFormedStream(parts);
      expect(response).toEqual(generated);
      expect(response).toMatchObject({
        text: "PRE_TOOL",
        toolCalls: [{ id: "call_NZa7xqfefoaMI2YYHowVXVlU", name: "weather", arguments: "{}" }],
        finishReason: "tool-calls",
        usage: {
          inputTokens: 58,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: 12,
          reasoningTokens: 0,
        },
        modelVersion: "gpt-4o-2024-08-06",
        provenance: {
          requestId: "chatcmpl-E6yvi7cuDcHZEHTMxcLDyf3CMKIO2",
          systemFingerprint: "fp_627de6ad19",
        },
      });
      expect(response.usageEstimated).toBeUndefined();
    });

    it("reads the stream as the official openai SDK does", async () => {
      const { parts, server } = await streamAndGenerate(reply, createBackend);
      const ours = expectWellFormedStream(parts);
      const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: "not-checked", maxRetries: 0 });
      const sdkStream = client.chat.completions.stream({
        model: "recorded",
        messages: [{ role: "user", content: "hi" }],
      });
      const completion = await sdkStream.finalChatCompletion();
      const message = completion.choices[0]?.message;
      expect(ours.text).toBe(message?.content);
      expect(
        ours.toolCalls.map((call) => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: call.arguments },
        })),
      ).toEqual(
        message?.tool_calls?.map(({ id, type, function: fn }) => ({
          id,
          type,
          function: { name: fn.name, arguments: fn.arguments },
        })),
      );
      expect(completion.usage).toMatchObject({
        prompt_tokens: ours.usage.inputTokens,
        completion_tokens: ours.usage.outputTokens,
      });
    });
  });

  describe("Anthropic claude-sonnet-4-5", () => {
    const createBackend = (url: string) =>
      new AnthropicBackend({ name: "anthropic", baseUrl: url, apiKey: "not-checked" });

    it("streams text deltas with pings between them, and the cumulative usage of message_delta", async () => {
      const { parts, generated } = await streamAndGenerate(
        anthropicReply("anthropic-text.chunks.txt"),
        createBackend,
      );
      expect(typesOf(parts)).toEqual([...Array(6).fill("text-delta"), "finish"]);
      const response = expectWellFormedStream(parts);
      expect(response).toEqual(generated);
      expect(response).toMatchObject({
        text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
        finishReason: "stop",
        usage: {
          inputTokens: 12,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: 30,
          reasoningTokens: 0,
        },
        modelVersion: "claude-sonnet-4-5-20250929",
        provenance: { messageId: "msg_01QC4g3HwBThD4BaNtBckFDJ" },
      });
    });

    it("streams a tool call without input as {} (its only JSON fragment is empty)", async () => {
      const { parts, generated } = await streamAndGenerate(
        anthropicReply("anthropic-tool-no-args.chunks.txt"),
        createBackend,
      );
      const response = expectWellFormedStream(parts);
      expect(response).toEqual(generated);
      expect(parts.filter((part) => part.type === "tool-call-delta")).toEqual([
        {
          type: "tool-call-delta",
          index: 0,
          id: "toolu_01QE1WLsSVp5hy5Q3GmGTmjP",
          name: "updateIssueList",
          argumentsDelta: "",
        },
        { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
      ]);
      expect(response).toMatchObject({
        text: "I'll update the issue list for you.",
        toolCalls: [{ id: "toolu_01QE1WLsSVp5hy5Q3GmGTmjP", name: "updateIssueList", arguments: "{}" }],
        finishReason: "tool-calls",
        usage: { inputTokens: 565, outputTokens: 48 },
      });
    });

    it("joins many argument fragments with escaped quotes into the input the SDK assembles", async () => {
      const reply = anthropicReply("anthropic-quoted-tool-input.chunks.txt");
      const { parts, generated, server } = await streamAndGenerate(reply, createBackend);
      const response = expectWellFormedStream(parts);
      expect(response).toEqual(generated);
      expect(parts.filter((part) => part.type === "tool-call-delta").length).toBe(12);
      const [call] = response.toolCalls;
      const client = new Anthropic({ baseURL: server.baseUrl, apiKey: "not-checked", maxRetries: 0 });
      const message = await client.messages
        .stream({ model: "recorded", max_tokens: 256, messages: [{ role: "user", content: "hi" }] })
        .finalMessage();
      const block = message.content.find((candidate) => candidate.type === "tool_use");
      expect(call?.name).toBe(block?.type === "tool_use" ? block.name : undefined);
      expect(JSON.parse(call?.arguments ?? "")).toEqual(block?.type === "tool_use" ? block.input : undefined);
      expect(response.usage.outputTokens).toBe(message.usage.output_tokens);
    });
  });
});
