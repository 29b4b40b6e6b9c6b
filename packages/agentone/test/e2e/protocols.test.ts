import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSimServer, simulatedModels } from "@agentone/simulated";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { costOfUsage, nanoToUsd } from "../../src/budget/money.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import type { RunReport } from "../../src/report/run-report.js";
import { cliHarness } from "../support/cli-harness.js";

let server: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  const simServer = createSimServer({
    seed: 1,
    timeScale: 0,
    faults: [],
    tokenCounter: await loadTokenCounter(),
  });
  server = await simServer.listen(0, "127.0.0.1");
});
afterAll(() => server.close());

/** How to point AgentOne at the sim-server through each protocol, by configuration alone. */
const protocols = {
  openai: (url: string) => ({ env: { VLLM_BASE_URL: `${url}/v1` }, backend: "vllm" }),
  ollama: (url: string) => ({ env: { OLLAMA_HOST: url }, backend: "ollama" }),
  anthropic: (url: string) => ({
    env: { ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: url },
    backend: "anthropic",
  }),
} as const;

/** The shape of a value: its keys (recursively for objects) and types, not its contents. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return Object.fromEntries(
    Object.keys(value as object)
      .sort()
      .map((key) => [
        key,
        key === "latency" || key === "limits" ? "object" : shape((value as Record<string, unknown>)[key]),
      ]),
  );
}

describe("agentone run through each protocol against the sim-server", () => {
  const reports: Record<string, RunReport> = {};

  for (const [protocol, configure] of Object.entries(protocols)) {
    for (const stream of [false, true]) {
      it(`${protocol}${stream ? " (streaming)" : ""}: completes, with exact cost accounting`, async () => {
        const { env, backend } = configure(server.url);
        const cli = await cliHarness(env);
        try {
          const config = join(cli.directory, "agentone.yaml");
          await writeFile(
            config,
            `backends:\n  - name: ${backend}\n    protocol: ${protocol}\n    baseUrl: ${protocol === "openai" ? `${server.url}/v1` : server.url}\n${protocol === "anthropic" ? "    apiKeyEnv: ANTHROPIC_API_KEY\n" : ""}    stream: ${stream}\n`,
          );
          const result = await cli.run(
            "run",
            "--workspace",
            "examples/ci-failure",
            "--json",
            "--seed",
            "1",
            "--config",
            config,
          );
          expect(result.stderr).not.toMatch(/warning|error/i);
          expect(result.code).toBe(0);
          const report = JSON.parse(result.stdout) as RunReport;
          // Simulated models behind a real protocol are still simulated, and the report says so.
          expect(report).toMatchObject({ status: "completed", outcome: "complete", simulated: true });
          expect(report.costByModel.every((entry) => entry.backend === backend)).toBe(true);
          expect(
            report.costByModel.map((entry) => entry.model).every((id) => id.startsWith(`${backend}/sim-`)),
          ).toBe(true);
          // Every call's cost is its reported usage at the catalog price of the model it names.
          const events = (await cli.run("events", report.runId, "--json")).stdout
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as RunEvent);
          let total = 0;
          for (const event of events) {
            if (event.type !== "model-call-end") continue;
            const spec = simulatedModels.find((model) => event.model === `${backend}/${model.id}`);
            if (!spec) throw new Error(`${event.model} is not a simulated model behind ${backend}`);
            expect(event.usage.inputTokens + event.usage.outputTokens).toBeGreaterThan(0);
            expect(event.costNanoUsd).toBe(costOfUsage(event.usage, spec.prices));
            expect(event.provenance.baseUrl).toContain("127.0.0.1");
            total += event.costNanoUsd;
          }
          expect(report.usage.usd).toBeCloseTo(nanoToUsd(total), 9);
          expect(report.usage.usd).toBeGreaterThan(0);
          reports[`${protocol}${stream}`] = report;
        } finally {
          await cli.cleanup();
        }
      }, 60_000);
    }
  }

  it("the reports of all protocols have the same structure", () => {
    const shapes = Object.values(reports).map(shape);
    expect(shapes.length).toBe(6);
    for (const other of shapes.slice(1)) expect(other).toEqual(shapes[0]);
  });
});
