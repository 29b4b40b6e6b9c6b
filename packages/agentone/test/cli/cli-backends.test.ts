import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSimServer } from "@agentone/simulated";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { cliHarness } from "../support/cli-harness.js";
import { leakedForm, queryKey, startKeyGateway } from "../support/key-gateway.js";

let server: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  server = await createSimServer({
    seed: 2,
    timeScale: 0,
    faults: [],
    tokenCounter: await loadTokenCounter(),
  }).listen(0, "127.0.0.1");
});
afterAll(() => server.close());

describe("real backends from the CLI", () => {
  it("agentone models lists the catalog and probes the configured backends", async () => {
    const cli = await cliHarness({ OLLAMA_HOST: server.url, VLLM_BASE_URL: "http://127.0.0.1:1/v1" });
    try {
      const result = await cli.run("models");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/ollama\s+ollama\s+http:\/\/127\.0\.0\.1:\d+\s+ok \(4 models\)/);
      expect(result.stdout).toMatch(/vllm\s+openai\s+http:\/\/127\.0\.0\.1:1\/v1\s+unreachable:/);
      expect(result.stdout).toMatch(/ollama\/sim-standard\s+ollama\s+standard\s+\$2 in\s+\$8 out/);
      const json = JSON.parse((await cli.run("models", "--json")).stdout) as {
        backends: { name: string }[];
        models: { id: string }[];
      };
      expect(json.backends.map((backend) => backend.name)).toEqual(["simulated", "ollama", "vllm"]);
    } finally {
      await cli.cleanup();
    }
  });

  it("an API key never reaches the event log, the report or the output", async () => {
    const secret = "sk-ant-this-must-stay-secret-1234";
    const cli = await cliHarness({ ANTHROPIC_API_KEY: secret, ANTHROPIC_BASE_URL: server.url });
    try {
      const run = await cli.run("run", "--workspace", "examples/docs-question", "--json", "--max-steps", "4");
      expect(run.stdout + run.stderr).not.toContain(secret);
      const runId = (JSON.parse(run.stdout) as { runId: string }).runId;
      const events = await cli.run("events", runId, "--json");
      expect(events.stdout).toContain("anthropic/sim-");
      expect(events.stdout).not.toContain(secret);
      expect((await cli.run("models", "--json")).stdout).not.toContain(secret);
    } finally {
      await cli.cleanup();
    }
  });

  it("agentone models prints no key a base URL carries in its query string, in any form", async () => {
    const revokedKey = "qk/revoked+key 0042";
    const ollama = await startKeyGateway({
      parameter: "key",
      accepted: queryKey,
      answer: () => ({ json: { models: [{ name: "llama3.1:8b" }] } }),
    });
    const anthropic = await startKeyGateway({
      parameter: "api_key",
      accepted: queryKey,
      answer: () => ({ json: {} }),
    });
    const cli = await cliHarness({
      OLLAMA_HOST: `${ollama.baseUrl.replace("http://", "")}?key=${encodeURIComponent(queryKey)}`,
      ANTHROPIC_API_KEY: "sk-ant-query-test-key",
      ANTHROPIC_BASE_URL: `${anthropic.baseUrl}/v1?api_key=${encodeURIComponent(revokedKey)}`,
    });
    try {
      const text = await cli.run("models");
      const json = await cli.run("models", "--json");
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/ollama\s+ollama\s+http:\/\/127\.0\.0\.1:\d+\s+ok \(1 model\)/);
      expect(text.stdout).toMatch(/anthropic\s+anthropic\s+http:\/\/127\.0\.0\.1:\d+\/v1\s+.*HTTP 401/);
      const printed = [text.stdout, text.stderr, json.stdout, json.stderr].join("\n");
      expect(leakedForm(printed, [queryKey, revokedKey, "sk-ant-query-test-key"])).toBeUndefined();
      // Both gateways were asked with their key, so their answers could have echoed it.
      expect(ollama.requests[0]?.path).toContain("/api/tags?key=");
      expect(anthropic.requests[0]?.path).toContain("/v1/models?api_key=");
    } finally {
      await cli.cleanup();
      await ollama.close();
      await anthropic.close();
    }
  });

  it("a key in the base URL's query string reaches the backend but never the event log, the report or the output", async () => {
    const secret = "sk-ant-query/secret+1234 x";
    const cli = await cliHarness({
      ANTHROPIC_API_KEY: "sk-ant-header-key-5678",
      ANTHROPIC_BASE_URL: `${server.url}?api_key=${encodeURIComponent(secret)}`,
    });
    try {
      // A whole run against the simulated server: as slow as the test above on a busy machine.
      const run = await cli.run("run", "--workspace", "examples/docs-question", "--json", "--max-steps", "4");
      const { runId, usage } = JSON.parse(run.stdout) as { runId: string; usage: { usd: number } };
      // The calls were answered (and billed): the key in the query went to /v1/messages?api_key=….
      expect(usage.usd).toBeGreaterThan(0);
      const events = await cli.run("events", runId, "--json");
      expect(events.stdout).toContain("anthropic/sim-");
      const report = await cli.run("report", runId);
      const written = [run.stdout, run.stderr, events.stdout, report.stdout, report.stderr].join("\n");
      expect(leakedForm(written, [secret, "sk-ant-header-key-5678"])).toBeUndefined();
    } finally {
      await cli.cleanup();
    }
  }, 120_000);

  it("a model without a price is refused at start, naming the key, with nothing written", async () => {
    const cli = await cliHarness({ OLLAMA_HOST: server.url });
    try {
      const config = join(cli.directory, "agentone.yaml");
      await writeFile(config, "models:\n  - id: mystery\n    backend: ollama\n    tier: standard\n");
      const result = await cli.run("run", "goal", "--workspace", "examples/ci-failure", "--config", config);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /models\[0\]\.prices has no prices; give prices \(USD per million tokens\) or declare `free: true`/,
      );
      expect((await cli.run("runs")).stdout).toBe("No runs yet.\n");
    } finally {
      await cli.cleanup();
    }
  });

  it("an unreachable backend ends the run with a clear reason, after a bounded number of retries", async () => {
    const cli = await cliHarness({ OLLAMA_HOST: "http://127.0.0.1:1" });
    try {
      const config = join(cli.directory, "agentone.yaml");
      await writeFile(
        config,
        "discover: false\nmodels:\n  - id: local-llama\n    backend: ollama\n    remoteId: llama3.1:8b\n    tier: local\n    free: true\n",
      );
      const result = await cli.run(
        "run",
        "goal",
        "--workspace",
        "examples/ci-failure",
        "--config",
        config,
        "--clock",
        "virtual",
        "--on-exhaust",
        "best-effort",
        "--json",
      );
      expect(result.code).toBe(3);
      const report = JSON.parse(result.stdout) as {
        terminationReason: string;
        usage: { usd: number; retries: number; modelCalls: number };
      };
      expect(report.terminationReason).toBe("step_failures");
      expect(report.usage.usd).toBe(0);
      expect(report.usage.retries).toBe(12);
      // Fifteen attempts (three steps of five); once the circuit opened, two were refused without being sent.
      expect(report.usage.modelCalls).toBe(13);
    } finally {
      await cli.cleanup();
    }
  });

  it("a bad API key ends the run with a clear message naming the backend's answer", async () => {
    const { startFixtureServer } = await import("../support/fixture-server.js");
    const gateway = await startFixtureServer((request) =>
      request.path.endsWith("/models")
        ? { json: { object: "list", data: [{ id: "sim-standard", object: "model" }] } }
        : {
            status: 401,
            json: {
              error: {
                message: "Incorrect API key provided: sk-wr***",
                type: "invalid_request_error",
                code: "invalid_api_key",
              },
            },
          },
    );
    const cli = await cliHarness({ VLLM_BASE_URL: `${gateway.baseUrl}/v1`, VLLM_API_KEY: "sk-wrong-key" });
    try {
      const result = await cli.run(
        "run",
        "goal",
        "--workspace",
        "examples/ci-failure",
        "--on-exhaust",
        "hard-stop",
        "--json",
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /the run stopped on a model error from backend vllm \(vllm\/sim-standard\): 401 Incorrect API key provided/,
      );
      expect(result.stderr + result.stdout).not.toContain("sk-wrong-key");
      expect(JSON.parse(result.stdout)).toMatchObject({
        status: "failed",
        terminationReason: "model_error:authentication",
      });
    } finally {
      await cli.cleanup();
      await gateway.close();
    }
  });
});
