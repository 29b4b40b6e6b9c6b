import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { createSimServer } from "@agentone/simulated";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { cliHarness } from "../support/cli-harness.js";

// Runs that create an embedded store take seconds of disk work on a busy machine.
const storeTimeout = 120_000;

/** A port nothing listens on: bound by the system, noted, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

let simServer: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  simServer = await createSimServer({
    seed: 3,
    timeScale: 0,
    faults: [],
    tokenCounter: await loadTokenCounter(),
  }).listen(0, "127.0.0.1");
});
afterAll(() => simServer.close());

describe("a backend that cannot be reached at start", () => {
  it("is a configuration error at once when no other backend can serve the run", async () => {
    const port = await closedPort();
    const cli = await cliHarness({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, { emptyHome: true });
    try {
      const started = Date.now();
      const result = await cli.run("run", "goal", "--workspace", "examples/ci-failure");
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(
        new RegExp(
          `openai: http://127\\.0\\.0\\.1:${port}/v1/models could not be reached \\(connection refused\\)`,
        ),
      );
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(join(cli.home, "store"))).toBe(false);
    } finally {
      await cli.cleanup();
    }
  });

  it("is a configuration error when the run pins a model of that backend", async () => {
    const port = await closedPort();
    const cli = await cliHarness(
      {
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        OLLAMA_HOST: simServer.url,
      },
      { emptyHome: true },
    );
    try {
      const result = await cli.run(
        "run",
        "goal",
        "--workspace",
        "examples/ci-failure",
        "--model",
        "openai/gpt-4.1",
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /model 'openai\/gpt-4\.1' needs backend openai, which .* could not be reached/,
      );
    } finally {
      await cli.cleanup();
    }
  });

  it(
    "is a warning when another backend serves the run, and none of its models is called",
    async () => {
      const port = await closedPort();
      const cli = await cliHarness(
        {
          OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
          OLLAMA_HOST: simServer.url,
        },
        { emptyHome: true },
      );
      try {
        const result = await cli.run(
          "run",
          "--workspace",
          "examples/ci-failure",
          "--max-steps",
          "3",
          "--clock",
          "virtual",
          "--on-exhaust",
          "best-effort",
          "--json",
        );
        expect(result.stderr).toMatch(
          /warning: backend openai: .* could not be reached \(connection refused\); its models are left out/,
        );
        const report = JSON.parse(result.stdout) as { runId: string; costByModel: { model: string }[] };
        expect(report.costByModel.length).toBeGreaterThan(0);
        for (const entry of report.costByModel) expect(entry.model).toMatch(/^ollama\//);
      } finally {
        await cli.cleanup();
      }
    },
    storeTimeout,
  );
});

describe("one configured model of tier premium", () => {
  it(
    "serves every step, with a reason that says it is the only one, and no false budget message",
    async () => {
      const cli = await cliHarness({}, { emptyHome: true });
      try {
        const config = join(cli.directory, "agentone.yaml");
        await writeFile(
          config,
          [
            "discover: false",
            "backends:",
            `  - { name: gateway, protocol: ollama, baseUrl: "${simServer.url}" }`,
            "models:",
            "  - id: strong",
            "    backend: gateway",
            "    remoteId: sim-premium",
            "    tier: premium",
            "    prices: { input: 1, output: 4 }",
            "    contextWindow: 200000",
            "",
          ].join("\n"),
        );
        const result = await cli.run(
          "run",
          "--workspace",
          "examples/ci-failure",
          "--config",
          config,
          "--clock",
          "virtual",
          "--max-steps",
          "4",
          "--on-exhaust",
          "best-effort",
          "--json",
        );
        expect(result.stderr).not.toMatch(/budget exhausted/);
        const report = JSON.parse(result.stdout) as {
          terminationReason: string | null;
          decisions: { kind: string; model: string; reason: string }[];
          budgetExceeded: unknown[];
        };
        expect(report.terminationReason ?? "").not.toMatch(/budget_exhausted:usd/);
        expect(
          report.budgetExceeded.filter((entry) => (entry as { dimension: string }).dimension === "usd"),
        ).toEqual([]);
        const act = report.decisions.find((decision) => decision.kind === "act");
        expect(act).toMatchObject({ model: "strong", reason: "act_only_available_premium" });
      } finally {
        await cli.cleanup();
      }
    },
    storeTimeout,
  );
});

describe("agentone models", () => {
  it("lists the catalog models that need a backend, with what configures each, in text and JSON", async () => {
    const cli = await cliHarness({}, { emptyHome: true });
    try {
      const text = await cli.run("models");
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/\d+ more catalog models need a backend\n/);
      expect(text.stdout).toMatch(/ {2}openai\/gpt-4\.1\s+openai\s+\w+\s+set OPENAI_API_KEY/);
      expect(text.stdout).toMatch(
        / {2}anthropic\/claude-sonnet-4-6\s+anthropic\s+\w+\s+set ANTHROPIC_API_KEY/,
      );
      const json = JSON.parse((await cli.run("models", "--json")).stdout) as {
        unconfigured: { id: string; backend: string; needs: string }[];
      };
      expect(json.unconfigured).toContainEqual(
        expect.objectContaining({
          id: "openai/gpt-4.1",
          backend: "openai",
          needs: expect.stringContaining("OPENAI_API_KEY"),
        }),
      );
      const count = Number(/(\d+) more catalog models/.exec(text.stdout)?.[1]);
      expect(json.unconfigured).toHaveLength(count);
    } finally {
      await cli.cleanup();
    }
  });
});
