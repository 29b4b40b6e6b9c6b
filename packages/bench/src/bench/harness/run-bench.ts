import type { Store, TokenCounter } from "agentone";
import { createRandomIdGenerator } from "agentone";
import { type BenchPolicy, mainPolicies } from "../policies/index.js";
import type { BenchTask } from "../tasks/index.js";
import type { BenchBackend } from "./bench-backend.js";
import type { BenchProgress } from "./bench-progress.js";
import type { BenchRecord, BenchResults, SkippedRun } from "./bench-record.js";
import { checkPoliciesRunnable, planUnits, referenceCosts } from "./plan-units.js";
import { runPool } from "./promise-pool.js";
import { type BenchUnit, type PassTiming, runUnit, type UnitEnvironment } from "./run-unit.js";
import { acquireWorkRoot } from "./work-root.js";

export interface BenchOptions {
  tasks: readonly BenchTask[];
  policies: readonly BenchPolicy[];
  /** Each (task, policy) runs once per seed; the seed prepares the fixture and seeds the run. */
  seeds: readonly number[];
  backend: BenchBackend;
  /** The store every run writes its events (and caching runs their cache entries) to. */
  store: Store;
  /** Units run at the same time (each has its own clock, store and workspace). */
  concurrency: number;
  tokenCounter: TokenCounter;
  progress: BenchProgress;
  /** Where the bench's work folder goes (a numbered slot under it), e.g. `<tmpdir>/agentone-bench`. */
  workBase: string;
  /** Real time, milliseconds: only for progress and timings. */
  now: () => number;
}

export interface BenchOutcome {
  results: BenchResults;
  /** Real time per pass, for `meta.json`. */
  timings: PassTiming[];
}

type RunKey = { task: string; policy: string; seed: number; pass?: number };

/** A stable order for records, skips and timings: the bench's task order, then policy order, seed and pass. */
function byRunKey(order: { tasks: readonly string[]; policies: readonly string[] }) {
  return (left: RunKey, right: RunKey) =>
    order.tasks.indexOf(left.task) - order.tasks.indexOf(right.task) ||
    order.policies.indexOf(left.policy) - order.policies.indexOf(right.policy) ||
    left.seed - right.seed ||
    (left.pass ?? 1) - (right.pass ?? 1);
}

/**
 * Runs the benchmark: every task under every policy for every seed, at most `concurrency` at a time. Policies
 * whose budget is a share of the premium-only cost run in a second phase, after a premium-only pass over the
 * same tasks and seeds (added, and reported, when not asked for). Returns results in a stable order, which on
 * simulated models depend only on the tasks, policies and seeds.
 *
 * @example
 * ```ts
 * const { results } = await runBench({ tasks: benchTasks, policies: mainPolicies, seeds: [1, 2, 3],
 *   backend: createSimulatedBenchBackend({ tokenCounter }), concurrency: 2, tokenCounter, progress,
 *   workBase: path.join(os.tmpdir(), "agentone-bench"), now: Date.now });
 * ```
 */
export async function runBench(options: BenchOptions): Promise<BenchOutcome> {
  const { backend, progress } = options;
  checkPoliciesRunnable({ policies: options.policies, backend });
  const laterPhase = options.policies.filter((policy) => policy.referenceBudgetFraction !== undefined);
  const firstPhase = options.policies.filter((policy) => policy.referenceBudgetFraction === undefined);
  const premiumOnly = mainPolicies.find((policy) => policy.name === "premium-only");
  if (laterPhase.length > 0 && premiumOnly && !firstPhase.includes(premiumOnly))
    firstPhase.unshift(premiumOnly);
  const policyOrder = [...firstPhase, ...laterPhase].map((policy) => policy.name);
  const workRoot = await acquireWorkRoot({ base: options.workBase });
  const environment: UnitEnvironment = {
    backend,
    store: options.store,
    benchId: createRandomIdGenerator(options.now).next("bench"),
    tokenCounter: options.tokenCounter,
    workRoot: workRoot.path,
    now: options.now,
  };
  const records: BenchRecord[] = [];
  const timings: PassTiming[] = [];
  const skipped: SkippedRun[] = [];
  const runPhase = async (units: readonly BenchUnit[]) => {
    progress.planned(units.length);
    await runPool({
      items: units,
      concurrency: options.concurrency,
      worker: async (unit) => {
        const outcome = await runUnit(unit, environment);
        records.push(...outcome.records);
        timings.push(...outcome.timings);
        progress.finished(outcome.records);
      },
    });
  };
  try {
    const plan = { tasks: options.tasks, seeds: options.seeds, backend };
    const first = planUnits({ ...plan, policies: firstPhase, referenceUsd: new Map() });
    skipped.push(...first.skipped);
    await runPhase(first.units);
    if (laterPhase.length > 0) {
      const later = planUnits({ ...plan, policies: laterPhase, referenceUsd: referenceCosts(records) });
      skipped.push(...later.skipped);
      await runPhase(later.units);
    }
  } finally {
    progress.close();
    await workRoot.release();
  }
  const order = { tasks: options.tasks.map((task) => task.id), policies: policyOrder };
  const compare = byRunKey(order);
  return {
    results: {
      resultsVersion: 1,
      backend: backend.label,
      simulated: backend.simulated,
      tasks: order.tasks,
      policies: policyOrder,
      seeds: [...options.seeds],
      runs: [...records].sort(compare),
      skipped: [...skipped].sort(compare),
    },
    timings: [...timings].sort(compare),
  };
}
