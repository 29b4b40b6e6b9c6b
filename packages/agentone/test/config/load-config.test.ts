import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverModels } from "../../src/config/discover-models.js";
import { loadConfig } from "../../src/config/load-config.js";
import { ConfigError } from "../../src/core/errors/index.js";
import { startFixtureServer } from "../support/fixture-server.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "agentone-config-"));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const write = (text: string) => writeFile(join(directory, "agentone.yaml"), text);

describe("loadConfig", () => {
  it("with nothing configured offers the simulated models and the built-in catalog", async () => {
    const config = await loadConfig({ cwd: directory, env: {} });
    expect(config.backends).toEqual([]);
    expect(config.file).toBeNull();
    expect(config.models.map((model) => model.id)).toEqual(
      expect.arrayContaining(["sim-standard", "openai/gpt-4.1", "anthropic/claude-sonnet-4-6"]),
    );
  });

  it("derives backends from the usual environment variables", async () => {
    const config = await loadConfig({
      cwd: directory,
      env: {
        OPENAI_API_KEY: "sk-1",
        ANTHROPIC_API_KEY: "sk-ant-1",
        OLLAMA_HOST: "127.0.0.1:11434",
        VLLM_BASE_URL: "http://gpu:8000/v1",
      },
    });
    expect(config.backends.map((backend) => [backend.name, backend.protocol, backend.baseUrl])).toEqual([
      ["openai", "openai", "https://api.openai.com/v1"],
      ["anthropic", "anthropic", "https://api.anthropic.com"],
      ["ollama", "ollama", "http://127.0.0.1:11434"],
      ["vllm", "openai", "http://gpu:8000/v1"],
    ]);
  });

  it("reads backends and models from agentone.yaml, keys from named environment variables", async () => {
    await write(
      [
        "backends:",
        "  - name: gpu-box",
        "    protocol: openai",
        "    baseUrl: http://gpu:8000/v1",
        "    apiKeyEnv: GPU_KEY",
        "models:",
        "  - id: llama-70b",
        "    backend: gpu-box",
        "    remoteId: meta-llama/Llama-3.3-70B-Instruct",
        "    tier: standard",
        "    prices: { input: 0.6, output: 0.6 }",
      ].join("\n"),
    );
    const config = await loadConfig({ cwd: directory, env: { GPU_KEY: "secret" } });
    expect(config.backends).toEqual([
      { name: "gpu-box", protocol: "openai", baseUrl: "http://gpu:8000/v1", apiKey: "secret", stream: false },
    ]);
    expect(config.models.find((model) => model.id === "llama-70b")).toMatchObject({
      backend: "gpu-box",
      remoteId: "meta-llama/Llama-3.3-70B-Instruct",
      tier: "standard",
      prices: { input: 0.6, output: 0.6, cachedInput: 0.6 },
    });
  });

  it.each([
    [
      "models:\n  - id: x\n    backend: simulated\n    tier: local\n",
      /models\[0\]\.prices has no prices; give prices .* or declare `free: true`/,
    ],
    [
      "models:\n  - id: x\n    backend: nowhere\n    tier: local\n    free: true\n",
      /models\[0\]\.backend: no backend named 'nowhere'/,
    ],
    ["backends:\n  - name: b\n    protocol: grpc\n    baseUrl: http://x\n", /backends\[0\]\.protocol/],
    ["backends:\n  - name: b\n    protocol: openai\n    baseUrl: not a url\n", /backends\[0\]\.baseUrl/],
    [
      "backends:\n  - name: b\n    protocol: openai\n    baseUrl: http://x\n    apiKeyEnv: MISSING_KEY\n",
      /apiKeyEnv: environment variable MISSING_KEY is not set/,
    ],
    ["backends: [\n", /is not valid YAML/],
    ["surprise: true\n", /surprise/],
  ])("rejects %j with a message naming the key", async (text, message) => {
    await write(text);
    const attempt = loadConfig({ cwd: directory, env: {} });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(loadConfig({ cwd: directory, env: {} })).rejects.toThrow(message);
  });

  it("accepts a free local model without prices, and rejects a missing explicit file", async () => {
    await write("models:\n  - id: qwen\n    backend: simulated\n    tier: local\n    free: true\n");
    expect(
      (await loadConfig({ cwd: directory, env: {} })).models.find((model) => model.id === "qwen")?.prices
        .output,
    ).toBe(0);
    await expect(loadConfig({ cwd: directory, env: {}, path: "nope.yaml" })).rejects.toThrow(
      /does not exist/,
    );
  });
});

describe("discoverModels", () => {
  it("finds Ollama's and an OpenAI-compatible server's models; known names keep their prices", async () => {
    const server = await startFixtureServer((request) =>
      request.path === "/api/tags"
        ? { json: { models: [{ name: "llama3.1:8b" }, { name: "sim-cheap" }] } }
        : { json: { object: "list", data: [{ id: "meta-llama/Llama-3.1-8B-Instruct", object: "model" }] } },
    );
    try {
      const { loadConfig: load } = await import("../../src/config/load-config.js");
      const config = await load({
        cwd: directory,
        env: { OLLAMA_HOST: server.baseUrl, VLLM_BASE_URL: `${server.baseUrl}/v1` },
      });
      const { models, discoveries } = await discoverModels({
        backends: config.backends,
        known: config.models,
      });
      expect(discoveries.every((discovery) => discovery.error === null)).toBe(true);
      expect(models.map((model) => [model.id, model.remoteId, model.tier, model.prices.output])).toEqual([
        ["ollama/llama3.1:8b", "llama3.1:8b", "local", 0],
        ["ollama/sim-cheap", "sim-cheap", "cheap", 0.6],
        ["vllm/meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct", "local", 0],
      ]);
    } finally {
      await server.close();
    }
  });

  it("reports an unreachable backend without failing", async () => {
    const { discoveries, models } = await discoverModels({
      backends: [{ name: "ollama", protocol: "ollama", baseUrl: "http://127.0.0.1:9", stream: false }],
      known: [],
    });
    expect(models).toEqual([]);
    expect(discoveries[0]?.error).toMatch(/http:\/\/127\.0\.0\.1:9\/api\/tags could not be reached/);
    expect(discoveries[0]?.unreachable).toBe(true);
  });

  it("tells a server that answered with an error from one that could not be reached", async () => {
    const { discoveries } = await discoverModels({
      backends: [{ name: "gateway", protocol: "openai", baseUrl: "http://127.0.0.1:8000/v1", stream: false }],
      known: [],
      fetch: async () => new Response("no", { status: 401 }),
    });
    expect(discoveries[0]).toMatchObject({ error: expect.stringContaining("answered HTTP 401") });
    expect(discoveries[0]?.unreachable).toBeFalsy();
    const refused = await discoverModels({
      backends: [{ name: "gateway", protocol: "openai", baseUrl: "http://127.0.0.1:8000/v1", stream: false }],
      known: [],
      fetch: async () => {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
        });
      },
    });
    expect(refused.discoveries[0]).toMatchObject({
      unreachable: true,
      error: "http://127.0.0.1:8000/v1/models could not be reached (connection refused)",
    });
  });
});
