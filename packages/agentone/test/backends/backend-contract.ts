import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type {
  FinishReason,
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
} from "../../src/backends/model-backend.js";
import type { ModelCallFailure } from "../../src/core/errors/index.js";
import type { TokenUsage } from "../../src/core/token-usage.js";
import { type FixtureReply, type RecordedRequest, startFixtureServer } from "../support/fixture-server.js";

/** Every adapter answers every one of these, from fixtures in its own protocol's real shapes. */
export const contractScenarios = [
  "text",
  "text-stream",
  "tool-call",
  "tool-call-stream",
  "tool-result-turn",
  "cached-usage",
  "rate-limit",
  "server-error",
  "overloaded",
  "bad-request",
  "authentication",
  "context-length",
  "cut-stream",
  "error-after-200",
  "connection-refused",
] as const;
export type ContractScenario = (typeof contractScenarios)[number];

export interface ContractExpectation {
  text?: string;
  /** Tool calls with their arguments parsed from JSON. */
  toolCalls?: { name: string; arguments: unknown }[];
  usage?: TokenUsage;
  finishReason?: FinishReason;
  modelVersion?: string;
  error?: { failure: ModelCallFailure; retryable: boolean; retryAfterMs?: number };
}

export interface ContractCase {
  stream: boolean;
  replies: FixtureReply[];
  expect: ContractExpectation;
  /** Checks on what the adapter sent (the wire request). */
  checkRequest?: (request: RecordedRequest) => void;
  /** A case a protocol cannot express, with the reason written down. */
  skip?: string;
}

