import { simulatedModels } from "@agentone/simulated";
import { UsageError } from "agentone";
import { describe, expect, it } from "vitest";
import { sampleRecord } from "../../../test/bench/support/sample-record.js";
import type { BenchPolicy } from "../policies/index.js";
import { selectPolicies } from "../policies/index.js";
import type { BenchBackend } from "./bench-backend.js";
import { checkPoliciesRunnable, planUnits, referenceCosts } from "./plan-units.js";
import { selectTasks } from "./select-tasks.js";

function backendWith(models: BenchBackend["models"], supportsFaults = true): BenchBackend {
  return {
    label: "test",
    simulated: true,
    virtualClock: true,
    supportsFaults,
    models,
    openRun: () => Promise.reject(new Error("not in this test")),
  };
}

describe("planUnits", () => {
  it("orders units by task, policy and seed, with each policy's stages", () => {
    const { units, skipped } = planUnits({
      tasks: selectTasks(["triage-ci", "fix-failing-test"]),
      policies: selectPolicies({ names: ["cheap-only", "cascade"] }),
      seeds: [1, 2],
      backend: backendWith(simulatedModels),
      referenceUsd: new Map(),
    });
    expect(skipped).toEqual([]);
    expect(units.map((unit) => `${unit.task.id}/${unit.policy.name}/${unit.seed}`)).toEqual([
      "triage-ci/cheap-only/1",
      "triage-ci/cheap-only/2",
      "triage-ci/cascade/1",
      "triage-ci/cascade/2",
      "fix-failing-test/cheap-only/1",
      "fix-failing-test/cheap-only/2",
      "fix-failing-test/cascade/1",
      "fix-failing-test/cascade/2",
    ]);
    expect(units[2]?.stages.map((stage) => stage.model)).toEqual(["sim-cheap", "sim-premium"]);
    expect(units[0]?.faults).toEqual([]);
  });

  it("lists as skipped, with the reason, what a policy cannot run on these models", () => {
    const { units, skipped } = planUnits({
      tasks: selectTasks(["triage-ci"]),
      policies: selectPolicies({ names: ["local-only", "budget-50-hard-stop"] }),
      seeds: [1],
      backend: backendWith(simulatedModels.filter((model) => model.tier !== "local")),
      referenceUsd: new Map(),
    });
    expect(units).toEqual([]);
    expect(skipped).toEqual([
      { task: "triage-ci", policy: "local-only", seed: 1, reason: "no local model among the bench's models" },
      {
        task: "triage-ci",
        policy: "budget-50-hard-stop",
        seed: 1,
        reason: "no premium-only reference cost for this task (every premium-only run cost nothing)",
      },
    ]);
  });

  it("budgets reference-cost policies from the task's reference", () => {
    const { units } = planUnits({
      tasks: selectTasks(["triage-ci"]),
      policies: selectPolicies({ names: ["budget-50-hard-stop"] }),
      seeds: [1],
      backend: backendWith(simulatedModels),
      referenceUsd: new Map([["triage-ci", 0.8]]),
    });
    expect(units[0]?.stages[0]?.limits?.usd).toBe(0.4);
  });

  it("parses a policy's faults", () => {
    const { units } = planUnits({
      tasks: selectTasks(["triage-ci"]),
      policies: selectPolicies({ names: ["faults-10"] }),
      seeds: [1],
      backend: backendWith(simulatedModels),
      referenceUsd: new Map(),
    });
    expect(units[0]?.faults.map((fault) => fault.kind)).toEqual(["429", "500", "cut"]);
  });
});

describe("referenceCosts", () => {
  it("is the median premium-only cost per task over first passes without harness errors", () => {
    const costs = referenceCosts([
      sampleRecord({ policy: "premium-only", seed: 1, costUsd: 0.9 }),
      sampleRecord({ policy: "premium-only", seed: 2, costUsd: 0.5 }),
      sampleRecord({ policy: "premium-only", seed: 3, costUsd: 0.7 }),
      sampleRecord({ policy: "premium-only", seed: 4, costUsd: 9, error: "crashed" }),
      sampleRecord({ policy: "agentone", seed: 1, costUsd: 0.1 }),
      sampleRecord({ task: "api-workflow", policy: "premium-only", seed: 1, costUsd: 0.2 }),
      sampleRecord({ task: "api-workflow", policy: "premium-only", seed: 2, costUsd: 0.4 }),
    ]);
    expect(costs.get("triage-ci")).toBe(0.7);
    expect(costs.get("api-workflow")).toBeCloseTo(0.3, 12);
    expect(costs.size).toBe(2);
  });
});

describe("checkPoliciesRunnable", () => {
  it("accepts fault injection on simulated backends", () => {
    expect(() =>
      checkPoliciesRunnable({
        policies: selectPolicies({ ablations: ["faults"] }),
        backend: backendWith(simulatedModels),
      }),
    ).not.toThrow();
  });

  it("refuses fault injection on real models, naming the policy", () => {
    expect(() =>
      checkPoliciesRunnable({
        policies: selectPolicies({ ablations: ["faults"] }),
        backend: backendWith(simulatedModels, false),
      }),
    ).toThrow(UsageError);
    expect(() =>
      checkPoliciesRunnable({
        policies: selectPolicies({ names: ["faults-10"] }),
        backend: backendWith(simulatedModels, false),
      }),
    ).toThrow(/policy faults-10 injects faults/);
  });

  it("refuses a policy with a bad fault spec", () => {
    const broken: BenchPolicy = {
      ...selectPolicies({ names: ["faults-10"] })[0],
      faults: "418:0.5",
    } as BenchPolicy;
    expect(() =>
      checkPoliciesRunnable({ policies: [broken], backend: backendWith(simulatedModels) }),
    ).toThrow(/unknown fault "418"/);
  });
});
