import type { Command } from "commander";
import { RealClock } from "../../core/clock/index.js";
import { isAgentOneError, NotFoundError, UsageError } from "../../core/errors/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { isTerminalStatus } from "../../core/run-status.js";
import { FileKillSwitch } from "../../engine/file-kill-switch.js";
import { finishRun } from "../../engine/finish-run.js";
import { RunLog } from "../../engine/run-log.js";
import { resumeRun } from "../../engine/start-run.js";
import type { CliIo } from "../cli-io.js";
import { agentoneHome, noStoreYet, openCliRuntime, openCliStore } from "../cli-runtime.js";
import { printRunResult } from "../finish-output.js";
import { parseAmount, parseClock, parseCount } from "../parse-values.js";
import { createProgressPrinter } from "../progress-printer.js";

const fullRunId = /^run_[0-9a-z]{14}$/;

async function killRun(io: CliIo, idOrPrefix: string): Promise<void> {
  const killSwitch = new FileKillSwitch(agentoneHome(io));
  if (await noStoreYet(io)) throw new NotFoundError("run", idOrPrefix);
  let store: Awaited<ReturnType<typeof openCliStore>>;
  try {
    store = await openCliStore(io);
  } catch (error) {
    // The embedded store is held by the process running the run: the kill file reaches it.
    if (!isAgentOneError(error) || error.code !== "STORE_ERROR") throw error;
    // Ids are time-ordered, so a prefix could also match runs started later: only a full id is safe here.
    if (!fullRunId.test(idOrPrefix)) {
      throw new UsageError(
        `the store is in use by the process running the run; give the full run id (as printed: run_...), not '${idOrPrefix}'`,
      );
    }
    await killSwitch.trigger({ runId: idOrPrefix });
    io.stdout.write(
      `Kill switch set for ${idOrPrefix}: the process running it stops before its next step.\n`,
    );
    return;
  }
  try {
    const runId = await store.resolveRunId(idOrPrefix);
    const events = await store.readEvents(runId);
    const state = foldRunState(events);
    if (isTerminalStatus(state.status)) {
      io.stdout.write(`Run ${runId} has already ended (${state.status}).\n`);
      return;
    }
    await killSwitch.trigger({ runId });
    // No process holds this run (the store was free): end it here, keeping its work.
    const log = new RunLog({ events, state, store, clock: new RealClock() });
    log.emit({ type: "run-kill", scope: "run" });
    await finishRun(log, {
      status: "killed",
      outcome: "partial",
      reason: "killed:run",
      answer: state.lastAssistantText,
    });
    io.stdout.write(`Run ${runId} killed.\n`);
  } finally {
    await store.close();
  }
}

export function registerControlCommands(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command("kill")
    .description("stop a run before its next step (in-flight calls are aborted), or every run with --all")
    .argument("[run]", "run id or a unique prefix of it")
    .option("--all", "turn the global kill switch on: every run stops, and new runs are refused", false)
    .option("--off", "turn the global kill switch off again", false)
    .action(async (run: string | undefined, flags: { all: boolean; off: boolean }) => {
      const killSwitch = new FileKillSwitch(agentoneHome(io));
      if ([run !== undefined, flags.all, flags.off].filter(Boolean).length !== 1)
        throw new UsageError("kill takes a RUN, or --all, or --off");
      if (flags.all) {
        await killSwitch.trigger({ global: true });
        io.stdout.write(
          "Global kill switch on: every run stops before its next step. `agentone kill --off` re-arms.\n",
        );
      } else if (flags.off) {
        await killSwitch.rearm();
        io.stdout.write("Global kill switch off.\n");
      } else await killRun(io, run ?? "");
    });

  program
    .command("resume")
    .description("continue a run that waits for input, optionally with more budget and an instruction")
    .argument("<run>", "run id or a unique prefix of it")
    .option("--add-usd <dollars>", "add to the dollar budget", parseAmount)
    .option("--add-tokens <n>", "add to the token budget", parseCount)
    .option("--input <text>", "an instruction for the agent")
    .option("--clock <kind>", "real or virtual", parseClock, "virtual")
    .option("--json", "print the report as one JSON document", false)
    .action(
      async (
        run: string,
        flags: {
          addUsd?: number;
          addTokens?: number;
          input?: string;
          clock: "real" | "virtual";
          json: boolean;
        },
      ) => {
        if (await noStoreYet(io)) throw new NotFoundError("run", run);
        let progress: ReturnType<typeof createProgressPrinter> | null = null;
        const runtime = await openCliRuntime(io, {
          clock: flags.clock,
          onEvent: (event) => progress?.(event),
        });
        try {
          const runId = await runtime.store.resolveRunId(run);
          progress = createProgressPrinter(
            (line) => (flags.json ? io.stderr : io.stdout).write(`${line}\n`),
            await runtime.store.readEvents(runId),
          );
          const result = await resumeRun(runtime, runId, {
            ...(flags.addUsd === undefined ? {} : { addUsd: flags.addUsd }),
            ...(flags.addTokens === undefined ? {} : { addTokens: flags.addTokens }),
            ...(flags.input === undefined ? {} : { input: flags.input }),
          });
          setExitCode(await printRunResult(io, { runtime, result, json: flags.json }));
        } finally {
          await runtime.store.close();
        }
      },
    );
}
