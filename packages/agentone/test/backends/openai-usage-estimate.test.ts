import { describe, expect, it } from "vitest";
import { OpenAICompatibleBackend } from "../../src/backends/openai-compatible/index.js";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { startFixtureServer } from "../support/fixture-server.js";
import { contractRequest } from "./backend-contract.js";

const chunk = (delta: object, finish: string | null) =>
  `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "local-model", choices: [{ index: 0, delta, finish_reason: finish }] })}`;

describe("a server that ignores include_usage", () => {
  it("gets its usage estimated, with a warning, instead of every streamed call failing", async () => {
    const server = await startFixtureServer([
      {
        sse: [chunk({ role: "assistant", content: "Hello there." }, null), chunk({}, "stop"), "data: [DONE]"],
      },
    ]);
    try {
      const backend = new OpenAICompatibleBackend({
        name: "local",
        baseUrl: `${server.baseUrl}/v1`,
        tokenCounter: await loadTokenCounter(),
      });
      const response = await backend.generate(contractRequest({ model: "local-model", stream: true }));
      expect(response.text).toBe("Hello there.");
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      expect(response.usage.outputTokens).toBeGreaterThan(0);
      expect(response.warnings).toEqual([expect.objectContaining({ feature: "usage" })]);
    } finally {
      await server.close();
    }
  });
});
