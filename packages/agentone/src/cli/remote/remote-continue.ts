import type { AgentOneClient } from "../../client/agentone-client.js";
import type { ResumeInput } from "../../client/api-types.js";
import { UsageError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import type { RunState } from "../../core/run-state/run-state.js";
import { isWaitingStatus } from "../../core/run-status.js";
import { resumeCommandFor } from "../../engine/lifecycle/resume-run.js";
import type { ApprovalVerdict } from "../../policy/approval-policy.js";
import { plural } from "../../report/format.js";
import { renderReport } from "../../report/render-report.js";
import type { RunReport } from "../../report/run-report.js";
import { describePendingApprovals } from "../approval-wait-output.js";
import { type CliIo, exitCodes } from "../cli-io.js";
import { exitCodeFor } from "../finish-output.js";
import { createProgressPrinter } from "../progress-printer.js";
import { withRemote } from "./remote-session.js";
import type { RemoteTarget } from "./remote-target.js";

// `approve`, `deny` and `resume` against `agentone serve`: the server continues the run in the background;
// the CLI follows its events (printing progress as the local commands do) until it stops again (ends, or
// waits for a human), then prints its report with the local exit codes.

/** True once the run, continued after event `after`, has stopped: it ended or waits again. */
function stopped(event: RunEvent): boolean {
  return event.type === "run-end" || (event.type === "run-transition" && isWaitingStatus(event.to));
}

interface Followed {
  state: RunState;
  events: RunEvent[];
}

/**
 * Follows the run's events after `after` until it stops; `decided` (approval calls) also stops the follow
 * when, once every one of them is recorded, calls are still waiting (the run does not continue yet).
 */
async function followUntilStopped(
  client: AgentOneClient,
  runId: string,
  input: { prior: RunEvent[]; write: (line: string) => void; decided?: ReadonlySet<string> },
): Promise<Followed> {
  const events = [...input.prior];
  const progress = createProgressPrinter(input.write, input.prior);
  const after = input.prior.at(-1)?.seq ?? -1;
  const recorded = new Set<string>();
  let state = foldRunState(events);
  for await (const event of client.followEvents(runId, { after })) {
    events.push(event);
    progress(event);
    state = foldRunState(events);
    if (stopped(event)) break;
    if (event.type === "approval-decision") recorded.add(event.callId);
    const decided = input.decided;
    if (decided && [...decided].every((callId) => recorded.has(callId)) && state.pendingApprovals.length > 0)
      break;
  }
  return { state, events };
}

/** Prints the run's report as `printResultOrWait` does, from the API; answers the exit code. */
async function printRemoteResult(
  io: CliIo,
  client: AgentOneClient,
  input: { runId: string; followed: Followed; json: boolean },
): Promise<number> {
  const report = (await client.report(input.runId)) as unknown as RunReport;
  const { state, events } = input.followed;
  if (report.terminationReason?.startsWith("model_error:")) {
    const failure = [...events].reverse().find((event) => event.type === "model-call-error");
    if (failure?.type === "model-call-error")
      io.stderr.write(
        `agentone: the run stopped on a model error from backend ${failure.backend} (${failure.model}): ${failure.message}\n`,
      );
  }
  if (input.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    io.stdout.write(`\n${renderReport(report)}`);
    if (report.status === "awaiting_input")
      io.stdout.write(
        `\nThe run waits for you: ${resumeCommandFor(report.runId, report.terminationReason)}\n`,
      );
  }
  if (report.status === "awaiting_approval") {
    (input.json ? io.stderr : io.stdout).write(
      `\n${describePendingApprovals(input.runId, state.pendingApprovals)}\n`,
    );
    return exitCodes.partial;
  }
  return exitCodeFor({ status: report.status, outcome: report.outcome ?? null });
}

export interface RemoteDecision {
  decision: ApprovalVerdict;
  run: string;
  call: string | undefined;
  all: boolean;
  reason: string | undefined;
  json: boolean;
}

/** `agentone approve|deny` through the API: decides the calls, then follows the run as `approve` does. */
export function remoteDecide(io: CliIo, target: RemoteTarget, input: RemoteDecision): Promise<number> {
  return withRemote(target, async ({ client, resolveRunId }) => {
    const runId = await resolveRunId(input.run);
    const prior = (await client.events(runId)).events;
    const waiting = foldRunState(prior).pendingApprovals;
    const status = foldRunState(prior).status;
    if (status !== "awaiting_approval")
      throw new UsageError(`run ${runId} is not waiting for approval (it is ${status})`);
    let calls: string[];
    if (input.call !== undefined) calls = [input.call];
    else if (input.all || waiting.length <= 1) calls = waiting.map((entry) => entry.callId);
    else
      throw new UsageError(
        `run ${runId} waits for ${plural(waiting.length, "tool call")} (${waiting.map((entry) => entry.callId).join(", ")}); name one, or pass --all`,
      );
    const write = (line: string) => (input.json ? io.stderr : io.stdout).write(`${line}\n`);
    // One at a time: the server records each decision before it answers, so the next sees the last.
    for (const callId of calls)
      await client[input.decision](runId, callId, {
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      });
    const followed = await followUntilStopped(client, runId, { prior, write, decided: new Set(calls) });
    if (followed.state.status === "awaiting_approval" && !followed.events.slice(prior.length).some(stopped)) {
      const pending = followed.state.pendingApprovals;
      if (input.json)
        io.stdout.write(
          `${JSON.stringify({ runId, status: followed.state.status, pendingApprovals: pending }, null, 2)}\n`,
        );
      write(describePendingApprovals(runId, pending));
      return exitCodes.partial;
    }
    return printRemoteResult(io, client, { runId, followed, json: input.json });
  });
}

/** `agentone resume` through the API: continues the run, then follows it to its next stop. */
export function remoteResume(
  io: CliIo,
  target: RemoteTarget,
  input: { run: string; body: ResumeInput; json: boolean },
): Promise<number> {
  return withRemote(target, async ({ client, resolveRunId }) => {
    const runId = await resolveRunId(input.run);
    const prior = (await client.events(runId)).events;
    const write = (line: string) => (input.json ? io.stderr : io.stdout).write(`${line}\n`);
    await client.resume(runId, input.body);
    const followed = await followUntilStopped(client, runId, { prior, write });
    return printRemoteResult(io, client, { runId, followed, json: input.json });
  });
}
