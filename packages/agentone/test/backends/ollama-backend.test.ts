import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelRequest } from "../../src/backends/model-backend.js";
import { mapOllamaFinishReason, OllamaBackend } from "../../src/backends/ollama/index.js";
import { probeBackend } from "../../src/config/discover-models.js";
import { ModelCallError } from "../../src/core/errors/index.js";
import { type FixtureReply, type RecordedRequest, startFixtureServer } from "../support/fixture-server.js";
import { leakedForm, queryKey, startKeyGateway } from "../support/key-gateway.js";
import {
  type ContractCase,
  type ContractScenario,
  contractRequest,
  runBackendContract,
} from "./backend-contract.js";
import * as replies from "./fixtures/ollama/ollama-replies.js";

const model = "llama3.1:8b";
const fullUsage = {
  inputTokens: 169,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 18,
  reasoningTokens: 0,
};
const tokyo = { name: "get_weather", arguments: { city: "Tokyo" } };
const osaka = { name: "get_weather", arguments: { city: "Osaka" } };

interface ChatBody {
  stream?: unknown;
  options?: Record<string, unknown>;
  messages: Record<string, unknown>[];
  tools?: unknown[];
}
const chatBody = (request: RecordedRequest) => request.body as ChatBody;

const cases: Record<ContractScenario, ContractCase> = {
  text: {
    stream: false,
    replies: [replies.text],
    expect: { text: "It is 11 °C in Tokyo.", usage: fullUsage, finishReason: "stop", modelVersion: model },
    checkRequest: (request) => {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/api/chat");
      expect(chatBody(request).stream).toBe(false);
    },
  },
  "text-stream": {
    stream: true,
    replies: [replies.textStream],
    expect: { text: "It is 11 °C in Tokyo.", usage: fullUsage, finishReason: "stop", modelVersion: model },
    checkRequest: (request) => expect(chatBody(request).stream).toBe(true),
  },
  "tool-call": {
    stream: false,
    replies: [replies.toolCall],
    expect: { text: "", toolCalls: [tokyo], finishReason: "tool-calls", usage: fullUsage },
    checkRequest: (request) =>
      expect(chatBody(request).tools).toEqual([
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "Get the weather in a city",
            parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
          },
        },
      ]),
  },
  "tool-call-stream": {
    stream: true,
    replies: [replies.toolCallStream],
    expect: { text: "", toolCalls: [tokyo, osaka], finishReason: "tool-calls", usage: fullUsage },
  },
  "tool-result-turn": {
    stream: false,
    replies: [replies.toolResultTurn],
    expect: {
      text: "It is 11 degrees celsius in Tokyo.",
      finishReason: "stop",
      usage: {
        inputTokens: 214,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 11,
        reasoningTokens: 0,
      },
    },
    checkRequest: (request) => {
      const body = chatBody(request);
      expect(body.messages).toEqual([
        { role: "system", content: "You are terse." },
        { role: "user", content: "What is the weather in Tokyo?" },
        {
          role: "assistant",
          content: "Let me check.",
          tool_calls: [{ function: { name: "get_weather", arguments: { city: "Tokyo" } } }],
        },
        { role: "tool", tool_name: "get_weather", content: "11 degrees celsius" },
      ]);
      expect(body.stream).toBe(false);
      expect(body.options).toEqual({ temperature: 0, seed: 42, num_predict: 256 });
    },
  },
  "cached-usage": {
    stream: false,
    replies: [replies.cachedUsage],
    // Ollama reports no cached-token count: a fully cached prompt just omits prompt_eval_count.
    expect: {
      usage: {
        inputTokens: 0,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 12,
        reasoningTokens: 0,
      },
    },
  },
  "rate-limit": {
    stream: false,
    replies: [replies.rateLimit],
    expect: { error: { failure: "rate_limit", retryable: true, retryAfterMs: 2000 } },
  },
  "server-error": {
    stream: false,
    replies: [replies.serverError],
    expect: { error: { failure: "server", retryable: true } },
  },
  overloaded: {
    stream: true,
    replies: [replies.overloaded],
    expect: { error: { failure: "overloaded", retryable: true } },
  },
  "bad-request": {
    stream: false,
    replies: [replies.badRequest],
    expect: { error: { failure: "bad_request", retryable: false } },
  },
  // Local servers have no auth; a cloud model on a server not signed in to ollama.com answers 401.
  authentication: {
    stream: false,
    replies: [replies.unauthorized],
    expect: { error: { failure: "authentication", retryable: false } },
  },
  "context-length": {
    stream: false,
    replies: [replies.contextLength],
    expect: { error: { failure: "context_length", retryable: false } },
  },
  // The connection drops mid-body after two lines (see the fixture for why not `cut: "abort"`).
  "cut-stream": {
    stream: true,
    replies: [replies.cutStreamDropped],
    expect: { error: { failure: "cut_stream", retryable: true } },
  },
  "error-after-200": {
    stream: true,
    replies: [replies.errorAfter200],
    expect: { error: { failure: "server", retryable: true } },
  },
  "connection-refused": {
    stream: false,
    replies: [],
    expect: { error: { failure: "connection", retryable: true } },
  },
};

