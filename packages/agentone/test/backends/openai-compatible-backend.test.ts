import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelRequest } from "../../src/backends/model-backend.js";
import { OpenAICompatibleBackend } from "../../src/backends/openai-compatible/index.js";
import { estimateRequestTokens, type TokenCounter } from "../../src/backends/token-counter.js";
import { type FixtureReply, type RecordedRequest, startFixtureServer } from "../support/fixture-server.js";
import {
  type ContractCase,
  type ContractScenario,
  contractRequest,
  runBackendContract,
} from "./backend-contract.js";

const fixtureDirectory = new URL("./fixtures/openai/", import.meta.url);
const fixtureJson = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(name, fixtureDirectory), "utf8")) as unknown;
/** An `.sse.txt` fixture holds events separated by blank lines, as they are on the wire. */
const fixtureSse = (name: string): string[] =>
  readFileSync(new URL(name, fixtureDirectory), "utf8").trim().split(/\n\n+/);

const apiKey = "sk-test-secret";
const snapshot = "gpt-4o-mini-2024-07-18";
const bodyOf = (request: RecordedRequest) => request.body as Record<string, unknown>;
const openAIError = (error: {
  message: string;
  type: string;
  code: string | null;
  param?: string | null;
}) => ({
  error: { param: null, ...error },
});
const textStream = fixtureSse("text-stream.sse.txt");
/** The text stream up to and including its `finish_reason` chunk: no usage chunk, no `[DONE]`. */
const textStreamWithoutUsage = textStream.slice(0, 5);

