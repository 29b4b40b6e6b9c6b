import type { PendingApproval } from "../core/run-state/run-state.js";
import { pendingApprovals } from "../engine/lifecycle/decide-approval.js";
import type { RunResult } from "../engine/lifecycle/execute-run.js";
import type { Runtime } from "../engine/runtime.js";
import { plural } from "../report/format.js";
import { type CliIo, exitCodes } from "./cli-io.js";
import { printRunResult } from "./finish-output.js";

const shorten = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;

/** Lists the calls a run waits for, and the commands that decide them. */
export function describePendingApprovals(runId: string, pending: readonly PendingApproval[]): string {
  const lines = pending.map(
    (entry) => `  ${entry.callId}  ${entry.tool} ${shorten(entry.arguments, 80)}  (${entry.reason})`,
  );
  return [
    `The run waits for approval of ${plural(pending.length, "tool call")}:`,
    ...lines,
    `Approve: agentone approve ${runId} [CALL | --all]    Deny: agentone deny ${runId} [CALL | --all] --reason "<why>"`,
  ].join("\n");
}

/**
 * Prints a run's report and returns the exit code: as `printRunResult`, and 3 (waiting for a human, like
 * `awaiting_input`) for a run waiting for approval, whose pending calls are listed after the report.
 */
export async function printResultOrWait(
  io: CliIo,
  input: { runtime: Runtime; result: RunResult; json: boolean },
): Promise<number> {
  const code = await printRunResult(io, input);
  if (input.result.status !== "awaiting_approval") return code;
  const pending = await pendingApprovals(input.runtime, input.result.runId);
  (input.json ? io.stderr : io.stdout).write(`\n${describePendingApprovals(input.result.runId, pending)}\n`);
  return exitCodes.partial;
}
