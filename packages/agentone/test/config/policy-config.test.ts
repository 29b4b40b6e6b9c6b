import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { ConfigError } from "../../src/core/errors/index.js";
import { validateRunTask } from "../../src/engine/lifecycle/run-task.js";
import { repositoryRoot } from "../support/cli-harness.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "agentone-policy-"));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const load = async (yaml: string) => {
  await writeFile(join(directory, "agentone.yaml"), yaml);
  return loadConfig({ cwd: directory, env: {} });
};

describe("the policy section of agentone.yaml", () => {
  it("reads a policy and circuit breaker settings", async () => {
    const config = await load(
      [
        "policy:",
        "  quality: fast",
        "  latencySlaMs: { act: 8000 }",
        "  fallback:",
        "    chains: { sim-standard: [sim-cheap, sim-local] }",
        "  rules:",
        "    - { name: long_context, when: { contextTokensAtLeast: 60000 }, use: { tiers: [cheap] } }",
        "circuitBreaker: { failureThreshold: 3, coolDownMs: 5000 }",
      ].join("\n"),
    );
    expect(config.policy).toMatchObject({ quality: "fast", latencySlaMs: { act: 8000 } });
    expect(config.circuitBreaker).toEqual({ failureThreshold: 3, coolDownMs: 5000 });
  });

  it.each([
    ["policy:\n  qualty: fast\n", "policy.qualty"],
    ["policy:\n  tiers: { act: [gold] }\n", "policy.tiers.act[0]"],
    ["policy:\n  lowBudgetFraction: 2\n", "policy.lowBudgetFraction"],
    ["policy:\n  rules: [{ name: r, use: {} }]\n", "policy.rules[0].use"],
    [
      "policy:\n  fallback: { chains: { sim-standard: [no-such-model] } }\n",
      "policy.fallback.chains.sim-standard[0]",
    ],
    ["policy:\n  fallback: { chains: { nope: [sim-cheap] } }\n", "policy.fallback.chains.nope"],
    ["policy:\n  rules: [{ name: r, use: { model: ghost } }]\n", "policy.rules[0].use.model"],
    ["circuitBreaker: { failureThreshold: 0 }\n", "circuitBreaker.failureThreshold"],
  ])("refuses %j, naming %s", async (yaml, key) => {
    const error = await load(yaml).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).details.key).toBe(key);
  });
});

describe("a task's policy", () => {
  const workspace = join(repositoryRoot, "examples/ci-failure");

  it("lays the task's policy over the runtime default, and quality sets the default budget", async () => {
    const task = await validateRunTask(
      { goal: "g", workspace, quality: "thorough", policy: { latencySlaMs: { plan: 9000 } } },
      { lowBudgetFraction: 0.3, quality: "fast" },
    );
    expect(task.policy).toMatchObject({
      quality: "thorough",
      lowBudgetFraction: 0.3,
      latencySlaMs: { plan: 9000 },
    });
    expect(task.policy.verifyAfterEdit).toBe(true);
    expect(task.limits).toMatchObject({ usd: 5, steps: 80 });
  });

  it("refuses an invalid policy before anything is written, naming the key", async () => {
    const error = await validateRunTask({
      goal: "g",
      workspace,
      policy: { tiers: { act: [] } } as never,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain("policy");
  });
});