const cases: Record<ContractScenario, ContractCase> = {
  text: {
    stream: false,
    replies: [{ json: fixtureJson("chat-completion-text.json"), headers: { "x-request-id": "req_text" } }],
    expect: {
      text: "It is 11 degrees celsius in Tokyo.",
      finishReason: "stop",
      modelVersion: snapshot,
      usage: {
        inputTokens: 26,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 9,
        reasoningTokens: 0,
      },
    },
    checkRequest: (request) => {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/v1/chat/completions");
      expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
      const body = bodyOf(request);
      expect(body).toMatchObject({
        model: "gpt-4o-mini",
        stream: false,
        temperature: 0,
        seed: 42,
        max_tokens: 256,
        messages: [
          { role: "system", content: "You are terse." },
          { role: "user", content: "What is the weather in Tokyo?" },
        ],
        tools: [
          {
            type: "function",
            function: {
              name: "get_weather",
              description: "Get the weather in a city",
              parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
            },
          },
        ],
      });
      expect(body).not.toHaveProperty("max_completion_tokens");
      // vLLM answers 400 to `stream_options` without `stream: true`.
      expect(body).not.toHaveProperty("stream_options");
      expect(body).not.toHaveProperty("tool_choice");
    },
  },
  "text-stream": {
    stream: true,
    replies: [{ sse: textStream }],
    expect: {
      text: "It is 11 degrees celsius in Tokyo.",
      finishReason: "stop",
      modelVersion: snapshot,
      usage: {
        inputTokens: 26,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 9,
        reasoningTokens: 0,
      },
    },
    checkRequest: (request) => {
      expect(bodyOf(request)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    },
  },
  "tool-call": {
    stream: false,
    replies: [{ json: fixtureJson("chat-completion-tool-call.json") }],
    expect: {
      text: "",
      toolCalls: [{ name: "get_weather", arguments: { city: "Tokyo" } }],
      finishReason: "tool-calls",
      usage: {
        inputTokens: 74,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 18,
        reasoningTokens: 0,
      },
    },
  },
  "tool-call-stream": {
    stream: true,
    replies: [{ sse: fixtureSse("tool-call-stream.sse.txt") }],
    expect: {
      text: "",
      toolCalls: [{ name: "get_weather", arguments: { city: "Tokyo" } }],
      finishReason: "tool-calls",
      usage: {
        inputTokens: 74,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 18,
        reasoningTokens: 0,
      },
    },
  },
  "tool-result-turn": {
    stream: false,
    replies: [{ json: fixtureJson("chat-completion-text.json") }],
    expect: { text: "It is 11 degrees celsius in Tokyo.", finishReason: "stop" },
    checkRequest: (request) => {
      const messages = bodyOf(request).messages as unknown[];
      expect(messages).toHaveLength(4);
      expect(messages[2]).toEqual({
        role: "assistant",
        content: "Let me check.",
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Tokyo"}' },
          },
        ],
      });
      expect(messages[3]).toEqual({ role: "tool", tool_call_id: "call_1", content: "11 degrees celsius" });
    },
  },
  "cached-usage": {
    stream: false,
    replies: [{ json: fixtureJson("chat-completion-cached-usage.json") }],
    expect: {
      usage: {
        inputTokens: 86,
        cachedInputTokens: 1920,
        cacheWriteTokens: 0,
        outputTokens: 18,
        reasoningTokens: 0,
      },
    },
  },
  "rate-limit": {
    stream: false,
    replies: [
      {
        status: 429,
        headers: { "retry-after": "4", "x-request-id": "req_429", "x-ratelimit-reset-tokens": "3.89s" },
        json: openAIError({
          message:
            "Rate limit reached for gpt-4o-mini in organization org-abc on tokens per min (TPM): Limit 30000, Used 28039, Requested 3906. Please try again in 3.89s. Visit https://platform.openai.com/account/rate-limits to learn more.",
          type: "tokens",
          code: "rate_limit_exceeded",
        }),
      },
    ],
    expect: { error: { failure: "rate_limit", retryable: true, retryAfterMs: 4000 } },
  },
  "server-error": {
    stream: false,
    replies: [
      {
        status: 500,
        json: openAIError({
          message: "The server had an error while processing your request. Sorry about that!",
          type: "server_error",
          code: null,
        }),
      },
    ],
    expect: { error: { failure: "server", retryable: true } },
  },
  overloaded: {
    stream: false,
    replies: [
      {
        status: 503,
        json: openAIError({
          message: "The engine is currently overloaded, please try again later",
          type: "server_error",
          code: "server_is_overloaded",
        }),
      },
    ],
    expect: { error: { failure: "overloaded", retryable: true } },
  },
  "bad-request": {
    stream: false,
    replies: [
      {
        status: 400,
        json: openAIError({
          message: "Invalid type for 'temperature': expected a decimal, but got a string instead.",
          type: "invalid_request_error",
          param: "temperature",
          code: "invalid_type",
        }),
      },
    ],
    expect: { error: { failure: "bad_request", retryable: false } },
  },
  authentication: {
    stream: false,
    replies: [
      {
        status: 401,
        json: openAIError({
          message:
            "Incorrect API key provided: sk-test-***cret. You can find your API key at https://platform.openai.com/account/api-keys.",
          type: "invalid_request_error",
          code: "invalid_api_key",
        }),
      },
    ],
    expect: { error: { failure: "authentication", retryable: false } },
  },
  "context-length": {
    stream: false,
    replies: [
      {
        status: 400,
        json: openAIError({
          message:
            "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens (130156 in the messages, 256 in the functions). Please reduce the length of the messages or functions.",
          type: "invalid_request_error",
          param: "messages",
          code: "context_length_exceeded",
        }),
      },
    ],
    expect: { error: { failure: "context_length", retryable: false } },
  },
  "cut-stream": {
    stream: true,
    replies: [{ sse: textStream.slice(0, 3), cut: "abort" }],
    expect: { error: { failure: "cut_stream", retryable: true } },
  },
  "error-after-200": {
    stream: true,
    replies: [
      {
        sse: [
          ...textStream.slice(0, 2),
          `data: ${JSON.stringify(
            openAIError({
              message: "The server had an error while processing your request. Sorry about that!",
              type: "server_error",
              code: null,
            }),
          )}`,
        ],
      },
    ],
    expect: { error: { failure: "server", retryable: true } },
  },
  "connection-refused": {
    stream: false,
    replies: [],
    expect: { error: { failure: "connection", retryable: true } },
  },
};

runBackendContract("openai-compatible", {
  model: "gpt-4o-mini",
  createBackend: (baseUrl) =>
    new OpenAICompatibleBackend({ name: "openai", baseUrl: `${baseUrl}/v1`, apiKey }),
  cases,
  // The role chunk and the first two content deltas.
  unfinishedStream: { sse: textStream.slice(0, 3), cut: "hold" },
});

