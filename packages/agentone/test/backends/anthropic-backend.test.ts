import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  AnthropicBackend,
  convertToAnthropicMessages,
  mapAnthropicFinishReason,
} from "../../src/backends/anthropic/index.js";
import type { ModelRequest } from "../../src/backends/model-backend.js";
import { probeBackend } from "../../src/config/discover-models.js";
import { ModelCallError } from "../../src/core/errors/index.js";
import type { FixtureReply, RecordedRequest } from "../support/fixture-server.js";
import { startFixtureServer } from "../support/fixture-server.js";
import { leakedForm, queryKey, startKeyGateway } from "../support/key-gateway.js";
import {
  type ContractCase,
  type ContractScenario,
  contractRequest,
  runBackendContract,
} from "./backend-contract.js";

const apiKey = "sk-ant-test-secret";
const model = "claude-sonnet-4-20250514";
const fixtures = resolve(import.meta.dirname, "fixtures/anthropic");

function json(name: string): unknown {
  return JSON.parse(readFileSync(resolve(fixtures, `${name}.json`), "utf8")) as unknown;
}

/** A recorded stream, as the server sent it: named events separated by blank lines. */
function sse(name: string): string[] {
  return readFileSync(resolve(fixtures, `${name}.sse`), "utf8")
    .split(/\n\s*\n/)
    .map((event) => event.trim())
    .filter((event) => event !== "");
}

const errorBodies = json("errors") as Record<string, unknown>;

function errorReply(scenario: string, status: number, headers: Record<string, string> = {}): FixtureReply {
  return { status, headers: { "request-id": `req_${scenario}`, ...headers }, json: errorBodies[scenario] };
}

function ok(body: unknown): FixtureReply {
  return { headers: { "request-id": "req_011CSHoEeqs5C35K2UUqR7Fy" }, json: body };
}

function record(value: unknown): Record<string, unknown> {
  expect(value).toBeTypeOf("object");
  return value as Record<string, unknown>;
}

