import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import type { BudgetLimits } from "../../core/budget-limits.js";
import { defaultBudgetLimits } from "../../core/default-budget-limits.js";
import { ConfigError, UsageError } from "../../core/errors/index.js";
import type { QualityLevel } from "../../core/quality-levels.js";
import type { RunTask } from "../../engine/lifecycle/run-task.js";
import type { CliIo } from "../cli-io.js";
import type { ClockChoice } from "../cli-runtime.js";
import {
  parseClock,
  parseCount,
  parseOnExhaust,
  parsePositiveAmount,
  parsePositiveCount,
  parseQuality,
  parseUsageAnomalyPolicy,
} from "../parse-values.js";

interface RunFlags {
  workspace: string;
  budgetUsd?: number;
  maxTokens?: number;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  maxToolCalls?: number;
  maxModelCalls?: number;
  maxSteps?: number;
  maxRetries?: number;
  maxSeconds?: number;
  stepMaxTokens?: number;
  stepBudgetUsd?: number;
  stepMaxSeconds?: number;
  stepMaxRetries?: number;
  onExhaust: string[];
  model?: string;
  seed: number;
  budgetPrompt: boolean;
  json: boolean;
  clock: ClockChoice;
  config?: string;
  quality?: QualityLevel;
  slaSeconds?: number;
  cache: boolean;
  onUsageAnomaly?: "stop" | "warn";
}

/**
 * The limits the flags set, over the defaults of the quality level; undefined when no limit flag is given,
 * so that the run takes the defaults of its resolved quality level (which agentone.yaml may set).
 */
function limitsFrom(
  flags: RunFlags,
  defaultLimitsFor: (quality: QualityLevel | undefined) => BudgetLimits,
): BudgetLimits | undefined {
  const limits: BudgetLimits = defaultLimitsFor(flags.quality);
  let given = false;
  const set = <Key extends keyof BudgetLimits>(key: Key, value: BudgetLimits[Key] | undefined) => {
    if (value === undefined) return;
    limits[key] = value;
    given = true;
  };
  set("usd", flags.budgetUsd);
  set("tokens", flags.maxTokens);
  set("inputTokens", flags.maxInputTokens);
  set("outputTokens", flags.maxOutputTokens);
  set("toolCalls", flags.maxToolCalls);
  set("modelCalls", flags.maxModelCalls);
  set("steps", flags.maxSteps);
  set("retries", flags.maxRetries);
  set("wallClockMs", flags.maxSeconds === undefined ? undefined : flags.maxSeconds * 1000);
  const step = {
    ...(flags.stepMaxTokens === undefined ? {} : { tokens: flags.stepMaxTokens }),
    ...(flags.stepBudgetUsd === undefined ? {} : { usd: flags.stepBudgetUsd }),
    ...(flags.stepMaxSeconds === undefined ? {} : { wallClockMs: flags.stepMaxSeconds * 1000 }),
    ...(flags.stepMaxRetries === undefined ? {} : { retries: flags.stepMaxRetries }),
  };
  if (Object.keys(step).length > 0) {
    limits.step = { ...defaultBudgetLimits.step, ...step };
    given = true;
  }
  return given ? limits : undefined;
}

const withLimits = (limits: BudgetLimits | undefined) => (limits ? { limits } : {});

/** One SLA for every step kind but the termination summary, which must run whatever it takes. */
function slaForEveryKind(seconds: number) {
  const milliseconds = Math.max(1, seconds * 1000);
  return { plan: milliseconds, replan: milliseconds, act: milliseconds, final: milliseconds };
}

/** Why the workspace cannot be used (missing, not a directory), or null when it is a directory. */
async function workspaceProblem(workspace: string): Promise<string | null> {
  try {
    return (await stat(workspace)).isDirectory() ? null : "is not a directory";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "does not exist" : `cannot be opened (${code ?? String(error)})`;
  }
}

/** The goal: the argument, else the workspace's TASK.md. */
async function goalFor(goal: string | undefined, workspace: string): Promise<string> {
  if (goal !== undefined) return goal;
  try {
    return (await readFile(join(workspace, "TASK.md"), "utf8")).trim();
  } catch (error) {
    // A workspace that is not there is the problem to name, not the TASK.md it cannot hold.
    const why = await workspaceProblem(workspace);
    if (why) throw new ConfigError(`workspace '${workspace}' ${why}`, { key: "workspace" });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT")
      throw new UsageError(`no goal: cannot read ${join(workspace, "TASK.md")} (${code ?? String(error)})`);
    throw new UsageError(`no goal: pass GOAL, or put a TASK.md in the workspace (${workspace})`);
  }
}

