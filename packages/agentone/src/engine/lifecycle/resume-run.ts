import { nanoToUsd } from "../../budget/money.js";
import { type AddableDimension, addableDimensions } from "../../core/budget-limits.js";
import { UsageError } from "../../core/errors/index.js";
import { foldRunState } from "../../core/run-state/fold-run-state.js";
import { isTerminalStatus } from "../../core/run-status.js";
import { RunLog } from "../run-log.js";
import type { Runtime } from "../runtime.js";
import { expireApprovalsIfDue } from "./decide-approval.js";
import { executeHeldRun, type RunResult } from "./execute-run.js";
import { withRunClaim } from "./run-claim.js";

/** What a resume may bring: more budget on any run-scope dimension, and an instruction the model reads. */
export interface ResumeInput {
  input?: string;
  /** Amounts to add, e.g. `{ usd: 0.5, steps: 10 }` (wall clock in milliseconds). */
  add?: Partial<Record<AddableDimension, number>>;
}

/** The CLI flag that raises each dimension, for messages. */
export const addFlags: Record<AddableDimension, string> = {
  usd: "--add-usd",
  tokens: "--add-tokens",
  steps: "--add-steps",
  toolCalls: "--add-tool-calls",
  modelCalls: "--add-model-calls",
  retries: "--add-retries",
  wallClockMs: "--add-seconds",
};

/**
 * The command that continues a run waiting for input: the flag that raises the budget that ran out (none
 * when no budget did, e.g. after three failed steps), and an optional instruction.
 */
export function resumeCommandFor(runId: string, waitReason: string | null): string {
  const dimension = /^budget_exhausted:(\w+)$/.exec(waitReason ?? "")?.[1] ?? "";
  if (!(addableDimensions as readonly string[]).includes(dimension))
    return `agentone resume ${runId} [--input "<instruction>"]`;
  const amount = dimension === "usd" ? "<dollars>" : dimension === "wallClockMs" ? "<seconds>" : "<n>";
  return `agentone resume ${runId} ${addFlags[dimension as AddableDimension]} ${amount} [--input "<instruction>"]`;
}

/** Refuses, before anything is written, a resume that would stop again at once for the same reason. */
function assertResumeCanHelp(runId: string, reason: string | null, add: ResumeInput["add"]): void {
  const match = /^budget_exhausted:(step\.)?(\w+)$/.exec(reason ?? "");
  if (!match) return;
  const dimension = match[2] ?? "";
  if (match[1]) {
    throw new UsageError(
      `run ${runId} stopped because no model fits its per-step ${dimension} limit, which a resume cannot raise`,
    );
  }
  if (!(addableDimensions as readonly string[]).includes(dimension)) {
    throw new UsageError(`run ${runId} stopped on its ${dimension} limit, which a resume cannot raise`);
  }
  const addable = dimension as AddableDimension;
  if (!((add?.[addable] ?? 0) > 0)) {
    throw new UsageError(
      `run ${runId} stopped because its ${dimension} budget ran out; resume it with ${addFlags[addable]} <amount>`,
    );
  }
}

/**
 * Continues a run that waits for a human (`awaiting_input` or `paused`), from its log, with more budget
 * and an optional instruction. A run waiting for approval is continued by `decideApproval` instead; resume
 * only ends its wait once the requests are older than the approval timeout (the termination policy then
 * applies, reason `approval_timeout`), and refuses otherwise. An external run (`createExternalRun`) is
 * reopened for its caller's decisions and nothing is executed.
 *
 * @example
 * ```ts
 * const result = await resumeRun(runtime, "run_01kx3c9d7q4m8z", { add: { usd: 0.5 }, input: "Focus on src/cart.js" });
 * ```
 */
export async function resumeRun(runtime: Runtime, runId: string, resume: ResumeInput): Promise<RunResult> {
  // Claimed before the log is read, so that what is checked is what this process then writes to, and no
  // `agentone kill` can end the run as abandoned between the checks and the run-input.
  return withRunClaim(runtime.store, runId, () => resumeHeldRun(runtime, runId, resume));
}

async function resumeHeldRun(runtime: Runtime, runId: string, resume: ResumeInput): Promise<RunResult> {
  const events = await runtime.store.readEvents(runId);
  const state = foldRunState(events);
  if (state.status === "awaiting_approval") {
    const expired = await expireApprovalsIfDue(runtime, runId);
    if (expired) return expired;
    const waiting = state.pendingApprovals.map((pending) => `${pending.callId} (${pending.tool})`).join(", ");
    throw new UsageError(
      `run ${runId} waits for approval of ${waiting}; decide with \`agentone approve ${runId} [CALL]\` or \`agentone deny ${runId} [CALL]\``,
    );
  }
  if (isTerminalStatus(state.status)) {
    throw new UsageError(
      `run ${runId} has ended (${state.status}) and cannot be resumed; start a new run, or \`agentone fork ${runId}\` to branch from its log`,
    );
  }
  if (state.status !== "awaiting_input" && state.status !== "paused") {
    throw new UsageError(
      `run ${runId} is not waiting to be resumed: it is ${state.status}, either still executing in another process or left so by a process that stopped without ending it (a crash); \`agentone kill ${runId}\` ends it in the second case`,
    );
  }
  assertResumeCanHelp(runId, state.waitReason, resume.add);
  const log = RunLog.forRuntime(runtime, events, state);
  const add = resume.add ?? {};
  log.emit({
    type: "run-input",
    text: resume.input ?? null,
    ...(add.usd === undefined ? {} : { addUsd: add.usd }),
    ...(add.tokens === undefined ? {} : { addTokens: add.tokens }),
    ...(add.steps === undefined ? {} : { addSteps: add.steps }),
    ...(add.toolCalls === undefined ? {} : { addToolCalls: add.toolCalls }),
    ...(add.modelCalls === undefined ? {} : { addModelCalls: add.modelCalls }),
    ...(add.retries === undefined ? {} : { addRetries: add.retries }),
    ...(add.wallClockMs === undefined ? {} : { addWallClockMs: add.wallClockMs }),
    ...(runtime.health.pristine ? { freshHealth: true as const } : {}),
  });
  log.transition("running", "resumed");
  await log.commit();
  // An external run's loop is its caller's: the resume reopens it for decisions, and runs nothing.
  if (log.state.options.external) return openRunResult(log);
  return executeHeldRun(runtime, log);
}

/** Where a run that goes on outside this process stands. */
function openRunResult(log: RunLog): RunResult {
  const { state } = log;
  return {
    runId: state.runId,
    status: state.status,
    outcome: state.outcome,
    terminationReason: state.terminationReason,
    answer: state.answer,
    costUsd: nanoToUsd(state.usage.nanoUsd),
  };
}
