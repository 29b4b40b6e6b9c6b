import { KillSwitchTriggeredError, UsageError } from "../../core/errors/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import type { PendingApproval, RunState } from "../../core/run-state/run-state.js";
import { approvalExpired } from "../../policy/approval-expiry.js";
import type { ApprovalVerdict } from "../../policy/approval-policy.js";
import { RunLog } from "../run-log.js";
import type { Runtime } from "../runtime.js";
import { expirePendingApprovals } from "../tool-call/approvals/expire-approvals.js";
import { executeHeldRun, type RunResult } from "./execute-run.js";
import { withRunClaim } from "./run-claim.js";

/** A human's decision about pending tool calls. */
export interface ApprovalDecisionInput {
  /** The call to decide, by its id; absent: every pending call of the run. */
  callId?: string;
  decision: ApprovalVerdict;
  /** Recorded with the decision; a denial's reason is what the model reads. */
  reason?: string;
}

/** What a decision came to: the run's result, and whether the requests had expired before it. */
export type ApprovalResult = RunResult & {
  /** The requests were older than the approval timeout: the decision was not recorded, the termination policy applied. */
  expired: boolean;
  /** The run went on after the decision (false: other calls of the turn still wait, nothing ran). */
  continued: boolean;
  /** Calls still waiting for a decision (the run then waits in `awaiting_approval`). */
  pendingApprovals: PendingApproval[];
};

function waitingResult(state: RunState): ApprovalResult {
  return {
    runId: state.runId,
    status: state.status,
    outcome: state.outcome,
    terminationReason: state.terminationReason,
    answer: state.answer,
    costUsd: state.usage.nanoUsd / 1e9,
    expired: false,
    continued: false,
    pendingApprovals: state.pendingApprovals,
  };
}

/** After the run went on: the calls of a later turn it may wait for again. */
function stillPending(log: RunLog): PendingApproval[] {
  return log.state.status === "awaiting_approval" ? log.state.pendingApprovals : [];
}

function describePending(pending: readonly PendingApproval[]): string {
  return pending.map((entry) => `${entry.callId} (${entry.tool})`).join(", ");
}

/** The pending requests a decision is about; a UsageError when the call id names none of them. */
function targetsOf(state: RunState, callId: string | undefined): PendingApproval[] {
  if (callId === undefined) return state.pendingApprovals;
  const target = state.pendingApprovals.find((pending) => pending.callId === callId);
  if (target) return [target];
  throw new UsageError(
    `run ${state.runId} has no tool call '${callId}' waiting for approval; waiting: ${describePending(state.pendingApprovals)}`,
  );
}

/** Reads a run that must be waiting for approval, refusing (before anything is written) otherwise. */
async function openWaitingRun(runtime: Runtime, runId: string): Promise<RunLog> {
  const events = await runtime.store.readEvents(runId);
  const state = foldRunState(events);
  if (state.status !== "awaiting_approval")
    throw new UsageError(`run ${runId} is not waiting for approval (it is ${state.status})`);
  return RunLog.forRuntime(runtime, events, state);
}

async function continueExpired(runtime: Runtime, log: RunLog): Promise<ApprovalResult> {
  expirePendingApprovals(log, {
    timeoutMs: runtime.approvals.timeoutMs,
    freshHealth: runtime.health.pristine,
  });
  log.transition("running", "approval_timeout");
  await log.commit();
  return {
    ...(await executeHeldRun(runtime, log)),
    expired: true,
    continued: true,
    pendingApprovals: stillPending(log),
  };
}

/**
 * Ends the wait of a run whose approval requests are older than the approval timeout: the requests are
 * closed (decidedBy `timeout`), the turn's calls are answered unexecuted, and the run's termination policy
 * applies (reason `approval_timeout`). Null when the requests have not expired. Used by `resumeRun`, which
 * holds the run's claim.
 */
export async function expireApprovalsIfDue(runtime: Runtime, runId: string): Promise<ApprovalResult | null> {
  const log = await openWaitingRun(runtime, runId);
  if (!approvalExpired(log.state, { now: runtime.clock.now(), timeoutMs: runtime.approvals.timeoutMs }))
    return null;
  return continueExpired(runtime, log);
}

/**
 * Records a human's decision about tool calls a run waits for (`approval-decision`, decidedBy `human`).
 * While calls remain undecided the run keeps waiting; once none is left the run continues in this call,
 * like a resume: approved calls run, denied calls are answered with
 * `Error: the call was denied by a human: <reason>` (the model reads it), and the loop goes on. Requests
 * older than the runtime's approval timeout are not decided: the termination policy applies instead.
 * Refuses (UsageError, nothing written) a run that is not waiting for approval or a call id that is not
 * pending, and (KillSwitchTriggeredError) any decision while the global kill switch is on.
 *
 * @example
 * ```ts
 * const waiting = await startRun(runtime, task); // status "awaiting_approval"
 * const pending = (await pendingApprovals(runtime, waiting.runId))[0];
 * const result = await decideApproval(runtime, waiting.runId, { callId: pending?.callId, decision: "approve" });
 * await decideApproval(runtime, otherRunId, { decision: "deny", reason: "do not touch the network" });
 * ```
 */
export async function decideApproval(
  runtime: Runtime,
  runId: string,
  input: ApprovalDecisionInput,
): Promise<ApprovalResult> {
  if (await runtime.killSwitch.isGlobalOn()) throw new KillSwitchTriggeredError("global");
  // Claimed before the log is read: see resumeRun.
  return withRunClaim(runtime.store, runId, () => decideHeld(runtime, runId, input));
}

async function decideHeld(
  runtime: Runtime,
  runId: string,
  input: ApprovalDecisionInput,
): Promise<ApprovalResult> {
  const log = await openWaitingRun(runtime, runId);
  const targets = targetsOf(log.state, input.callId);
  if (approvalExpired(log.state, { now: runtime.clock.now(), timeoutMs: runtime.approvals.timeoutMs }))
    return continueExpired(runtime, log);
  for (const target of targets)
    log.emit({
      type: "approval-decision",
      step: target.step,
      callId: target.callId,
      tool: target.tool,
      decision: input.decision,
      decidedBy: "human",
      reason: input.reason ?? null,
      ...(runtime.health.pristine ? { freshHealth: true as const } : {}),
    });
  if (log.state.pendingApprovals.length > 0) {
    await log.commit();
    return waitingResult(log.state);
  }
  log.transition("running", "approvals_decided");
  await log.commit();
  return {
    ...(await executeHeldRun(runtime, log)),
    expired: false,
    continued: true,
    pendingApprovals: stillPending(log),
  };
}

/**
 * The tool calls a run waits for, oldest first (empty unless the run is `awaiting_approval`).
 *
 * @example
 * ```ts
 * for (const pending of await pendingApprovals(runtime, runId)) console.log(pending.callId, pending.tool, pending.arguments);
 * ```
 */
export async function pendingApprovals(runtime: Runtime, runId: string): Promise<PendingApproval[]> {
  const state = foldRunState(await runtime.store.readEvents(runId));
  return state.status === "awaiting_approval" ? state.pendingApprovals : [];
}