export function registerRunCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command("run")
    .description("run an agent task under a budget and print its report")
    .argument("[goal]", "what the agent should do (default: the workspace's TASK.md)")
    .option("-w, --workspace <dir>", "the directory the agent works in", ".")
    .option(
      "--budget-usd <dollars>",
      `dollar budget (default ${defaultBudgetLimits.usd})`,
      parsePositiveAmount,
    )
    .option("--max-tokens <n>", "total token budget (input + output)", parsePositiveCount)
    .option("--max-input-tokens <n>", "input token budget", parsePositiveCount)
    .option("--max-output-tokens <n>", "output token budget", parsePositiveCount)
    .option("--max-tool-calls <n>", "tool-call budget", parsePositiveCount)
    .option("--max-model-calls <n>", "model-call budget", parsePositiveCount)
    .option("--max-steps <n>", `step budget (default ${defaultBudgetLimits.steps})`, parsePositiveCount)
    .option("--max-retries <n>", "retry budget", parseCount)
    .option(
      "--max-seconds <n>",
      `wall-clock budget (default ${(defaultBudgetLimits.wallClockMs ?? 0) / 1000})`,
      parsePositiveCount,
    )
    .option("--step-max-tokens <n>", "token limit per step", parsePositiveCount)
    .option("--step-budget-usd <dollars>", "dollar limit per step", parsePositiveAmount)
    .option("--step-max-seconds <n>", "wall-clock limit per step", parsePositiveCount)
    .option("--step-max-retries <n>", "retry limit per step", parseCount)
    .option(
      "--on-exhaust <policy>",
      "summarize|best-effort|ask-human|hard-stop, optionally after degrade, (e.g. degrade,summarize)",
      parseOnExhaust,
      ["summarize"],
    )
    .option(
      "--on-usage-anomaly <policy>",
      "stop (default) or warn when a backend reports usage its request cannot explain",
      parseUsageAnomalyPolicy,
    )
    .option("--model <id>", "use this model for every step")
    .option(
      "--quality <level>",
      "fast|balanced|thorough: tier preferences, replanning, verification, default budget",
      parseQuality,
    )
    .option(
      "--sla-seconds <n>",
      "latency target for each step's model call (routes to faster tiers to meet it)",
      parsePositiveCount,
    )
    .option("--no-cache", "neither answer from nor store into the model, plan and tool caches")
    .option("--seed <n>", "seed for the run's randomness", parseCount, 0)
    .option("--no-budget-prompt", "do not show the remaining budget to the model")
    .option(
      "--clock <kind>",
      "auto (virtual while every model is simulated, else real), real, or virtual (simulated latencies take no real time)",
      parseClock,
      "auto",
    )
    .option("--config <file>", "configuration file (default: ./agentone.yaml, or $AGENTONE_CONFIG)")
    .option("--json", "print the report as one JSON document, and nothing else on stdout", false)
    .action(async (goal: string | undefined, flags: RunFlags) => {
      // Loaded here, not at the top: `agentone --help` and the other commands do not pay for the engine.
      const [
        { validateRunTask },
        { startRun },
        { defaultLimitsFor },
        { printResultOrWait },
        { openCliRuntime },
      ] = await Promise.all([
        import("../../engine/lifecycle/run-task.js"),
        import("../../engine/lifecycle/start-run.js"),
        import("../../policy/routing-policy.js"),
        import("../approval-wait-output.js"),
        import("../cli-runtime.js"),
      ]);
      const [{ killOnInterrupt }, { createProgressPrinter }] = await Promise.all([
        import("../interrupt.js"),
        import("../progress-printer.js"),
      ]);
      const task: RunTask = {
        goal: await goalFor(goal, flags.workspace),
        workspace: flags.workspace,
        ...withLimits(limitsFrom(flags, defaultLimitsFor)),
        onExhaust: flags.onExhaust as RunTask["onExhaust"],
        model: flags.model ?? null,
        seed: flags.seed,
        budgetPrompt: flags.budgetPrompt,
        ...(flags.quality ? { quality: flags.quality } : {}),
        ...(flags.cache ? {} : { cache: { models: false, tools: false } }),
        ...(flags.onUsageAnomaly ? { onUsageAnomaly: flags.onUsageAnomaly } : {}),
        ...(flags.slaSeconds === undefined
          ? {}
          : { policy: { latencySlaMs: slaForEveryKind(flags.slaSeconds) } }),
      };
      // Everything that can be wrong with the input is checked before the store is touched.
      await validateRunTask(task);
      const progress = createProgressPrinter((line) =>
        (flags.json ? io.stderr : io.stdout).write(`${line}\n`),
      );
      let runId: string | null = null;
      const runtime = await openCliRuntime(io, {
        clock: flags.clock,
        pinnedModel: task.model ?? null,
        mountMcp: true,
        ...(flags.config ? { configPath: flags.config } : {}),
        onEvent: (event) => {
          if (event.type === "run-start") runId = event.runId;
          progress(event);
        },
      });
      const stopHandling = killOnInterrupt(io, { killSwitch: runtime.killSwitch, runId: () => runId });
      try {
        const result = await startRun(runtime, task);
        setExitCode(await printResultOrWait(io, { runtime, result, json: flags.json }));
      } finally {
        stopHandling();
        await runtime.close();
      }
    });
}
