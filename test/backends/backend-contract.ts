import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { FinishReason, ModelBackend, ModelRequest } from "../../src/backends/model-backend.js";
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
  });
}
