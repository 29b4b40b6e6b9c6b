import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OpenAICompatibleBackend } from "../../src/backends/openai-compatible/index.js";
import { type FixtureReply, startFixtureServer } from "../support/fixture-server.js";
import { contractRequest, expectWellFormedStream, readParts } from "./backend-contract.js";

const fixtureDirectory = new URL("./fixtures/openai/", import.meta.url);
const fixtureText = (name: string) => readFileSync(new URL(name, fixtureDirectory), "utf8");
const fixtureJson = (name: string) => JSON.parse(fixtureText(name)) as Record<string, unknown>;
const fixtureSse = (name: string) => fixtureText(name).trim().split(/\n\n+/);

describe("OpenAI-compatible providers' quirks, over HTTP", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function backendServing(replies: FixtureReply[]) {
    const server = await startFixtureServer(replies);
    cleanups.push(server.close);
    return new OpenAICompatibleBackend({ name: "provider", baseUrl: `${server.baseUrl}/v1`, apiKey: "sk-x" });
  }

  it("bills xAI's reasoning tokens, which it leaves out of completion_tokens, as output", async () => {
    // total_tokens 313 = prompt 32 + completion 26 + reasoning 255: the witness that reasoning is outside.
    const backend = await backendServing([{ json: fixtureJson("grok-reasoning-usage.json") }]);
    const response = await backend.generate(contractRequest({ model: "grok-3-mini", stream: false }));
    expect(response.usage).toEqual({
      inputTokens: 26,
      cachedInputTokens: 6,
      cacheWriteTokens: 0,
      outputTokens: 281,
      reasoningTokens: 255,
    });
  });

  it("keeps OpenAI's convention, where reasoning is already inside completion_tokens", async () => {
    const completion = fixtureJson("chat-completion-text.json");
    const usage = {
      prompt_tokens: 26,
      completion_tokens: 300,
      total_tokens: 326,
      completion_tokens_details: { reasoning_tokens: 256 },
    };
    const backend = await backendServing([{ json: { ...completion, usage } }]);
    const response = await backend.generate(contractRequest({ model: "o4-mini", stream: false }));
    expect(response.usage).toMatchObject({ outputTokens: 300, reasoningTokens: 256 });
  });

  it("never reports more reasoning than output, whatever a server claims", async () => {
    const completion = fixtureJson("chat-completion-text.json");
    const usage = {
      prompt_tokens: 10,
      completion_tokens: 5,
      completion_tokens_details: { reasoning_tokens: 50 },
    };
    const backend = await backendServing([{ json: { ...completion, usage } }]);
    const response = await backend.generate(contractRequest({ model: "m", stream: false }));
    expect(response.usage).toMatchObject({ outputTokens: 5, reasoningTokens: 5 });
  });

  it("records the model and request id Azure's model router sends after its empty first chunk", async () => {
    const backend = await backendServing([{ sse: fixtureSse("azure-model-router-stream.sse.txt") }]);
    const response = await backend.generate(contractRequest({ model: "model-router", stream: true }));
    expect(response.text).toBe("It is 11 degrees celsius in Tokyo.");
    expect(response.modelVersion).toBe("gpt-4.1-nano-2025-04-14");
    expect(response.provenance).toMatchObject({
      requestId: "chatcmpl-CYhXq2mN7pLk4RtVb9sDfW3eZ1aUo",
      systemFingerprint: "fp_f0bd8fd6a3",
    });
  });

  it("normalises message.refusal, sent with finish_reason stop, to a refusal carrying its text", async () => {
    const backend = await backendServing([{ json: fixtureJson("chat-completion-refusal.json") }]);
    const response = await backend.generate(contractRequest({ model: "gpt-4o", stream: false }));
    expect(response.finishReason).toBe("refusal");
    expect(response.text).toBe("I'm sorry, I can't assist with that request.");
  });

  it("normalises a streamed refusal the same way", async () => {
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-r", object: "chat.completion.chunk", model: "gpt-4o-2024-08-06", choices: [{ index: 0, delta, finish_reason: finish }] })}`;
    const usage = `data: ${JSON.stringify({ id: "chatcmpl-r", object: "chat.completion.chunk", model: "gpt-4o-2024-08-06", choices: [], usage: { prompt_tokens: 41, completion_tokens: 11 } })}`;
    const reply: FixtureReply = {
      sse: [
        chunk({ role: "assistant", content: null, refusal: "" }, null),
        chunk({ refusal: "I'm sorry, I can't" }, null),
        chunk({ refusal: " assist with that request." }, null),
        chunk({}, "stop"),
        usage,
        "data: [DONE]",
      ],
    };
    const backend = await backendServing([reply, reply]);
    const response = await backend.generate(contractRequest({ model: "gpt-4o", stream: true }));
    expect(response.finishReason).toBe("refusal");
    expect(response.text).toBe("I'm sorry, I can't assist with that request.");
    // Through stream(): the refusal, which stands in for the missing content, arrives as the last text delta.
    const parts = await readParts(backend.stream(contractRequest({ model: "gpt-4o", stream: true })));
    expect(parts.map((part) => part.type)).toEqual(["text-delta", "finish"]);
    expect(expectWellFormedStream(parts)).toEqual(response);
  });

  it("classes a non-streamed body cut after HTTP 200 as a cut answer, not a connection failure", async () => {
    const backend = await backendServing([{ json: fixtureJson("chat-completion-text.json"), cut: "abort" }]);
    await expect(
      backend.generate(contractRequest({ model: "gpt-4o-mini", stream: false })),
    ).rejects.toMatchObject({
      failure: "cut_stream",
      retryable: true,
    });
  });

  it("classes a non-streamed body that ends halfway through its JSON as a cut answer", async () => {
    const backend = await backendServing([{ json: fixtureJson("chat-completion-text.json"), cut: "end" }]);
    await expect(
      backend.generate(contractRequest({ model: "gpt-4o-mini", stream: false })),
    ).rejects.toMatchObject({
      failure: "cut_stream",
    });
  });

  it("still classes a 200 whose body is a proxy's HTML page as a server error", async () => {
    // The fixture server sends JSON only; a fetch answering with HTML stands in for the proxy.
    const backend = new OpenAICompatibleBackend({
      name: "provider",
      baseUrl: "http://127.0.0.1:9/v1",
      fetch: async () => new Response("<html>bad gateway</html>", { status: 200 }),
    });
    await expect(backend.generate(contractRequest({ model: "m", stream: false }))).rejects.toMatchObject({
      failure: "server",
    });
  });

  it("prints nothing when a streamed line is cut, and calls the answer cut", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const stream = fixtureSse("text-stream.sse.txt");
      const backend = await backendServing([
        { sse: [...stream.slice(0, 2), 'data: {"id":"chatcmpl-'], cut: "end" },
      ]);
      await expect(
        backend.generate(contractRequest({ model: "gpt-4o-mini", stream: true })),
      ).rejects.toMatchObject({ failure: "cut_stream" });
      expect(error).not.toHaveBeenCalled();
    } finally {
      error.mockRestore();
    }
  });
});
