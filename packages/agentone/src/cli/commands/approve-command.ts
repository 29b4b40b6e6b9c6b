import type { Command } from "commander";
import { NotFoundError, UsageError } from "../../core/errors/index.js";
import type { PendingApproval } from "../../core/run-state/run-state.js";
import type { ApprovalVerdict } from "../../policy/approval-policy.js";
import { plural } from "../../report/format.js";
import { type CliIo, exitCodes } from "../cli-io.js";
import type { ClockChoice } from "../cli-runtime.js";
import { noStoreYet } from "../cli-store.js";
import { parseClock } from "../parse-values.js";
import type { createProgressPrinter } from "../progress-printer.js";
import { assertLocalFlagsUnused } from "../remote/local-flags.js";
import { remoteTarget } from "../remote/remote-target.js";

interface DecisionFlags {
  all: boolean;
  reason?: string;
  clock: ClockChoice;
  config?: string;
  json: boolean;
}

/** The call a decision without CALL or --all is about: the only one waiting, else a UsageError. */
function soleCall(runId: string, pending: readonly PendingApproval[]): string | undefined {
  if (pending.length <= 1) return pending[0]?.callId;
  throw new UsageError(
    `run ${runId} waits for ${plural(pending.length, "tool call")} (${pending.map((entry) => entry.callId).join(", ")}); name one, or pass --all`,
  );
}

async function decide(
  io: CliIo,
  input: { decision: ApprovalVerdict; run: string; call: string | undefined; flags: DecisionFlags },
): Promise<number> {
  const { decision, flags } = input;
  if (input.call !== undefined && flags.all)
    throw new UsageError(`${decision} takes a CALL or --all, not both`);
  const remote = remoteTarget(io);
  if (remote) {
    assertLocalFlagsUnused(flags);
    const { remoteDecide } = await import("../remote/remote-continue.js");
    return remoteDecide(io, remote, {
      decision,
      run: input.run,
      call: input.call,
      all: flags.all,
      reason: flags.reason,
      json: flags.json,
    });
  }
  if (await noStoreYet(io)) throw new NotFoundError("run", input.run);
  // Loaded here, not at the top: `agentone --help` and the other commands do not pay for the engine.
  const [
    { decideApproval, pendingApprovals },
    { describePendingApprovals, printResultOrWait },
    { openCliRuntime },
  ] = await Promise.all([
    import("../../engine/lifecycle/decide-approval.js"),
    import("../approval-wait-output.js"),
    import("../cli-runtime.js"),
  ]);
  const [{ killOnInterrupt }, { createProgressPrinter }] = await Promise.all([
    import("../interrupt.js"),
    import("../progress-printer.js"),
  ]);
  let progress: ReturnType<typeof createProgressPrinter> | null = null;
  const runtime = await openCliRuntime(io, {
    clock: flags.clock,
    mountMcp: true,
    ...(flags.config ? { configPath: flags.config } : {}),
    onEvent: (event) => progress?.(event),
  });
  try {
    const runId = await runtime.store.resolveRunId(input.run);
    const waiting = await pendingApprovals(runtime, runId);
    const callId = input.call ?? (flags.all ? undefined : soleCall(runId, waiting));
    const write = (line: string) => (flags.json ? io.stderr : io.stdout).write(`${line}\n`);
    progress = createProgressPrinter(write, await runtime.store.readEvents(runId));
    const stopHandling = killOnInterrupt(io, { killSwitch: runtime.killSwitch, runId: () => runId });
    try {
      const result = await decideApproval(runtime, runId, {
        decision,
        ...(callId === undefined ? {} : { callId }),
        ...(flags.reason === undefined ? {} : { reason: flags.reason }),
      });
      if (result.expired)
        io.stderr.write(
          `agentone: the approval request of run ${runId} had expired; the decision was not recorded and the run's termination policy applied\n`,
        );
      if (!result.continued) {
        // Other calls of the turn are still undecided: nothing ran, so there is no new report to show.
        const { status, pendingApprovals: pending } = result;
        if (flags.json)
          io.stdout.write(`${JSON.stringify({ runId, status, pendingApprovals: pending }, null, 2)}\n`);
        write(describePendingApprovals(runId, pending));
        return exitCodes.partial;
      }
      return await printResultOrWait(io, { runtime, result, json: flags.json });
    } finally {
      stopHandling();
    }
  } finally {
    await runtime.close();
  }
}

/**
 * `agentone approve RUN [CALL] [--all]` and `agentone deny RUN [CALL] [--all] [--reason TEXT]`: decide
 * the tool calls a run waits for. Once no call is left waiting, the run continues in this process (as
 * `resume` does) and its report is printed. Exit codes as for `run`; 3 while calls still wait.
 */
export function registerApprovalCommands(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  const descriptions: Record<ApprovalVerdict, string> = {
    approve: "approve tool calls a run waits for; once none waits, the run continues",
    deny: "deny tool calls a run waits for (the model is told, with --reason); once none waits, the run continues",
  };
  for (const decision of ["approve", "deny"] as const)
    program
      .command(decision)
      .description(descriptions[decision])
      .argument("<run>", "run id or a unique prefix of it")
      .argument("[call]", "the waiting tool call's id; may be left out when only one call waits")
      .option("--all", `${decision} every call the run waits for`, false)
      .option("--reason <text>", "why (recorded; for a denial, the model reads it)")
      .option("--clock <kind>", "auto, real or virtual (as for run)", parseClock, "auto")
      .option("--config <file>", "configuration file (default: ./agentone.yaml, or $AGENTONE_CONFIG)")
      .option("--json", "print the report as one JSON document", false)
      .action(async (run: string, call: string | undefined, flags: DecisionFlags) => {
        setExitCode(await decide(io, { decision, run, call, flags }));
      });
}