runBackendContract("ollama", {
  model,
  createBackend: (baseUrl) => new OllamaBackend({ name: "ollama", baseUrl }),
  cases,
  unfinishedStream: { ndjson: replies.textStreamLines.slice(0, 2), cut: "hold" },
});

describe("OllamaBackend beyond the contract", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function serve(scripted: FixtureReply[]) {
    const server = await startFixtureServer(scripted);
    close = server.close;
    return server;
  }

  const request = (stream: boolean | undefined): ModelRequest => ({
    ...contractRequest({ model, stream: false }),
    stream,
  });

  it("names tool calls call_<index> when an older server sends no id or index", async () => {
    const server = await serve([replies.toolCallWithoutIds]);
    const response = await new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl }).generate(
      request(false),
    );
    expect(response.toolCalls).toEqual([
      { id: "call_0", name: "get_weather", arguments: '{"city":"Tokyo"}' },
      { id: "call_1", name: "get_weather", arguments: '{"city":"Osaka"}' },
    ]);
    expect(response.finishReason).toBe("tool-calls");
  });

  it("keeps the server's tool call ids", async () => {
    const server = await serve([replies.toolCallStream]);
    const response = await new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl }).generate(
      request(true),
    );
    expect(response.toolCalls.map((call) => call.id)).toEqual(["call_k3x9q2ab", "call_p7m2x0cd"]);
  });

  it("reports a stream that ends cleanly without its done line as cut_stream", async () => {
    const server = await serve([replies.cutStreamEnd]);
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
    await expect(backend.generate(request(true))).rejects.toMatchObject({
      code: "MODEL_CALL_ERROR",
      failure: "cut_stream",
      retryable: true,
    });
  });

  it("reports input 0 when a streamed, fully cached prompt omits prompt_eval_count (Ollama reports no cached tokens)", async () => {
    const server = await serve([replies.cachedUsageStream]);
    const response = await new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl }).generate(
      request(true),
    );
    expect(response.usage).toEqual({
      inputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 12,
      reasoningTokens: 0,
    });
  });

  it("converts durations from nanoseconds to milliseconds in provenance", async () => {
    const server = await serve([replies.text, replies.textStream]);
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
    for (const stream of [false, true]) {
      const response = await backend.generate(request(stream));
      expect(response.provenance).toEqual({
        baseUrl: server.baseUrl,
        totalDurationMs: "3245",
        loadDurationMs: "2969",
      });
    }
  });

  it("sends stream:false explicitly when neither the request nor the options ask to stream", async () => {
    const server = await serve([replies.text]);
    await new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl }).generate(request(undefined));
    expect(chatBody(server.requests[0] as RecordedRequest).stream).toBe(false);
  });

  it("streams by the backend's option when the request does not say, and the request wins", async () => {
    const server = await serve([replies.textStream, replies.text]);
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl, stream: true });
    expect((await backend.generate(request(undefined))).text).toBe("It is 11 °C in Tokyo.");
    expect((await backend.generate(request(false))).text).toBe("It is 11 °C in Tokyo.");
    expect(server.requests.map((recorded) => chatBody(recorded).stream)).toEqual([true, false]);
  });

  it("treats a missing model (404) as not_found, not retryable", async () => {
    const server = await serve([replies.modelNotFound]);
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
    await expect(backend.generate(request(false))).rejects.toMatchObject({
      failure: "not_found",
      retryable: false,
      status: 404,
      message: expect.stringContaining("try pulling it first"),
    });
  });

  it("retries a 502 for an unreachable cloud model", async () => {
    const server = await serve([replies.cloudUnreachable]);
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
    await expect(backend.generate(request(false))).rejects.toMatchObject({
      failure: "server",
      retryable: true,
      status: 502,
    });
  });

  it("keeps the sign-in URL of a 401 in the message", async () => {
    const server = await serve([replies.unauthorized]);
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
    await expect(backend.generate(request(false))).rejects.toMatchObject({
      message: expect.stringContaining("sign in at https://ollama.com/connect"),
    });
  });

  it("sends {} with a warning for tool call arguments that are not a JSON object", async () => {
    const server = await serve([replies.text]);
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
    const response = await backend.generate({
      ...request(false),
      messages: [
        { role: "user", content: "Weather?" },
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "call_9", name: "get_weather", arguments: '{"city": "Tok' }],
        },
        { role: "tool", toolCallId: "call_9", toolName: "get_weather", content: "invalid arguments" },
      ],
    });
    expect(chatBody(server.requests[0] as RecordedRequest).messages[1]).toEqual({
      role: "assistant",
      content: "",
      tool_calls: [{ function: { name: "get_weather", arguments: {} } }],
    });
    expect(response.warnings).toEqual([
      expect.objectContaining({ type: "unsupported", feature: "tool-call-arguments" }),
    ]);
  });

  it("accepts a host without a scheme, as OLLAMA_HOST gives it", async () => {
    const server = await serve([replies.text]);
    const hostAndPort = server.baseUrl.replace("http://", "");
    const response = await new OllamaBackend({ name: "ollama", baseUrl: hostAndPort }).generate(
      request(false),
    );
    expect(response.text).toBe("It is 11 °C in Tokyo.");
  });

  it("uses Ollama's port for a bare host, through the injected fetch", async () => {
    const urls: string[] = [];
    const fetchStub: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify((replies.text as { json: unknown }).json), {
        headers: { "content-type": "application/json" },
      });
    };
    await new OllamaBackend({ name: "ollama", baseUrl: "localhost", fetch: fetchStub }).generate(
      request(false),
    );
    expect(urls).toEqual(["http://localhost:11434/api/chat"]);
  });

  /** A server that writes the first chunk line of a stream, then lets the test decide what happens. */
  async function startHalfStream(after: (response: ServerResponse) => void) {
    let firstLineWritten: () => void = () => undefined;
    const written = new Promise<void>((resolve) => {
      firstLineWritten = resolve;
    });
    const server = createServer((request, response) => {
      // Read the request first: closing a socket with unread input sends a reset, not an orderly close.
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "application/x-ndjson" });
        const line = { model, message: { role: "assistant", content: "It" }, done: false };
        response.write(`${JSON.stringify(line)}\n`, () => {
          firstLineWritten();
          after(response);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    const { port } = server.address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}`, written };
  }

  it("reports a chunked stream whose connection drops after a line as cut_stream", async () => {
    const server = await startHalfStream((response) => response.socket?.destroy());
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
    await expect(backend.generate(request(true))).rejects.toMatchObject({
      failure: "cut_stream",
      retryable: true,
    });
  });

  it("rethrows the signal's reason when the caller aborts mid-stream", async () => {
    const server = await startHalfStream(() => undefined);
    const controller = new AbortController();
    const reason = new Error("the run was cancelled");
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
    const pending = backend.generate({ ...request(true), signal: controller.signal });
    await server.written;
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("rethrows the signal's reason when aborted before the call", async () => {
    const server = await serve([replies.text]);
    const reason = new Error("stopped");
    const backend = new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
    await expect(backend.generate({ ...request(false), signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
  });

  it("maps done_reason length to length and load/unload/unknown to other", () => {
    expect(mapOllamaFinishReason("length", { hasToolCalls: true })).toBe("length");
    expect(mapOllamaFinishReason("load", { hasToolCalls: false })).toBe("other");
    expect(mapOllamaFinishReason("unload", { hasToolCalls: false })).toBe("other");
    expect(mapOllamaFinishReason(undefined, { hasToolCalls: false })).toBe("stop");
  });
});

describe("OllamaBackend with a key in the address's query string", () => {
  const revokedKey = "ok/revoked+key 0042";
  const userInfo = ["admin", "hunter22"] as const;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function gateway(answer: (request: RecordedRequest) => FixtureReply) {
    const server = await startKeyGateway({ parameter: "key", accepted: queryKey, answer });
    close = server.close;
    return server;
  }

  const listOrChat = (request: RecordedRequest): FixtureReply =>
    request.path.startsWith("/api/tags") ? { json: { models: [{ name: model }] } } : replies.text;

  /** As OLLAMA_HOST may give it: no scheme, user info for a proxy's basic auth, the key in the query. */
  const address = (baseUrl: string, key: string) =>
    `${userInfo.join(":")}@${baseUrl.replace("http://", "")}/?key=${encodeURIComponent(key)}&region=eu`;

  it("carries the query onto every request URL it builds, the model probe's too", async () => {
    const server = await gateway(listOrChat);
    const baseUrl = address(server.baseUrl, queryKey);
    const backend = new OllamaBackend({ name: "gateway", baseUrl });
    const response = await backend.generate({ ...contractRequest({ model, stream: false }), stream: false });
    expect(response.text).toBe("It is 11 °C in Tokyo.");
    expect(response.provenance?.baseUrl).toBe(server.baseUrl);
    const probe = await probeBackend({
      name: "gateway",
      protocol: "ollama",
      baseUrl: `http://${baseUrl}`,
      stream: false,
    });
    expect(probe).toMatchObject({ error: null, models: [model] });
    const sent = server.requests.map((request) => new URL(request.path, "http://gateway"));
    expect(sent.map((url) => url.pathname)).toEqual(["/api/chat", "/api/tags"]);
    for (const url of sent) {
      expect(url.searchParams.get("key")).toBe(queryKey);
      expect(url.searchParams.get("region")).toBe("eu");
    }
    const basic = `Basic ${Buffer.from(userInfo.join(":")).toString("base64")}`;
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([basic, basic]);
  });

  it("keeps the key and user info out of errors and probe results when the gateway echoes them", async () => {
    const server = await gateway(listOrChat);
    const baseUrl = address(server.baseUrl, revokedKey);
    const secrets = [revokedKey, userInfo[1], userInfo.join(":")];
    const backend = new OllamaBackend({ name: "gateway", baseUrl });
    const error = await backend
      .generate({ ...contractRequest({ model, stream: false }), stream: false })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(ModelCallError);
    const failure = error as ModelCallError;
    expect(failure.failure).toBe("authentication");
    expect(failure.message).toContain("/api/chat?key=[redacted]");
    const written = [failure.message, String(failure.stack), JSON.stringify(failure.toJSON())].join("\n");
    expect(leakedForm(written, secrets)).toBeUndefined();
    const probe = await probeBackend({
      name: "gateway",
      protocol: "ollama",
      baseUrl: `http://${baseUrl}`,
      stream: false,
    });
    expect(probe.error).toMatch(/answered HTTP 401/);
    expect(leakedForm(JSON.stringify(probe), secrets)).toBeUndefined();
    expect(leakedForm(JSON.stringify(server.requests.map((request) => request.path)), secrets)).toBeDefined();
  });

  it("keeps the key out of an error line inside a 200 stream that echoes the request", async () => {
    const server = await gateway((request) => ({ ndjson: [{ error: `upstream refused ${request.path}` }] }));
    const backend = new OllamaBackend({ name: "gateway", baseUrl: address(server.baseUrl, queryKey) });
    const error = await backend.generate({ ...contractRequest({ model, stream: false }), stream: true }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).message).toContain("/api/chat?key=[redacted]");
    expect(leakedForm(JSON.stringify((error as ModelCallError).toJSON()), [queryKey])).toBeUndefined();
  });
});