/** What every request must look like on the wire. */
function checkWire(request: RecordedRequest, stream: boolean): Record<string, unknown> {
  // The SDK appends /v1/messages to the base URL (client.ts buildURL + messages.create's '/v1/messages').
  expect(request.method).toBe("POST");
  expect(request.path).toBe("/v1/messages");
  expect(request.headers["x-api-key"]).toBe(apiKey);
  expect(request.headers.authorization).toBeUndefined();
  expect(request.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(request.headers["content-type"]).toContain("application/json");
  const body = record(request.body);
  expect(body).toMatchObject({ model, max_tokens: 256, system: "You are terse.", temperature: 0 });
  expect(body.stream).toBe(stream);
  expect(body).not.toHaveProperty("seed");
  expect(body).not.toHaveProperty("cache_control");
  expect(body.tools).toEqual([
    {
      name: "get_weather",
      description: "Get the weather in a city",
      input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  ]);
  return body;
}

const usage = (input: number, output: number) => ({
  inputTokens: input,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: output,
  reasoningTokens: 0,
});

const cases: Record<ContractScenario, ContractCase> = {
  text: {
    stream: false,
    replies: [ok(json("text"))],
    expect: {
      text: "I cannot look up live weather, but Tokyo is usually mild in spring.",
      toolCalls: [],
      finishReason: "stop",
      usage: usage(402, 19),
      modelVersion: model,
    },
    checkRequest: (request) => {
      const body = checkWire(request, false);
      expect(body.messages).toEqual([{ role: "user", content: "What is the weather in Tokyo?" }]);
    },
  },
  "text-stream": {
    stream: true,
    replies: [{ headers: { "request-id": "req_stream" }, sse: sse("text-stream") }],
    expect: {
      text: "I cannot look up live weather, but Tokyo is usually mild in spring.",
      toolCalls: [],
      finishReason: "stop",
      usage: usage(402, 19),
      modelVersion: model,
    },
    checkRequest: (request) => checkWire(request, true),
  },
  "tool-call": {
    stream: false,
    replies: [ok(json("tool-call"))],
    expect: {
      text: "Let me check.",
      toolCalls: [{ name: "get_weather", arguments: { city: "Tokyo" } }],
      finishReason: "tool-calls",
      usage: usage(402, 41),
      modelVersion: model,
    },
    checkRequest: (request) => checkWire(request, false),
  },
  "tool-call-stream": {
    stream: true,
    replies: [{ sse: sse("tool-call-stream") }],
    expect: {
      text: "Let me check.",
      toolCalls: [{ name: "get_weather", arguments: { city: "Tokyo" } }],
      finishReason: "tool-calls",
      // Output tokens come from message_delta's cumulative count, not message_start's 2.
      usage: usage(402, 41),
      modelVersion: model,
    },
    checkRequest: (request) => checkWire(request, true),
  },
  "tool-result-turn": {
    stream: false,
    replies: [ok(json("tool-result-turn"))],
    expect: { text: "It is 11 degrees Celsius in Tokyo.", finishReason: "stop", usage: usage(487, 14) },
    checkRequest: (request) => {
      const body = checkWire(request, false);
      expect(body.system).toBe("You are terse.");
      expect(body.max_tokens).toBe(256);
      expect(body.messages).toEqual([
        { role: "user", content: "What is the weather in Tokyo?" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Let me check." },
            { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Tokyo" } },
          ],
        },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "call_1", content: "11 degrees celsius" }],
        },
      ]);
    },
  },
  "cached-usage": {
    stream: false,
    replies: [ok(json("cached-usage"))],
    expect: {
      text: "Tokyo: 11 degrees Celsius, light rain.",
      // Anthropic's input_tokens already excludes cache reads and writes: taken as is.
      usage: {
        inputTokens: 57,
        cachedInputTokens: 2048,
        cacheWriteTokens: 100,
        outputTokens: 12,
        reasoningTokens: 0,
      },
    },
  },
  "rate-limit": {
    stream: false,
    replies: [
      errorReply("rate-limit", 429, {
        "retry-after": "7",
        "anthropic-ratelimit-input-tokens-limit": "30000",
        "anthropic-ratelimit-input-tokens-remaining": "0",
        "anthropic-ratelimit-input-tokens-reset": "2026-11-20T10:00:30Z",
      }),
    ],
    expect: { error: { failure: "rate_limit", retryable: true, retryAfterMs: 7000 } },
  },
  "server-error": {
    stream: false,
    replies: [errorReply("server-error", 500)],
    expect: { error: { failure: "server", retryable: true } },
  },
  overloaded: {
    stream: false,
    replies: [errorReply("overloaded", 529)],
    expect: { error: { failure: "overloaded", retryable: true } },
  },
  "bad-request": {
    stream: false,
    replies: [errorReply("bad-request", 400)],
    expect: { error: { failure: "bad_request", retryable: false } },
  },
  authentication: {
    stream: false,
    replies: [errorReply("authentication", 401)],
    expect: { error: { failure: "authentication", retryable: false } },
  },
  "context-length": {
    stream: false,
    replies: [errorReply("context-length", 400)],
    expect: { error: { failure: "context_length", retryable: false } },
  },
  "cut-stream": {
    stream: true,
    replies: [{ sse: sse("cut-stream"), cut: "abort" }],
    expect: { error: { failure: "cut_stream", retryable: true } },
  },
  "error-after-200": {
    stream: true,
    replies: [{ sse: sse("error-after-200") }],
    expect: { error: { failure: "overloaded", retryable: true } },
  },
  "connection-refused": {
    stream: false,
    replies: [],
    expect: { error: { failure: "connection", retryable: true } },
  },
};

runBackendContract("anthropic", {
  model,
  createBackend: (baseUrl) => new AnthropicBackend({ name: "anthropic", baseUrl, apiKey }),
  cases,
  // Up to the first text delta: message_start, content_block_start, ping, content_block_delta.
  unfinishedStream: { sse: sse("text-stream").slice(0, 4), cut: "hold" },
});