/** A loopback URL nothing listens on (a port just freed), so the connection is really refused. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The standard request every case sends. */
export function contractRequest(options: {
  model: string;
  stream: boolean;
  withToolTurn?: boolean;
}): ModelRequest {
  const messages: ModelRequest["messages"] = [
    { role: "system", content: "You are terse." },
    { role: "user", content: "What is the weather in Tokyo?" },
  ];
  if (options.withToolTurn) {
    messages.push(
      {
        role: "assistant",
        content: "Let me check.",
        toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Tokyo"}' }],
      },
      { role: "tool", toolCallId: "call_1", toolName: "get_weather", content: "11 degrees celsius" },
    );
  }
  return {
    model: options.model,
    messages,
    tools: [
      {
        name: "get_weather",
        description: "Get the weather in a city",
        inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    ],
    maxOutputTokens: 256,
    temperature: 0,
    seed: 42,
    stream: options.stream,
  };
}

/** Reads a part stream to its end. */
export async function readParts(parts: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const read: ModelStreamPart[] = [];
  for await (const part of parts) read.push(part);
  return read;
}

/**
 * The streaming contract on one read stream: exactly one `finish`, last; text deltas join to its text;
 * each call's fragments join to its arguments, the first carrying its id and name.
 */
export function expectWellFormedStream(parts: ModelStreamPart[]): ModelResponse {
  const finishes = parts.filter((part) => part.type === "finish");
  expect(finishes).toHaveLength(1);
  const last = parts[parts.length - 1];
  if (last?.type !== "finish") throw new Error("the stream does not end with its finish part");
  const { response } = last;
  const text = parts.map((part) => (part.type === "text-delta" ? part.text : "")).join("");
  expect(text).toBe(response.text);
  const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
  for (const part of parts) {
    if (part.type !== "tool-call-delta") continue;
    const call = calls.get(part.index) ?? { arguments: "" };
    if (!calls.has(part.index)) {
      call.id = part.id;
      call.name = part.name;
    }
    call.arguments += part.argumentsDelta;
    calls.set(part.index, call);
  }
  expect([...calls.keys()].sort()).toEqual(response.toolCalls.map((_, index) => index));
  response.toolCalls.forEach((toolCall, index) => {
    expect(calls.get(index)).toEqual({ id: toolCall.id, name: toolCall.name, arguments: toolCall.arguments });
  });
  return response;
}

/** A case `stream()` can answer too: a streamed reply, or a failure before any body is read. */
function isStreamable(scenario: ContractScenario, testCase: ContractCase): boolean {
  if (testCase.stream) return true;
  if (!testCase.expect.error) return false;
  const first = testCase.replies[0];
  return (
    scenario === "connection-refused" ||
    (first !== undefined && "status" in first && (first.status ?? 200) >= 400)
  );
}

/**
 * The ModelBackend contract suite: one run per adapter, each case against a loopback server replaying
 * that protocol's real wire shapes (hono's `runTest({ newRouter })` pattern).
 */
export function runBackendContract(
  name: string,
  options: {
    model: string;
    createBackend: (baseUrl: string) => ModelBackend;
    cases: Record<ContractScenario, ContractCase>;
    /** A streamed answer that has sent a first text delta and then holds its connection open (`cut: "hold"`). */
    unfinishedStream: FixtureReply;
  },
): void {
  describe(`${name} backend contract`, () => {
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await close?.();
      close = undefined;
    });
    for (const scenario of contractScenarios) {
      const testCase = options.cases[scenario];
      const test = testCase.skip ? it.skip : it;
      test(`${scenario}${testCase.skip ? ` (skipped: ${testCase.skip})` : ""}`, async () => {
        const server = await startFixtureServer(testCase.replies);
        close = server.close;
        const baseUrl = scenario === "connection-refused" ? await closedPortUrl() : server.baseUrl;
        const backend = options.createBackend(baseUrl);
        const request = contractRequest({
          model: options.model,
          stream: testCase.stream,
          withToolTurn: scenario === "tool-result-turn",
        });
        const expected = testCase.expect;
        if (expected.error) {
          await expect(backend.generate(request)).rejects.toMatchObject({
            code: "MODEL_CALL_ERROR",
            ...expected.error,
          });
        } else {
          const response = await backend.generate(request);
          if (expected.text !== undefined) expect(response.text).toBe(expected.text);
          if (expected.toolCalls !== undefined) {
            expect(
              response.toolCalls.map((call) => ({
                name: call.name,
                arguments: JSON.parse(call.arguments) as unknown,
              })),
            ).toEqual(expected.toolCalls);
            for (const call of response.toolCalls) expect(call.id).not.toBe("");
          }
          if (expected.usage !== undefined) expect(response.usage).toEqual(expected.usage);
          if (expected.finishReason !== undefined) expect(response.finishReason).toBe(expected.finishReason);
          if (expected.modelVersion !== undefined) expect(response.modelVersion).toBe(expected.modelVersion);
        }
        const first = server.requests[0];
        if (testCase.checkRequest && first) testCase.checkRequest(first);
      });
    }

    for (const scenario of contractScenarios) {
      const testCase = options.cases[scenario];
      if (testCase.skip || !isStreamable(scenario, testCase)) continue;
      it(`${scenario} through stream(): deltas, then the finish generate returns, or the same error`, async () => {
        const call = (baseUrl: string) => ({
          backend: options.createBackend(baseUrl),
          request: contractRequest({
            model: options.model,
            stream: true,
            withToolTurn: scenario === "tool-result-turn",
          }),
        });
        // One server answers both calls alike: request 0 is generate's, request 1 stream's.
        const server = await startFixtureServer(
          (_, index) => testCase.replies[index % testCase.replies.length] ?? { destroy: true },
        );
        close = server.close;
        const baseUrl = scenario === "connection-refused" ? await closedPortUrl() : server.baseUrl;
        const viaGenerate = call(baseUrl);
        const viaStream = call(baseUrl);
        const expected = testCase.expect;
        if (expected.error) {
          const failure = { code: "MODEL_CALL_ERROR", ...expected.error };
          await expect(viaGenerate.backend.generate(viaGenerate.request)).rejects.toMatchObject(failure);
          await expect(readParts(viaStream.backend.stream(viaStream.request))).rejects.toMatchObject(failure);
          return;
        }
        const generated = await viaGenerate.backend.generate(viaGenerate.request);
        const streamed = expectWellFormedStream(await readParts(viaStream.backend.stream(viaStream.request)));
        expect(streamed).toEqual(generated);
        expect(server.requests[1]?.body).toEqual(server.requests[0]?.body);
      });
    }

    it("ends the HTTP request when the consumer stops reading mid-stream", async () => {
      const server = await startFixtureServer([options.unfinishedStream]);
      close = server.close;
      const backend = options.createBackend(server.baseUrl);
      const parts: ModelStreamPart[] = [];
      for await (const part of backend.stream(contractRequest({ model: options.model, stream: true }))) {
        parts.push(part);
        if (part.type === "text-delta") break;
      }
      expect(parts.at(-1)?.type).toBe("text-delta");
      // The server sees its connection closed while its answer is still unfinished.
      await server.abandoned(0);
    });

    it("ends the HTTP request and throws the abort's reason when the caller aborts mid-stream", async () => {
      const server = await startFixtureServer([options.unfinishedStream]);
      close = server.close;
      const backend = options.createBackend(server.baseUrl);
      const controller = new AbortController();
      const reason = new Error("kill switch");
      const request = {
        ...contractRequest({ model: options.model, stream: true }),
        signal: controller.signal,
      };
      const reading = (async () => {
        for await (const part of backend.stream(request)) {
          if (part.type === "text-delta") controller.abort(reason);
        }
      })();
      await expect(reading).rejects.toBe(reason);
      await server.abandoned(0);
    });
  });
}
