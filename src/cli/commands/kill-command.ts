import type { Command } from "commander";
import { RealClock } from "../../core/clock/index.js";
import { isAgentOneError, NotFoundError, UsageError } from "../../core/errors/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { isTerminalStatus, isWaitingStatus } from "../../core/run-status.js";
import { FileKillSwitch } from "../../engine/file-kill-switch.js";
import { finishRun } from "../../engine/finish-run.js";
import { RunLog } from "../../engine/run-log.js";
import type { CliIo } from "../cli-io.js";
import { agentoneHome, noStoreYet, openCliStore } from "../cli-runtime.js";

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
    // With the embedded store free, no process can be running this run; with PostgreSQL one may be, and only
    // it may write the run's events: it sees the kill file before its next step. A waiting run has no such
    // process, so it is ended here, keeping its work.
    if (io.env.DATABASE_URL && !isWaitingStatus(state.status)) {
      io.stdout.write(`Kill switch set for ${runId}: the process running it stops before its next step.\n`);
      return;
    }
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

export function registerKillCommand(program: Command, io: CliIo): void {
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
}
