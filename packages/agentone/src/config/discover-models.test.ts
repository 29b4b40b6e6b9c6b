import { describe, expect, it } from "vitest";
import { startFixtureServer } from "../../test/support/fixture-server.js";
import { discoverModels, probeBackend } from "./discover-models.js";
import { loadConfig } from "./load-config.js";

const listing = (ids: string[]) =>
  new Response(JSON.stringify({ object: "list", data: ids.map((id) => ({ id, object: "model" })) }));

describe("discovery never prices a paid gateway's unknown models at $0", () => {
  it("a remote OpenAI-compatible gateway: known names keep their prices, unknown ones are left out and named", async () => {
    const config = await loadConfig({
      cwd: "/",
      env: { OPENAI_BASE_URL: "https://gateway.example.com/v1", OPENAI_API_KEY: "k" },
    });
    const { models, discoveries } = await discoverModels({
      backends: config.backends,
      known: config.models,
      fetch: async () => listing(["gpt-4.1", "mystery-model-70b"]),
    });
    // gpt-4.1 is already in the catalog as openai/gpt-4.1; the unknown model is not made free.
    expect(models).toEqual([]);
    expect(discoveries[0]?.unpriced).toEqual(["mystery-model-70b"]);
  });

  it("a server on this machine or the private network may serve free local models", async () => {
    const { models } = await discoverModels({
      backends: [{ name: "lan", protocol: "openai", baseUrl: "http://192.168.1.20:8000/v1", stream: false }],
      known: [],
      fetch: async () => listing(["qwen2.5-coder"]),
    });
    expect(models.map((model) => [model.id, model.tier, model.prices.output])).toEqual([
      ["lan/qwen2.5-coder", "local", 0],
    ]);
  });
});

describe("credentials in URLs", () => {
  it("the probe sends them as basic auth and never shows them", async () => {
    const server = await startFixtureServer([{ json: { models: [{ name: "llama3.1:8b" }] } }]);
    try {
      const url = server.baseUrl.replace("http://", "http://alice:s3cret@");
      const found = await probeBackend({ name: "ollama", protocol: "ollama", baseUrl: url, stream: false });
      expect(found).toMatchObject({ models: ["llama3.1:8b"], error: null });
      expect(server.requests[0]?.headers.authorization).toBe(
        `Basic ${Buffer.from("alice:s3cret").toString("base64")}`,
      );
      const failed = await probeBackend({
        name: "ollama",
        protocol: "ollama",
        baseUrl: "http://alice:s3cret@127.0.0.1:1?token=abc",
        stream: false,
      });
      expect(failed.error).toMatch(/http:\/\/127\.0\.0\.1:1\/api\/tags could not be reached/);
      expect(failed.error).not.toMatch(/s3cret|alice|abc/);
    } finally {
      await server.close();
    }
  });
});
