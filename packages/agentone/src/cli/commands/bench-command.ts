import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { loadTokenCounter, type TokenCounter } from "../../backends/token-counter.js";
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
} from "../../bench/harness/index.js";
import { ablationPolicies, allPolicies, selectPolicies } from "../../bench/policies/index.js";
import { summarizeByPolicy, writeBenchReport } from "../../bench/report/index.js";
import { benchTasks } from "../../bench/tasks/index.js";
import { plural } from "../../report/format.js";
import { openStore } from "../../store/open-store.js";
import { type CliIo, exitCodes } from "../cli-io.js";
import { loadCliModels } from "../cli-runtime.js";
import { parseCount } from "../parse-values.js";

interface BenchFlags {
  tasks?: string[];
  policies?: string[];
  ablation?: string[];
  seeds?: number;
  quick: boolean;
  backend: string;
  concurrency: number;
  out: string;
  config?: string;
  list: boolean;
}

/** Seeds per (task, policy) by default: 6 tasks × 7 policies × 3 seeds take a few minutes on two cores. */
const defaultSeeds = 3;

function parseList(value: string): string[] {
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new InvalidArgumentError("expected a comma-separated list.");
  return entries;
}

function parsePositive(value: string): number {
  const count = parseCount(value);
  if (count < 1) throw new InvalidArgumentError("expected a whole number of at least 1.");
  return count;
}

/** The command line with the options the user gave (in canonical form, quoted where needed), for the report. */
function commandLine(command: Command): string {
  const parts = ["agentone", command.name()];
  for (const option of command.options) {
    const key = option.attributeName();
    if (command.getOptionValueSource(key) !== "cli" || option.long === undefined) continue;
    const value: unknown = command.getOptionValue(key);
    if (value === true) parts.push(option.long);
    else parts.push(option.long, Array.isArray(value) ? value.join(",") : String(value));
  }
  return parts.map((part) => (/^[\w./:,=@+-]+$/.test(part) ? part : JSON.stringify(part))).join(" ");
}

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
  const seedCount = flags.seeds ?? (flags.quick ? 1 : defaultSeeds);
  return {
    tasks: selectTasks(flags.tasks),
    policies: selectPolicies({
      ...(flags.policies ? { names: flags.policies } : {}),
      ...(flags.ablation ? { ablations: flags.ablation } : {}),
      quick: flags.quick,
    }),
    seeds: Array.from({ length: seedCount }, (_, index) => index + 1),
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
    modelIds: parseList(input.backend),
    tokenCounter,
  });
}

/**
 * Registers `agentone bench`: validates the selection, runs every (task, policy, seed) with bounded
 * parallelism and progress on stderr, and writes results.json, meta.json, report.md and its charts into
 * `--out` (with the runs' store in `<out>/store`). Exit code 0 when every run finished (whatever it
 * scored), 1 when the harness could not finish some run, 2 for bad usage or configuration.
 *
 * @example
 * ```ts
 * registerBenchCommand(program, io, setExitCode); // then: agentone bench --quick
 * ```
 */
export function registerBenchCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command("bench")
    .description(
      "run the benchmark suite: tasks × policies × seeds, graded; writes results.json and report.md",
    )
    .option("--tasks <ids>", "comma-separated task ids (default: all)", parseList)
    .option("--policies <names>", "comma-separated policy names (default: the main comparison)", parseList)
    .option(
      "--ablation <names>",
      "comma-separated ablations to add (termination, budget-prompt, quality, faults, caching, all)",
      parseList,
    )
    .option(
      "--seeds <n>",
      `seeds 1..N per task and policy (default ${defaultSeeds}; 1 with --quick)`,
      parsePositive,
    )
    .option(
      "--quick",
      "a fast smoke run: every task, one seed, cheap-only and agentone (unless named)",
      false,
    )
    .option(
      "--backend <kind>",
      "sim (in-process), wire (sim-server over HTTP), or comma-separated model ids",
      "sim",
    )
    .option("--concurrency <n>", "runs at the same time", parsePositive, 2)
    .option(
      "--out <dir>",
      "output directory (results.json, meta.json, report.md, charts, store/)",
      "bench-results",
    )
    .option("--config <file>", "configuration file for real model ids (default: ./agentone.yaml)")
    .option("--list", "list the tasks, policies and ablations, and exit", false)
    .action(async (flags: BenchFlags, command: Command) => {
      if (flags.list) return listCatalogue(io);
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
      const commandText = commandLine(command);
      const finishedAt = Date.now();
      const { results, timings } = outcome;
      const meta = describeBench({
        command: commandText,
        startedAt,
        finishedAt,
        concurrency: flags.concurrency,
        timings,
      });
      await writeBenchFiles({ directory: out, results, meta });
      await writeBenchReport({ directory: out, results, command: commandText });
      printSummary(io, { results, out, durationMs: finishedAt - startedAt });
      if (results.runs.some((run) => run.error !== null)) setExitCode(exitCodes.failed);
    });
}
