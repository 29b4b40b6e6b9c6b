import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AnthropicBackend } from "../../src/backends/anthropic/index.js";
import { type FixtureReply, startFixtureServer } from "../support/fixture-server.js";
import { contractRequest, expectWellFormedStream, readParts } from "./backend-contract.js";

const fixtures = resolve(import.meta.dirname, "fixtures/anthropic");
const json = (name: string) => JSON.parse(readFileSync(resolve(fixtures, `${name}.json`), "utf8")) as unknown;
const sse = (name: string) =>
  readFileSync(resolve(fixtures, `${name}.sse`), "utf8")
    .split(/\n\s*\n/)
    .map((event) => event.trim())
    .filter((event) => event !== "");

const explanation =
  "This request asks for working exploit code against a system the user has not shown they are authorised to test.";

describe("Anthropic's quirks, over HTTP", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function backendServing(replies: FixtureReply[]) {
    const server = await startFixtureServer(replies);
    close = server.close;
    return new AnthropicBackend({ name: "anthropic", baseUrl: server.baseUrl, apiKey: "sk-ant-x" });
  }

  it("turns stop_reason refusal with empty content into a refusal carrying stop_details' explanation", async () => {
    const backend = await backendServing([{ json: json("refusal") }]);
    const response = await backend.generate(contractRequest({ model: "claude-sonnet-4-6", stream: false }));
    expect(response.finishReason).toBe("refusal");
    expect(response.text).toBe(explanation);
    expect(response.usage.outputTokens).toBe(4);
  });

  it("reads a streamed refusal's stop_details from message_delta", async () => {
    const backend = await backendServing([{ sse: sse("refusal-stream") }]);
    const response = await backend.generate(contractRequest({ model: "claude-sonnet-4-6", stream: true }));
    expect(response.finishReason).toBe("refusal");
    expect(response.text).toBe(explanation);
  });

  it("streams a refusal's explanation as the last text delta, before its finish", async () => {
    const backend = await backendServing([{ sse: sse("refusal-stream") }]);
    const parts = await readParts(
      backend.stream(contractRequest({ model: "claude-sonnet-4-6", stream: true })),
    );
    expect(parts.map((part) => part.type)).toEqual(["text-delta", "finish"]);
    expect(expectWellFormedStream(parts)).toMatchObject({ finishReason: "refusal", text: explanation });
  });

  it("names the category when a refusal comes without an explanation", async () => {
    const message = json("refusal") as Record<string, unknown>;
    const backend = await backendServing([
      { json: { ...message, stop_details: { type: "refusal", category: "bio", explanation: null } } },
    ]);
    const response = await backend.generate(contractRequest({ model: "claude-sonnet-4-6", stream: false }));
    expect(response).toMatchObject({ finishReason: "refusal", text: "The model refused (bio)." });
  });

  it("classes a non-streamed body cut after HTTP 200 as a cut answer, not a connection failure", async () => {
    const backend = await backendServing([{ json: json("text"), cut: "abort" }]);
    await expect(
      backend.generate(contractRequest({ model: "claude-sonnet-4-6", stream: false })),
    ).rejects.toMatchObject({ failure: "cut_stream", retryable: true });
  });

  it("prints nothing of the SDK's own, even for a model the SDK lists as deprecated", async () => {
    // @anthropic-ai/sdk warns on stderr for these (its internal/data/deprecated-models.js).
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const backend = await backendServing([{ json: json("text") }, { sse: sse("text-stream") }]);
      await backend.generate(contractRequest({ model: "claude-opus-4-5", stream: false }));
      await backend.generate(contractRequest({ model: "claude-opus-4-5", stream: true }));
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
