import { describe, expect, it } from "vitest";
import { backendsFromEnvironment } from "./env-backends.js";

describe("environment variables", () => {
  it("OLLAMA_HOST without a port means Ollama's port; bad URLs name their variable", () => {
    expect(backendsFromEnvironment({ OLLAMA_HOST: "127.0.0.1" })[0]?.baseUrl).toBe("http://127.0.0.1:11434");
    expect(backendsFromEnvironment({ OLLAMA_HOST: "localhost" })[0]?.baseUrl).toBe("http://localhost:11434");
    expect(() => backendsFromEnvironment({ OPENAI_BASE_URL: "ftp://x/v1" })).toThrow(
      /OPENAI_BASE_URL must be an http or https URL/,
    );
    expect(() => backendsFromEnvironment({ VLLM_BASE_URL: "http://[bad" })).toThrow(
      /VLLM_BASE_URL is not a URL/,
    );
  });
});
