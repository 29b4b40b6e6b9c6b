import { parseFaultSpec } from "@agentone/simulated";
import { UsageError } from "agentone";
import type { BenchPolicy } from "../policies/index.js";
import type { BenchTask } from "../tasks/index.js";
import { type BenchBackend, modelForTier } from "./bench-backend.js";
import type { BenchRecord, SkippedRun } from "./bench-record.js";
import type { BenchUnit } from "./run-unit.js";

/**
 * Refuses, before anything runs, a policy this backend cannot run (fault injection on real models), or a
 * policy with a bad fault spec.
 *
 * @example
 * ```ts
 * checkPoliciesRunnable({ policies, backend }); // throws UsageError naming the first policy that cannot run
 * ```
 */
export function checkPoliciesRunnable(options: {
  policies: readonly BenchPolicy[];
  backend: BenchBackend;
}): void {
  for (const policy of options.policies) {
    if (policy.simulatedOnly && !options.backend.supportsFaults)
      throw new UsageError(
        `policy ${policy.name} injects faults, which only the simulated backends (--backend sim or wire) support`,
      );
    // A bad spec in a policy table is a programming error; surface it before the first run.
    parseFaultSpec(policy.faults ?? "");
  }
}

/**
 * The median premium-only cost per task, over first passes that finished without a harness error: the
 * reference the budgeted ablations take their share of.
 *
 * @example
 * ```ts
 * referenceCosts(records).get("triage-ci"); // e.g. 0.89
 * ```
 */
export function referenceCosts(records: readonly BenchRecord[]): Map<string, number> {
  const costs = new Map<string, number[]>();
  for (const record of records) {
    if (record.policy !== "premium-only" || record.pass !== 1 || record.error !== null) continue;
    costs.set(record.task, [...(costs.get(record.task) ?? []), record.costUsd]);
  }
  const medians = new Map<string, number>();
  for (const [task, values] of costs) {
    const sorted = [...values].sort((left, right) => left - right);
    const middle = Math.floor(sorted.length / 2);
    const median =
      sorted.length % 2 === 1
        ? (sorted[middle] ?? 0)
        : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
    medians.set(task, median);
  }
  return medians;
}

/**
 * Every (task, policy, seed) as a unit to run, in a stable order (task, then policy, then seed), with the
 * policy's stages resolved against the backend's models and the task's reference cost; the ones a policy
 * cannot run (no model of its tier, no reference cost) are listed as skipped with the reason.
 *
 * @example
 * ```ts
 * const { units, skipped } = planUnits({ tasks, policies, seeds: [1, 2, 3], backend, referenceUsd: new Map() });
 * ```
 */
export function planUnits(options: {
  tasks: readonly BenchTask[];
  policies: readonly BenchPolicy[];
  seeds: readonly number[];
  backend: BenchBackend;
  referenceUsd: ReadonlyMap<string, number>;
}): { units: BenchUnit[]; skipped: SkippedRun[] } {
  const units: BenchUnit[] = [];
  const skipped: SkippedRun[] = [];
  const models = options.backend.models;
  for (const task of options.tasks) {
    for (const policy of options.policies) {
      const plan = policy.plan({
        modelForTier: (tier) => modelForTier(models, tier),
        referenceUsd: options.referenceUsd.get(task.id) ?? null,
      });
      const faults = parseFaultSpec(policy.faults ?? "");
      for (const seed of options.seeds) {
        if ("skip" in plan) skipped.push({ task: task.id, policy: policy.name, seed, reason: plan.skip });
        else units.push({ task, policy, seed, stages: plan.stages, faults });
      }
    }
  }
  return { units, skipped };
}
