import { describe, expect, it } from "vitest";
import { OllamaBackend } from "../../src/backends/ollama/index.js";
import { startFixtureServer } from "../support/fixture-server.js";
import { contractRequest } from "./backend-contract.js";

describe("Ollama is told the model's context window", () => {
  it("sends num_ctx from the catalog", async () => {
    const server = await startFixtureServer([
      {
        json: {
          model: "llama3.1:8b",
          message: { role: "assistant", content: "hi" },
          done: true,
          done_reason: "stop",
          prompt_eval_count: 5,
          eval_count: 1,
        },
      },
    ]);
    try {
      await new OllamaBackend({ name: "ollama", baseUrl: server.baseUrl }).generate({
        ...contractRequest({ model: "llama3.1:8b", stream: false }),
        contextWindow: 32_768,
      });
      expect(server.requests[0]?.body).toMatchObject({ options: { num_ctx: 32_768 } });
    } finally {
      await server.close();
    }
  });
});
