import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadTokenCounter, openStore, type TokenCounter, UsageError } from "agentone";
import { type BenchFlags, type CliIo, exitCodes, loadCliModels, plural } from "agentone/internal";
import {
  type BenchBackend,
  type BenchOptions,
  type BenchOutcome,
  type BenchResults,
  checkPoliciesRunnable,
  createBenchProgress,
  createRealBenchBackend,
  createSimulatedBenchBackend,
  createWireBenchBackend,
  describeBench,
  formatDuration,
  runBench,
  selectTasks,
  writeBenchFiles,
} from "../harness/index.js";
import { ablationPolicies, allPolicies, selectPolicies } from "../policies/index.js";
import { summarizeByPolicy, writeBenchReport } from "../report/index.js";
import { benchTasks } from "../tasks/index.js";

function listCatalogue(io: CliIo): void {
  io.stdout.write("Tasks:\n");
  for (const task of benchTasks) io.stdout.write(`  ${task.id.padEnd(24)} ${task.title}\n`);
  io.stdout.write("Policies:\n");
  for (const policy of allPolicies()) io.stdout.write(`  ${policy.name.padEnd(24)} ${policy.description}\n`);
  io.stdout.write("Ablations (--ablation NAME, or all):\n");
  for (const [name, policies] of Object.entries(ablationPolicies))
    io.stdout.write(`  ${name.padEnd(24)} ${policies.map((policy) => policy.name).join(", ")}\n`);
}

/** The tasks, policies and seeds the flags select; a UsageError names anything unknown. */
function selectionFrom(flags: BenchFlags): Pick<BenchOptions, "tasks" | "policies" | "seeds"> {
  return {
    tasks: selectTasks(flags.tasks),
    policies: selectPolicies({
      ...(flags.policies ? { names: flags.policies } : {}),
      ...(flags.ablation ? { ablations: flags.ablation } : {}),
      quick: flags.quick,
    }),
    seeds: Array.from({ length: flags.seeds }, (_, index) => index + 1),
  };
}

/** One line per policy on stdout, then where the files went; harness errors on stderr. */
function printSummary(io: CliIo, input: { results: BenchResults; out: string; durationMs: number }): void {
  const { results } = input;
  for (const summary of summarizeByPolicy(results)) {
    const front = summary.onParetoFront ? ", Pareto front" : "";
    io.stdout.write(
      `${summary.series.padEnd(24)} success ${summary.successes}/${summary.runs}, mean cost $${summary.cost.mean.toFixed(4)}${front}\n`,
    );
  }
  const simulated = results.simulated ? " (simulated models)" : "";
  io.stdout.write(
    `${plural(results.runs.length, "run")} in ${formatDuration(input.durationMs)}${simulated}; ` +
      `wrote results.json, meta.json and report.md to ${input.out}\n`,
  );
  const errors = results.runs.filter((run) => run.error !== null).length;
  if (errors > 0)
    io.stderr.write(
      `${plural(errors, "run")} could not finish (see report.md, "Skipped runs and harness errors")\n`,
    );
}

function modelIdsOf(backend: string): string[] {
  const ids = backend
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new UsageError("--backend: expected sim, wire or a comma-separated list of model ids");
  return ids;
}

async function createBackend(
  io: CliIo,
  input: { backend: string; configPath?: string; tokenCounter: TokenCounter },
): Promise<BenchBackend> {
  const { tokenCounter } = input;
  if (input.backend === "sim") return createSimulatedBenchBackend({ tokenCounter });
  if (input.backend === "wire") return createWireBenchBackend({ tokenCounter });
  // Anything else names real models, configured the normal way (agentone.yaml and environment keys).
  const { config, models } = await loadCliModels(
    io,
    input.configPath ? { configPath: input.configPath } : {},
  );
  return createRealBenchBackend({
    backends: config.backends,
    models,
    modelIds: modelIdsOf(input.backend),
    tokenCounter,
  });
}

/**
 * `agentone bench` once its flags are parsed (the CLI registers the command and loads this package):
 * validates the selection, runs every (task, policy, seed) with bounded parallelism and progress on
 * stderr, and writes results.json, meta.json, report.md and its charts into `--out` (with the runs' store
 * in `<out>/store`). Returns the exit code: 0 when every run finished (whatever it scored), 1 when the
 * harness could not finish some run; bad usage or configuration throws (exit code 2).
 *
 * @example
 * ```ts
 * const code = await runBenchCommand(io, { flags, commandLine: "agentone bench --quick" });
 * ```
 */
export async function runBenchCommand(
  io: CliIo,
  input: { flags: BenchFlags; commandLine: string },
): Promise<number> {
  const { flags } = input;
  if (flags.list) {
    listCatalogue(io);
    return exitCodes.complete;
  }
  // Everything that can be wrong with the input is checked before anything runs or is written.
  const selection = selectionFrom(flags);
  const tokenCounter = await loadTokenCounter();
  const backend = await createBackend(io, {
    backend: flags.backend,
    ...(flags.config ? { configPath: flags.config } : {}),
    tokenCounter,
  });
  checkPoliciesRunnable({ policies: selection.policies, backend });
  const out = resolve(io.cwd, flags.out);
  const startedAt = Date.now();
  // One store for the bench, in the output directory: `AGENTONE_HOME=<out> agentone show RUN` reads a run.
  const store = await openStore({ home: out });
  let outcome: BenchOutcome;
  try {
    outcome = await runBench({
      ...selection,
      backend,
      store,
      concurrency: flags.concurrency,
      tokenCounter,
      progress: createBenchProgress({
        write: (text) => io.stderr.write(text),
        interactive: (io.stderr as { isTTY?: boolean }).isTTY === true,
        now: Date.now,
      }),
      workBase: join(tmpdir(), "agentone-bench"),
      now: Date.now,
    });
  } finally {
    await store.close();
  }
  const finishedAt = Date.now();
  const { results, timings } = outcome;
  const meta = describeBench({
    command: input.commandLine,
    startedAt,
    finishedAt,
    concurrency: flags.concurrency,
    timings,
  });
  await writeBenchFiles({ directory: out, results, meta });
  await writeBenchReport({ directory: out, results, command: input.commandLine });
  printSummary(io, { results, out, durationMs: finishedAt - startedAt });
  return results.runs.some((run) => run.error !== null) ? exitCodes.failed : exitCodes.complete;
}