describe("OpenAICompatibleBackend", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function serve(replies: FixtureReply[]) {
    const server = await startFixtureServer(replies);
    cleanups.push(server.close);
    return server;
  }

  function backendFor(baseUrl: string, options: { stream?: boolean; tokenCounter?: TokenCounter } = {}) {
    return new OpenAICompatibleBackend({ name: "vllm", baseUrl: `${baseUrl}/v1`, apiKey, ...options });
  }

  const request = (options: { stream: boolean }): ModelRequest =>
    contractRequest({ model: "gpt-4o-mini", stream: options.stream });

  async function failureOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof Error)) throw new Error("expected the call to fail");
    return error as Error & Record<string, unknown>;
  }

  describe("streams", () => {
    it("treats a stream that ends cleanly without its usage chunk as cut", async () => {
      const server = await serve([{ sse: textStreamWithoutUsage, cut: "end" }]);
      await expect(backendFor(server.baseUrl).generate(request({ stream: true }))).rejects.toMatchObject({
        failure: "cut_stream",
        retryable: true,
        message: expect.stringContaining("usage"),
      });
    });

    it("completes a stream that ended properly ([DONE]) without usage, estimating and marking its usage", async () => {
      // A server that ignores include_usage: no token counter is configured, and none is needed.
      const server = await serve([{ sse: [...textStreamWithoutUsage, "data: [DONE]"] }]);
      const response = await backendFor(server.baseUrl).generate(request({ stream: true }));
      expect(response.text).toBe("It is 11 degrees celsius in Tokyo.");
      expect(response.usageEstimated).toBe(true);
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      expect(response.usage.outputTokens).toBeGreaterThan(0);
      expect(response.warnings).toEqual([expect.objectContaining({ feature: "usage" })]);
    });

    it("treats a stream that ends without a finish_reason as cut", async () => {
      const server = await serve([{ sse: textStream.slice(0, 3), cut: "end" }]);
      await expect(backendFor(server.baseUrl).generate(request({ stream: true }))).rejects.toMatchObject({
        failure: "cut_stream",
        message: expect.stringContaining("finish_reason"),
      });
    });

    it("assembles parallel tool calls whose argument fragments interleave by index", async () => {
      const server = await serve([{ sse: fixtureSse("parallel-tool-calls-stream.sse.txt") }]);
      const response = await backendFor(server.baseUrl).generate(request({ stream: true }));
      expect(response.toolCalls).toEqual([
        { id: "call_tokyo", name: "get_weather", arguments: '{"city": "Tokyo"}' },
        { id: "call_paris", name: "get_weather", arguments: '{"city": "Paris"}' },
      ]);
      expect(response.finishReason).toBe("tool-calls");
    });

    it("streams when the backend is configured to and the request does not say", async () => {
      const server = await serve([{ sse: textStream }]);
      const streamed: ModelRequest = { ...request({ stream: false }), stream: undefined };
      const response = await backendFor(server.baseUrl, { stream: true }).generate(streamed);
      expect(response.text).toBe("It is 11 degrees celsius in Tokyo.");
      expect(bodyOf(server.requests[0] as RecordedRequest).stream).toBe(true);
    });
  });

  describe("requests", () => {
    it("sends the seed and temperature it is given, and leaves them out otherwise", async () => {
      const server = await serve([
        { json: fixtureJson("chat-completion-text.json") },
        { json: fixtureJson("chat-completion-text.json") },
      ]);
      const backend = backendFor(server.baseUrl);
      await backend.generate({ ...request({ stream: false }), seed: 7, temperature: 0.2 });
      await backend.generate({
        ...request({ stream: false }),
        seed: undefined,
        temperature: undefined,
        tools: [],
      });
      const [seeded, unseeded] = server.requests.map(bodyOf);
      expect(seeded).toMatchObject({ seed: 7, temperature: 0.2 });
      expect(unseeded).not.toHaveProperty("seed");
      expect(unseeded).not.toHaveProperty("temperature");
      // OpenAI rejects an empty `tools` array.
      expect(unseeded).not.toHaveProperty("tools");
    });

    it("sends max_completion_tokens to api.openai.com, which rejects max_tokens for reasoning models", async () => {
      const bodies: unknown[] = [];
      const fakeFetch: typeof fetch = async (_input, init) => {
        bodies.push(JSON.parse(String(init?.body)) as unknown);
        return new Response(JSON.stringify(fixtureJson("chat-completion-text.json")), {
          headers: { "content-type": "application/json" },
        });
      };
      const backend = new OpenAICompatibleBackend({
        name: "openai",
        baseUrl: "https://api.openai.com/v1",
        apiKey,
        fetch: fakeFetch,
      });
      await backend.generate(request({ stream: false }));
      expect(bodies[0]).toMatchObject({ max_completion_tokens: 256 });
      expect(bodies[0]).not.toHaveProperty("max_tokens");
    });

    it("sends a placeholder key to local servers when none is configured", async () => {
      const server = await serve([{ json: fixtureJson("chat-completion-text.json") }]);
      await new OpenAICompatibleBackend({ name: "vllm", baseUrl: `${server.baseUrl}/v1` }).generate(
        request({ stream: false }),
      );
      expect(server.requests[0]?.headers.authorization).toBe("Bearer not-needed");
    });
  });

  describe("responses", () => {
    it("reports the served model, request id, fingerprint and a base URL without credentials", async () => {
      const server = await serve([
        { json: fixtureJson("chat-completion-text.json"), headers: { "x-request-id": "req_abc" } },
      ]);
      const url = new URL(server.baseUrl);
      const backend = new OpenAICompatibleBackend({
        name: "vllm",
        baseUrl: `http://admin:hunter22@${url.host}/v1`,
      });
      const response = await backend.generate(request({ stream: false }));
      expect(response.modelVersion).toBe(snapshot);
      expect(response.provenance).toEqual({
        baseUrl: `${server.baseUrl}/v1`,
        requestId: "req_abc",
        systemFingerprint: "fp_0ba0d124f1",
      });
    });

    it("falls back to the completion id when there is no x-request-id header", async () => {
      const server = await serve([{ sse: textStream }]);
      const response = await backendFor(server.baseUrl).generate(request({ stream: true }));
      expect(response.provenance?.requestId).toBe("chatcmpl-B9MIcUuAd3Hk4nFJQ2hGZcBzmXnLE");
    });

    it("reads reasoning tokens and cache writes", async () => {
      const completion = fixtureJson("chat-completion-text.json") as Record<string, unknown>;
      const server = await serve([
        {
          json: {
            ...completion,
            usage: {
              prompt_tokens: 3000,
              completion_tokens: 500,
              total_tokens: 3500,
              prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 1500 },
              completion_tokens_details: { reasoning_tokens: 320 },
            },
          },
        },
      ]);
      const response = await backendFor(server.baseUrl).generate(request({ stream: false }));
      expect(response.usage).toEqual({
        inputTokens: 500,
        cachedInputTokens: 1000,
        cacheWriteTokens: 1500,
        outputTokens: 500,
        reasoningTokens: 320,
      });
    });

    it("reads tool calls as tool-calls when an Ollama-style server finishes them with stop", async () => {
      const server = await serve([
        {
          json: {
            id: "chatcmpl-640",
            object: "chat.completion",
            created: 1735689600,
            model: "llama3.1:8b",
            system_fingerprint: "fp_ollama",
            choices: [
              {
                index: 0,
                message: {
                  role: "assistant",
                  content: "",
                  tool_calls: [
                    {
                      id: "call_k3x9q2ab",
                      index: 0,
                      type: "function",
                      function: { name: "get_weather", arguments: '{"city":"Tokyo"}' },
                    },
                  ],
                },
                finish_reason: "stop",
              },
            ],
            usage: { prompt_tokens: 169, completion_tokens: 18, total_tokens: 187 },
          },
        },
      ]);
      const response = await backendFor(server.baseUrl).generate(request({ stream: false }));
      expect(response.finishReason).toBe("tool-calls");
      expect(response.toolCalls).toEqual([
        { id: "call_k3x9q2ab", name: "get_weather", arguments: '{"city":"Tokyo"}' },
      ]);
      expect(response.usage.inputTokens).toBe(169);
    });

    it("estimates usage with the token counter when a server reports none, and says so", async () => {
      const completion = fixtureJson("chat-completion-text.json") as Record<string, unknown>;
      const server = await serve([{ json: { ...completion, usage: undefined } }]);
      const counter: TokenCounter = { count: (text) => text.split(/\s+/).filter(Boolean).length };
      const sent = request({ stream: false });
      const response = await backendFor(server.baseUrl, { tokenCounter: counter }).generate(sent);
      expect(response.usage).toEqual({
        inputTokens: estimateRequestTokens(counter, sent),
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 7,
        reasoningTokens: 0,
      });
      expect(response.warnings).toEqual([
        { type: "unsupported", feature: "usage", detail: "server reported no usage; estimated" },
      ]);
    });

    it("estimates usage with the default token counter when none is configured, never reporting zero", async () => {
      const completion = fixtureJson("chat-completion-text.json") as Record<string, unknown>;
      const server = await serve([{ json: { ...completion, usage: null } }]);
      const response = await backendFor(server.baseUrl).generate(request({ stream: false }));
      expect(response.usageEstimated).toBe(true);
      expect(response.usage.outputTokens).toBeGreaterThan(0);
    });

    it("fails with a retryable server error when a 200 body is not a chat completion", async () => {
      const server = await serve([{ json: { object: "list", data: [] } }]);
      await expect(backendFor(server.baseUrl).generate(request({ stream: false }))).rejects.toMatchObject({
        failure: "server",
        retryable: true,
      });
    });
  });

  describe("errors", () => {
    it("reads vLLM's error body with an integer code", async () => {
      const server = await serve([
        {
          status: 400,
          json: {
            error: {
              message:
                "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens (8744 in the messages, 256 in the completion). Please reduce the length of the messages or completion.",
              type: "BadRequestError",
              param: null,
              code: 400,
            },
          },
        },
        {
          status: 400,
          json: {
            error: {
              message:
                '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
              type: "BadRequestError",
              param: null,
              code: 400,
            },
          },
        },
      ]);
      const backend = backendFor(server.baseUrl);
      await expect(backend.generate(request({ stream: false }))).rejects.toMatchObject({
        failure: "context_length",
        retryable: false,
        status: 400,
        message: expect.stringContaining("maximum context length is 8192 tokens"),
      });
      await expect(backend.generate(request({ stream: false }))).rejects.toMatchObject({
        failure: "bad_request",
        retryable: false,
        message: expect.stringContaining("--enable-auto-tool-choice"),
      });
    });

    it("reads older vLLM's flat error body", async () => {
      const server = await serve([
        {
          status: 404,
          json: {
            object: "error",
            message: "The model `gpt-4o-mini` does not exist.",
            type: "NotFoundError",
            param: null,
            code: 404,
          },
        },
      ]);
      const error = await failureOf(backendFor(server.baseUrl).generate(request({ stream: false })));
      expect(error).toMatchObject({ failure: "not_found", retryable: false, status: 404 });
      expect(error.message).toBe("404 The model `gpt-4o-mini` does not exist.");
    });

    it("reads an Ollama-style error body whose error is a string", async () => {
      const server = await serve([{ status: 404, json: { error: "model 'gpt-4o-mini' not found" } }]);
      const error = await failureOf(backendFor(server.baseUrl).generate(request({ stream: false })));
      expect(error).toMatchObject({ failure: "not_found", retryable: false });
      expect(error.message).toBe("404 model 'gpt-4o-mini' not found");
    });

    it("keeps the text of a non-JSON error body", async () => {
      const server = await serve([
        { status: 502, json: undefined, headers: { "content-type": "text/plain" } },
      ]);
      const error = await failureOf(backendFor(server.baseUrl).generate(request({ stream: false })));
      expect(error).toMatchObject({ failure: "server", retryable: true, status: 502 });
    });

    it("prefers retry-after-ms to retry-after", async () => {
      const server = await serve([
        {
          status: 429,
          headers: { "retry-after-ms": "3890", "retry-after": "4" },
          json: openAIError({ message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" }),
        },
      ]);
      await expect(backendFor(server.baseUrl).generate(request({ stream: false }))).rejects.toMatchObject({
        failure: "rate_limit",
        retryAfterMs: 3890,
      });
    });

    it("never retries an exhausted quota, even when the server says x-should-retry", async () => {
      const server = await serve([
        {
          status: 429,
          headers: { "x-should-retry": "true" },
          json: openAIError({
            message: "You exceeded your current quota, please check your plan and billing details.",
            type: "insufficient_quota",
            code: "insufficient_quota",
          }),
        },
      ]);
      await expect(backendFor(server.baseUrl).generate(request({ stream: false }))).rejects.toMatchObject({
        status: 429,
        retryable: false,
      });
    });

    it("obeys x-should-retry: false on a 500", async () => {
      const server = await serve([
        {
          status: 500,
          headers: { "x-should-retry": "false" },
          json: openAIError({ message: "The server had an error", type: "server_error", code: null }),
        },
      ]);
      await expect(backendFor(server.baseUrl).generate(request({ stream: false }))).rejects.toMatchObject({
        failure: "server",
        retryable: false,
      });
    });

    it("never puts the API key in an error message, even when the server echoes it", async () => {
      const server = await serve([
        {
          status: 401,
          json: openAIError({
            message: `Incorrect API key provided: ${apiKey}.`,
            type: "invalid_request_error",
            code: "invalid_api_key",
          }),
        },
      ]);
      const error = await failureOf(backendFor(server.baseUrl).generate(request({ stream: false })));
      expect(error).toMatchObject({ failure: "authentication" });
      expect(error.message).toContain("[redacted]");
      expect(error.message).not.toContain(apiKey);
      expect(JSON.stringify(error)).not.toContain(apiKey);
      expect(String(error.cause ?? "")).not.toContain(apiKey);
    });

    it("carries the base URL's query string onto every request, as gateways that take the key there need", async () => {
      const server = await serve([{ json: fixtureJson("chat-completion-text.json") }]);
      const backend = new OpenAICompatibleBackend({
        name: "gateway",
        baseUrl: `${server.baseUrl}/v1?api_key=qk-secret-123&api-version=2024-06-01`,
      });
      await backend.generate(request({ stream: false }));
      expect(server.requests[0]?.path).toBe(
        "/v1/chat/completions?api_key=qk-secret-123&api-version=2024-06-01",
      );
    });

    it("redacts a query-string key and Basic credentials a server echoes, URL-encoded or base64", async () => {
      const queryKey = "qk/sec+ret 9";
      const basic = Buffer.from("admin:hunter22").toString("base64");
      const server = await serve([
        {
          status: 401,
          json: openAIError({
            message: `No access for /v1/chat/completions?api_key=${encodeURIComponent(queryKey)} (Basic ${basic}; key ${queryKey})`,
            type: "invalid_request_error",
            code: "invalid_api_key",
          }),
        },
      ]);
      const [scheme, address] = server.baseUrl.split("//");
      const backend = new OpenAICompatibleBackend({
        name: "gateway",
        baseUrl: `${scheme}//admin:hunter22@${address}/v1?api_key=${encodeURIComponent(queryKey)}`,
      });
      const error = await failureOf(backend.generate(request({ stream: false })));
      expect(error).toMatchObject({ failure: "authentication" });
      for (const secret of [queryKey, encodeURIComponent(queryKey), basic, "hunter22"]) {
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    });

    it("never puts credentials from the base URL in a connection error", async () => {
      const backend = new OpenAICompatibleBackend({
        name: "vllm",
        baseUrl: "http://admin:hunter22@127.0.0.1:9/v1",
        apiKey,
      });
      const error = await failureOf(backend.generate(request({ stream: false })));
      expect(error).toMatchObject({ failure: "connection", retryable: true });
      expect(error.message).toContain("http://127.0.0.1:9/v1");
      for (const secret of ["hunter22", "admin", apiKey]) {
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    });
  });

  describe("aborts", () => {
    it("rejects with the signal's reason when aborted mid-stream", async () => {
      const responses: ServerResponse[] = [];
      const server = createServer((_request, response) => {
        response.writeHead(200, { "content-type": "text/event-stream" });
        // One chunk, then the answer stalls: only the abort can end this call.
        response.write(`${textStream[0]}\n\n${textStream[1]}\n\n`);
        responses.push(response);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      );
      const { port } = server.address() as AddressInfo;
      let headersArrived: () => void = () => undefined;
      const streaming = new Promise<void>((resolve) => {
        headersArrived = resolve;
      });
      const watchingFetch: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        headersArrived();
        return response;
      };
      const backend = new OpenAICompatibleBackend({
        name: "vllm",
        baseUrl: `http://127.0.0.1:${port}/v1`,
        fetch: watchingFetch,
      });
      const controller = new AbortController();
      const reason = new Error("budget exhausted");
      const call = backend.generate({ ...request({ stream: true }), signal: controller.signal });
      await streaming;
      controller.abort(reason);
      await expect(call).rejects.toBe(reason);
      expect(responses).toHaveLength(1);
    });

    it("rejects with the signal's reason when aborted before the call, without sending it", async () => {
      const server = await serve([{ json: fixtureJson("chat-completion-text.json") }]);
      const controller = new AbortController();
      const reason = new Error("kill switch");
      controller.abort(reason);
      await expect(
        backendFor(server.baseUrl).generate({ ...request({ stream: false }), signal: controller.signal }),
      ).rejects.toBe(reason);
      expect(server.requests).toHaveLength(0);
    });
  });
});
