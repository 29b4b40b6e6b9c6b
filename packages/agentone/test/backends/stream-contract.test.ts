import { tokenCounter } from "../../../simulated/test/sim-server/sim-server-harness.js";
import { AnthropicBackend } from "../../src/backends/anthropic/index.js";
import { OllamaBackend } from "../../src/backends/ollama/index.js";
import { OpenAICompatibleBackend } from "../../src/backends/openai-compatible/index.js";
import { runStreamContract } from "./backend-stream-contract.js";

const counter = await tokenCounter();

runStreamContract("openai-compatible", {
  model: "sim-premium",
  createBackend: (url) =>
    new OpenAICompatibleBackend({ name: "sim", baseUrl: `${url}/v1`, tokenCounter: counter }),
});

runStreamContract("anthropic", {
  model: "sim-premium",
  createBackend: (url) => new AnthropicBackend({ name: "sim", baseUrl: url, apiKey: "not-checked" }),
});

runStreamContract("ollama", {
  model: "sim-premium",
  createBackend: (url) => new OllamaBackend({ name: "sim", baseUrl: url }),
});