describe("AnthropicBackend", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function serve(replies: FixtureReply[]) {
    const server = await startFixtureServer(replies);
    close = server.close;
    return server;
  }

  function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
    return { ...contractRequest({ model, stream: false }), ...overrides };
  }

  async function failure(promise: Promise<unknown>): Promise<ModelCallError> {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    return error as ModelCallError;
  }

  it("reports the seed it cannot send as an unsupported-feature warning", async () => {
    const server = await serve([ok(json("text"))]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    const response = await backend.generate(request({ seed: 42 }));
    expect(response.warnings).toContainEqual(
      expect.objectContaining({ type: "unsupported", feature: "seed" }),
    );
    expect(server.requests[0]?.body).not.toHaveProperty("seed");
  });

  it("adds no warnings when nothing was dropped, and reports provenance without the key", async () => {
    const server = await serve([ok(json("text"))]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: `${server.baseUrl}/`, apiKey });
    const response = await backend.generate(request({ seed: undefined }));
    expect(response.warnings).toBeUndefined();
    expect(response.provenance).toEqual({
      baseUrl: server.baseUrl,
      requestId: "req_011CSHoEeqs5C35K2UUqR7Fy",
      messageId: "msg_01HCDu5LRGeP2o7s2xGmxyx8",
    });
    expect(JSON.stringify(response)).not.toContain(apiKey);
  });

  it("never puts the API key in an error, even when the server echoes it", async () => {
    const echoed = {
      type: "error",
      error: { type: "authentication_error", message: `invalid x-api-key: ${apiKey}` },
    };
    const server = await serve([{ status: 401, json: echoed }]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    const error = await failure(backend.generate(request()));
    expect(error.failure).toBe("authentication");
    expect(error.message).not.toContain(apiKey);
    expect(error.message).toContain("[redacted]");
    expect(JSON.stringify(error.toJSON())).not.toContain(apiKey);
    expect(String(error.stack)).not.toContain(apiKey);
    expect(error.cause).toBeUndefined();

    const refused = new AnthropicBackend({ name: "anthropic", baseUrl: "http://127.0.0.1:9", apiKey });
    const connection = await failure(refused.generate(request()));
    expect(connection.failure).toBe("connection");
    expect(connection.message).not.toContain(apiKey);
  });

  it("keeps the server's request id in error messages", async () => {
    const server = await serve([errorReply("server-error", 500)]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    const error = await failure(backend.generate(request()));
    expect(error.message).toBe("500 Internal server error (request-id req_server-error)");
    expect(error.status).toBe(500);
  });

  it("merges consecutive tool results into one user turn, results before text", async () => {
    const server = await serve([ok(json("tool-result-turn"))]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    await backend.generate(
      request({
        messages: [
          { role: "system", content: "You are terse." },
          { role: "user", content: "Weather in Tokyo and Osaka?" },
          {
            role: "assistant",
            content: "",
            toolCalls: [
              { id: "toolu_1", name: "get_weather", arguments: '{"city":"Tokyo"}' },
              { id: "toolu_2", name: "get_weather", arguments: '{"city":"Osaka"}' },
            ],
          },
          { role: "tool", toolCallId: "toolu_1", toolName: "get_weather", content: "11 degrees" },
          {
            role: "tool",
            toolCallId: "toolu_2",
            toolName: "get_weather",
            content: "city not found",
            isError: true,
          },
          { role: "user", content: "Be brief." },
        ],
      }),
    );
    expect(record(server.requests[0]?.body).messages).toEqual([
      { role: "user", content: "Weather in Tokyo and Osaka?" },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Tokyo" } },
          { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Osaka" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: "11 degrees" },
          { type: "tool_result", tool_use_id: "toolu_2", content: "city not found", is_error: true },
          { type: "text", text: "Be brief." },
        ],
      },
    ]);
  });

  it("sends streaming cut short by a clean end as cut_stream, never a truncated answer", async () => {
    const server = await serve([{ sse: sse("cut-stream"), cut: "end" }]);
    const backend = new AnthropicBackend({
      name: "anthropic",
      baseUrl: server.baseUrl,
      apiKey,
      stream: true,
    });
    const error = await failure(backend.generate(request({ stream: undefined })));
    expect(error).toMatchObject({ failure: "cut_stream", retryable: true });
    expect(record(server.requests[0]?.body).stream).toBe(true);
  });

  it("treats a stream that has its stop reason but no message_stop as cut", async () => {
    const events = sse("text-stream").filter((event) => !event.startsWith("event: message_stop"));
    const server = await serve([{ sse: events, cut: "end" }]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    const error = await failure(backend.generate(request({ stream: true })));
    expect(error.failure).toBe("cut_stream");
  });

  it("honours anthropic-ratelimit-*-reset when there is no retry-after", async () => {
    const now = Date.parse("2026-11-20T10:00:00Z");
    const server = await serve([
      errorReply("rate-limit", 429, {
        "anthropic-ratelimit-tokens-reset": "2026-11-20T10:00:05Z",
        "anthropic-ratelimit-requests-reset": "2026-11-20T10:00:09Z",
      }),
    ]);
    const backend = new AnthropicBackend({
      name: "anthropic",
      baseUrl: server.baseUrl,
      apiKey,
      now: () => now,
    });
    const error = await failure(backend.generate(request()));
    // The headers do not say which limit ran out, so the wait is until the last reset.
    expect(error).toMatchObject({ failure: "rate_limit", retryable: true, retryAfterMs: 9000 });
  });

  it("obeys x-should-retry: false", async () => {
    const server = await serve([errorReply("server-error", 500, { "x-should-retry": "false" })]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    const error = await failure(backend.generate(request()));
    expect(error).toMatchObject({ failure: "server", retryable: false });
  });

  it("rethrows the abort signal's reason", async () => {
    const reason = new Error("run cancelled");
    const controller = new AbortController();
    controller.abort(reason);
    const server = await serve([ok(json("text"))]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    await expect(backend.generate(request({ signal: controller.signal }))).rejects.toBe(reason);

    // Aborted while the request is in flight, through the injected fetch.
    const inFlight = new AbortController();
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
        setTimeout(() => inFlight.abort(reason), 10);
      });
    const viaFetch = new AnthropicBackend({
      name: "anthropic",
      baseUrl: "http://anthropic.invalid",
      apiKey,
      fetch: hanging,
    });
    await expect(viaFetch.generate(request({ signal: inFlight.signal }))).rejects.toBe(reason);
  });

  it("rethrows the abort signal's reason when aborted mid-stream, not cut_stream", async () => {
    const reason = new Error("budget exhausted");
    const controller = new AbortController();
    // Sends the first events, then hangs until the request's signal aborts.
    const stalling: typeof fetch = async (_input, init) => {
      const body = new ReadableStream<Uint8Array>({
        start(stream) {
          for (const event of sse("cut-stream")) stream.enqueue(new TextEncoder().encode(`${event}\n\n`));
          init?.signal?.addEventListener("abort", () =>
            stream.error(new DOMException("aborted", "AbortError")),
          );
          setTimeout(() => controller.abort(reason), 10);
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    };
    const backend = new AnthropicBackend({
      name: "anthropic",
      baseUrl: "http://anthropic.invalid",
      apiKey,
      fetch: stalling,
    });
    await expect(backend.generate(request({ stream: true, signal: controller.signal }))).rejects.toBe(reason);
  });

  it("sends a large max_tokens without streaming (the SDK's long-request guard stays off)", async () => {
    const server = await serve([ok(json("text"))]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    await backend.generate(request({ maxOutputTokens: 64_000 }));
    expect(record(server.requests[0]?.body).max_tokens).toBe(64_000);
  });

  it("sends no credentials at all when no key is configured", async () => {
    const server = await serve([ok(json("text"))]);
    const backend = new AnthropicBackend({ name: "local", baseUrl: `${server.baseUrl}/v1` });
    await backend.generate(request());
    const sent = server.requests[0];
    expect(sent?.path).toBe("/v1/messages");
    expect(sent?.headers["x-api-key"]).toBeUndefined();
    expect(sent?.headers.authorization).toBeUndefined();
  });

  it("reads thinking tokens as reasoning tokens and skips thinking blocks", async () => {
    const base = record(json("text"));
    const server = await serve([
      ok({
        ...base,
        content: [
          { type: "thinking", thinking: "The user wants weather.", signature: "EqQBCgIYAhIM" },
          ...(base.content as unknown[]),
        ],
        usage: { ...record(base.usage), output_tokens: 90, output_tokens_details: { thinking_tokens: 71 } },
      }),
    ]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    const response = await backend.generate(request());
    expect(response.text).toBe("I cannot look up live weather, but Tokyo is usually mild in spring.");
    expect(response.usage).toMatchObject({ outputTokens: 90, reasoningTokens: 71 });
  });

  it("fails a malformed 200 response as a retryable server error", async () => {
    const server = await serve([ok({ type: "message", content: "not blocks" })]);
    const backend = new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey });
    const error = await failure(backend.generate(request()));
    expect(error).toMatchObject({ failure: "server", retryable: true });
  });
});

describe("convertToAnthropicMessages", () => {
  it("joins system messages, merges same-role neighbours and drops empty ones", () => {
    const { system, messages, warnings } = convertToAnthropicMessages([
      { role: "system", content: "You are terse." },
      { role: "user", content: "Hello." },
      { role: "user", content: "Weather?" },
      { role: "system", content: "Answer in English." },
      { role: "assistant", content: "" },
      { role: "assistant", content: "Sunny." },
    ]);
    expect(system).toBe("You are terse.\n\nAnswer in English.");
    expect(messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Hello." },
          { type: "text", text: "Weather?" },
        ],
      },
      { role: "assistant", content: "Sunny." },
    ]);
    expect(warnings).toEqual([]);
  });

  it("sends {} with a warning for arguments that are not a JSON object", () => {
    const { messages, warnings } = convertToAnthropicMessages([
      { role: "user", content: "Go." },
      {
        role: "assistant",
        content: "",
        toolCalls: [
          { id: "toolu_1", name: "run", arguments: "{not json" },
          { id: "toolu_2", name: "run", arguments: "[1, 2]" },
          { id: "toolu_3", name: "list", arguments: "" },
        ],
      },
    ]);
    expect(messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "tool_use", id: "toolu_1", name: "run", input: {} },
        { type: "tool_use", id: "toolu_2", name: "run", input: {} },
        { type: "tool_use", id: "toolu_3", name: "list", input: {} },
      ],
    });
    expect(warnings.map((warning) => warning.feature)).toEqual([
      "tool-call-arguments",
      "tool-call-arguments",
    ]);
  });
});

