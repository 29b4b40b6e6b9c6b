import type { Command } from "commander";
import { NotFoundError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { RunTask } from "../../engine/lifecycle/run-task.js";
import { plural } from "../../report/format.js";
import type { CliIo } from "../cli-io.js";
import type { ClockChoice } from "../cli-runtime.js";
import { noStoreYet } from "../cli-store.js";
import { parseClock, parseOnExhaust, parsePositiveAmount, parsePositiveCount } from "../parse-values.js";
import type { createProgressPrinter } from "../progress-printer.js";

interface ForkFlags {
  fromStep: number;
  model?: string;
  budgetUsd?: number;
  onExhaust?: string[];
  clock: ClockChoice;
  config?: string;
  json: boolean;
}

/**
 * Progress for a fork: one line for what it inherited, then the live steps as `run` prints them. The
 * inherited events are not printed again (they describe the parent's work); the printer starts from them.
 */
function forkProgress(
  write: (line: string) => void,
  printer: typeof createProgressPrinter,
): (event: RunEvent) => void {
  const history: RunEvent[] = [];
  let inherited = 0;
  let progress: ((event: RunEvent) => void) | null = null;
  return (event) => {
    if (progress) {
      progress(event);
      return;
    }
    history.push(event);
    if (event.type === "run-start") {
      inherited = event.forkedFrom?.inheritedEvents ?? 0;
      write(`run ${event.runId} · ${event.workspace}`);
      if (event.forkedFrom)
        write(
          `forked from ${event.forkedFrom.runId} at step ${event.forkedFrom.step}: ${plural(inherited, "event")} inherited, not executed again`,
        );
    }
    if (event.seq >= inherited) progress = printer(write, history);
  };
}

/**
 * `agentone fork RUN --from-step N [--model ID] [--budget-usd X] [--on-exhaust POLICY]`: a new run that
 * inherits the recorded steps before N and continues live from step N. Exit codes as for `run`.
 */
export function registerForkCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command("fork")
    .description(
      "start a new run from a recorded run's step N: earlier steps are inherited, the rest runs live",
    )
    .argument("<run>", "run id or a unique prefix of it")
    .requiredOption(
      "--from-step <n>",
      "the first step to run live (1 re-runs everything)",
      parsePositiveCount,
    )
    .option("--model <id>", "use this model for every live step")
    .option(
      "--budget-usd <dollars>",
      "the fork's dollar budget, counting what the inherited steps spent",
      parsePositiveAmount,
    )
    .option("--on-exhaust <policy>", "termination policy (as for run)", parseOnExhaust)
    .option("--clock <kind>", "auto, real or virtual (as for run)", parseClock, "auto")
    .option("--config <file>", "configuration file (default: ./agentone.yaml, or $AGENTONE_CONFIG)")
    .option("--json", "print the report as one JSON document", false)
    .action(async (run: string, flags: ForkFlags) => {
      if (await noStoreYet(io)) throw new NotFoundError("run", run);
      // Loaded here, not at the top: `agentone --help` and the other commands do not pay for the engine.
      const [
        { forkRun },
        { printRunResult },
        { openCliRuntime },
        { killOnInterrupt },
        { createProgressPrinter },
      ] = await Promise.all([
        import("../../engine/replay/fork-run.js"),
        import("../finish-output.js"),
        import("../cli-runtime.js"),
        import("../interrupt.js"),
        import("../progress-printer.js"),
      ]);
      let forkId: string | null = null;
      const progress = forkProgress(
        (line) => (flags.json ? io.stderr : io.stdout).write(`${line}\n`),
        createProgressPrinter,
      );
      const runtime = await openCliRuntime(io, {
        clock: flags.clock,
        pinnedModel: flags.model ?? null,
        mountMcp: true,
        ...(flags.config ? { configPath: flags.config } : {}),
        onEvent: (event) => {
          if (event.type === "run-start") forkId = event.runId;
          progress(event);
        },
      });
      const stopHandling = killOnInterrupt(io, { killSwitch: runtime.killSwitch, runId: () => forkId });
      try {
        const result = await forkRun(runtime, {
          runId: await runtime.store.resolveRunId(run),
          fromStep: flags.fromStep,
          ...(flags.model === undefined ? {} : { model: flags.model }),
          ...(flags.budgetUsd === undefined ? {} : { budgetUsd: flags.budgetUsd }),
          ...(flags.onExhaust === undefined ? {} : { onExhaust: flags.onExhaust as RunTask["onExhaust"] }),
        });
        setExitCode(await printRunResult(io, { runtime, result, json: flags.json }));
      } finally {
        stopHandling();
        await runtime.close();
      }
    });
}
