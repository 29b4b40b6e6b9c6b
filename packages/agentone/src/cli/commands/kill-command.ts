import type { Command } from "commander";
import { RealClock } from "../../core/clock/index.js";
import { isAgentOneError, NotFoundError, UsageError } from "../../core/errors/index.js";
import { FileKillSwitch } from "../../engine/kill-switch/file-kill-switch.js";
import type { CliIo } from "../cli-io.js";
import { agentoneHome, noStoreYet, openCliStore } from "../cli-store.js";
import { describeKill } from "../kill-output.js";
import { remoteTarget } from "../remote/remote-target.js";

const fullRunId = /^run_[0-9a-z]{14}$/;

async function killOneRun(io: CliIo, idOrPrefix: string): Promise<void> {
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
    const { killRun } = await import("../../engine/lifecycle/kill-run.js");
    const result = await killRun({ store, killSwitch, clock: new RealClock() }, runId);
    io.stdout.write(`${describeKill(runId, result)}\n`);
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
      if ([run !== undefined, flags.all, flags.off].filter(Boolean).length !== 1)
        throw new UsageError("kill takes a RUN, or --all, or --off");
      const remote = remoteTarget(io);
      if (remote) {
        const { remoteKill } = await import("../remote/remote-kill.js");
        return remoteKill(io, remote, run === undefined ? (flags.all ? "on" : "off") : { run });
      }
      const killSwitch = new FileKillSwitch(agentoneHome(io));
      if (flags.all) {
        await killSwitch.trigger({ global: true });
        io.stdout.write(
          "Global kill switch on: every run stops before its next step. `agentone kill --off` re-arms.\n",
        );
      } else if (flags.off) {
        await killSwitch.rearm();
        io.stdout.write("Global kill switch off.\n");
      } else await killOneRun(io, run ?? "");
    });
}
