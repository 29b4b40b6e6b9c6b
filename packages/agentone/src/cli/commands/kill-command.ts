import type { Command } from "commander";
import { RealClock } from "../../core/clock/index.js";
import { isAgentOneError, NotFoundError, UsageError } from "../../core/errors/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { isTerminalStatus, isWaitingStatus } from "../../core/run-status.js";
import { FileKillSwitch } from "../../engine/kill-switch/file-kill-switch.js";
import { finishRun } from "../../engine/lifecycle/finish-run.js";
import { RunLog } from "../../engine/run-log.js";
import type { Store } from "../../store/store.js";
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
    const before = foldRunState(await store.readEvents(runId));
    if (isTerminalStatus(before.status)) {
      io.stdout.write(`Run ${runId} has already ended (${before.status}).\n`);
      return;
    }
    await killSwitch.trigger({ runId });
    // Only the process executing a run writes its events, and it holds the run's claim while it does
    // (PostgreSQL: an advisory lock its connection keeps). Taken here, the claim proves no live process
    // executes the run: it waits for someone, or its process died. Either way it is ended here.
    const hold = await store.holdRun?.(runId);
    if (hold === undefined) {
      io.stdout.write(`Kill switch set for ${runId}: the process running it stops before its next step.\n`);
      return;
    }
    try {
      await endRunHere(store, runId);
    } finally {
      await hold.release();
    }
    io.stdout.write(`Run ${runId} killed.\n`);
  } finally {
    await store.close();
  }
}

/** Ends a run no process executes, from its stored log (read again now that nobody else can write it). */
async function endRunHere(store: Store, runId: string): Promise<void> {
  const events = await store.readEvents(runId);
  const state = foldRunState(events);
  if (isTerminalStatus(state.status)) return;
  const log = new RunLog({ events, state, store, clock: new RealClock() });
  log.emit({
    type: "run-kill",
    scope: "run",
    // A run that was not waiting was being executed when its process stopped (a crash, SIGKILL, power
    // loss): say so, so nobody mistakes the end for one the run reached itself.
    ...(isWaitingStatus(state.status)
      ? {}
      : { note: `the process executing the run was gone (the run was ${state.status})` }),
  });
  await finishRun(log, {
    status: "killed",
    outcome: "partial",
    reason: "killed:run",
    answer: state.lastAssistantText,
  });
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
