import { type Command, InvalidArgumentError } from "commander";
import { loadOptionalPackage } from "../../config/load-optional-package.js";
import { type CliIo, exitCodes } from "../cli-io.js";
import { parseCount } from "../parse-values.js";

/** `agentone bench`'s flags as parsed, with the number of seeds resolved. */
export interface BenchFlags {
  tasks?: string[];
  policies?: string[];
  ablation?: string[];
  seeds: number;
  quick: boolean;
  backend: string;
  concurrency: number;
  out: string;
  config?: string;
  list: boolean;
}

/** What the command uses from `@agentone/bench` (declared here: that package depends on this one). */
export interface BenchPackage {
  /** Runs the benchmark (or lists it, with `list`); returns the exit code. */
  runBenchCommand(io: CliIo, input: { flags: BenchFlags; commandLine: string }): Promise<number>;
}

type ParsedBenchFlags = Omit<BenchFlags, "seeds"> & { seeds?: number };

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

/**
 * Registers `agentone bench`: validates the selection, runs every (task, policy, seed) with bounded
 * parallelism and progress on stderr, and writes results.json, meta.json, report.md and its charts into
 * `--out` (with the runs' store in `<out>/store`). Exit code 0 when every run finished (whatever it
 * scored), 1 when the harness could not finish some run, 2 for bad usage or configuration. The benchmark
 * is `@agentone/bench`, loaded only when the command runs (its absence is a ConfigError, exit code 2).
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
    .action(async (flags: ParsedBenchFlags, command: Command) => {
      const bench = await loadOptionalPackage<BenchPackage>("@agentone/bench", {
        provides: "agentone bench",
      });
      const seeds = flags.seeds ?? (flags.quick ? 1 : defaultSeeds);
      const code = await bench.runBenchCommand(io, {
        flags: { ...flags, seeds },
        commandLine: commandLine(command),
      });
      if (code !== exitCodes.complete) setExitCode(code);
    });
}
