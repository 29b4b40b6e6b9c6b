import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliHarness } from "../support/cli-harness.js";

// Lists one model, then accepts every generation request and never answers it.
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.endsWith("/models")) {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ object: "list", data: [{ id: "sim-standard", object: "model" }] }));
    }
    // Otherwise: read nothing, answer nothing; the connection stays open until the client gives up.
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

describe("--clock virtual with a backend over HTTP", () => {
  it("does not hang on a server that never answers: the deadlines also run on real time", async () => {
    const cli = await cliHarness();
    try {
      const config = join(cli.directory, "agentone.yaml");
      await writeFile(config, `backends:\n  - name: vllm\n    protocol: openai\n    baseUrl: ${baseUrl}\n`);
      // One (virtual) second per step: before the fix nothing moved the virtual clock, and this never ended.
      const result = await cli.run(
        "run",
        "goal",
        "--workspace",
        "examples/ci-failure",
        "--config",
        config,
        "--clock",
        "virtual",
        "--step-max-seconds",
        "1",
        "--on-exhaust",
        "best-effort",
        "--json",
      );
      const report = JSON.parse(result.stdout) as { status: string; terminationReason: string };
      expect(report).toMatchObject({ status: "completed", terminationReason: "step_failures" });
    } finally {
      await cli.cleanup();
    }
  }, 60_000);
});