describe("mapAnthropicFinishReason", () => {
  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["tool_use", "tool-calls"],
    ["refusal", "refusal"],
    ["pause_turn", "other"],
    [null, "other"],
    ["something_new", "other"],
  ])("%s → %s", (stopReason, expected) => {
    expect(mapAnthropicFinishReason(stopReason)).toBe(expected);
  });
});

describe("AnthropicBackend with a key in the base URL's query string", () => {
  const revokedKey = "qk/revoked+key 0042";
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function gateway() {
    const server = await startKeyGateway({
      parameter: "api_key",
      accepted: queryKey,
      answer: (request) =>
        request.path.startsWith("/v1/models") ? { json: { data: [{ id: model }] } } : ok(json("text")),
    });
    close = server.close;
    return server;
  }

  const withKey = (baseUrl: string, key: string) =>
    `${baseUrl}/v1?api_key=${encodeURIComponent(key)}&anthropic-gateway=eu`;

  it("carries the query onto every request URL it builds, the model probe's too", async () => {
    const server = await gateway();
    const baseUrl = withKey(server.baseUrl, queryKey);
    const backend = new AnthropicBackend({ name: "gateway", baseUrl, apiKey });
    const response = await backend.generate(contractRequest({ model, stream: false }));
    expect(response.text).not.toBe("");
    expect(response.provenance?.baseUrl).toBe(server.baseUrl);
    const probe = await probeBackend({
      name: "gateway",
      protocol: "anthropic",
      baseUrl,
      apiKey,
      stream: false,
    });
    expect(probe).toMatchObject({ error: null, models: [model] });
    const sent = server.requests.map((request) => new URL(request.path, "http://gateway"));
    expect(sent.map((url) => url.pathname)).toEqual(["/v1/messages", "/v1/models"]);
    for (const url of sent) {
      expect(url.searchParams.get("api_key")).toBe(queryKey);
      expect(url.searchParams.get("anthropic-gateway")).toBe("eu");
    }
  });

  it("keeps the key out of errors and probe results when the gateway echoes path, query and credentials", async () => {
    const server = await gateway();
    const baseUrl = withKey(server.baseUrl, revokedKey);
    const backend = new AnthropicBackend({ name: "gateway", baseUrl, apiKey });
    const error = await backend.generate(contractRequest({ model, stream: false })).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    const failure = error as ModelCallError;
    expect(failure.failure).toBe("authentication");
    expect(failure.message).toContain("/v1/messages?api_key=[redacted]");
    const written = [failure.message, String(failure.stack), JSON.stringify(failure.toJSON())].join("\n");
    expect(leakedForm(written, [revokedKey, apiKey])).toBeUndefined();
    const probe = await probeBackend({
      name: "gateway",
      protocol: "anthropic",
      baseUrl,
      apiKey,
      stream: false,
    });
    expect(probe.error).toMatch(/answered HTTP 401/);
    expect(leakedForm(JSON.stringify(probe), [revokedKey, apiKey])).toBeUndefined();
    // The key did reach the gateway (and so its echo), in one of the forms checked above.
    expect(
      leakedForm(JSON.stringify(server.requests.map((request) => request.path)), [revokedKey]),
    ).toBeDefined();
  });
});
