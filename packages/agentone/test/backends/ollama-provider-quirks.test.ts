import { afterEach, describe, expect, it } from "vitest";
import { OllamaBackend } from "../../src/backends/ollama/index.js";
import { type FixtureReply, startFixtureServer } from "../support/fixture-server.js";
import { contractRequest } from "./backend-contract.js";

// As gpt-oss on Ollama 0.30 answers when its own tool call cannot be parsed (ollama/ollama#12884).
const parseFailure =
  'error parsing tool call: raw=\'{"file_path":"src/lib/data.ts","content":"// src/lib/data.ts\\n\\n/**"}]\', err=invalid character \']\' after top-level value';

describe("Ollama's quirks, over HTTP", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function backendServing(replies: FixtureReply[]) {
    const server = await startFixtureServer(replies);
    close = server.close;
    return new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl });
  }

  it("classes HTTP 500 'error parsing tool call' as the model's output failing, not the server", async () => {
    const backend = await backendServing([{ status: 500, json: { error: parseFailure } }]);
    await expect(
      backend.generate(contractRequest({ model: "gpt-oss:20b", stream: false })),
    ).rejects.toMatchObject({ failure: "model_output", retryable: true, status: 500 });
  });

  it("classes the same failure inside a 200 stream, under the key Ollama 0.11 misplaced it in", async () => {
    const backend = await backendServing([
      { ndjson: [{ "error parsing tool call": "invalid character 'c' looking for beginning of value" }] },
    ]);
    await expect(
      backend.generate(contractRequest({ model: "gpt-oss:20b", stream: true })),
    ).rejects.toMatchObject({ failure: "model_output", retryable: true });
  });

  it("classes a non-streamed body cut after HTTP 200 as a cut answer", async () => {
    const backend = await backendServing([
      {
        json: { model: "llama3.1:8b", message: { role: "assistant", content: "Hello" }, done: true },
        cut: "end",
      },
    ]);
    await expect(
      backend.generate(contractRequest({ model: "llama3.1:8b", stream: false })),
    ).rejects.toMatchObject({ failure: "cut_stream" });
  });
});
