import { Ledger } from "../../budget/ledger.js";
import { AgentOneError, isAgentOneError, KillSwitchTriggeredError } from "../../core/errors/index.js";
import { createRandom } from "../../core/random.js";
import type { RunState } from "../../core/run-state/run-state.js";
import type { RunOutcome, RunStatus } from "../../core/run-status.js";
import type { RunContext } from "../run-context.js";
import type { RunLog } from "../run-log.js";
import { createRunMemo } from "../run-memo.js";
import type { Runtime } from "../runtime.js";
import { resolveRunPolicy } from "../step/routing-input.js";
import { driveRun } from "./agent-loop.js";
import { finishRun } from "./finish-run.js";
import { withRunClaim } from "./run-claim.js";
import { terminationPolicyOf } from "./termination-policy.js";

/**
 * What a run came to. `status` `awaiting_input` means the run waits for `resumeRun`; `paused`, for
 * `executeNextStep`, `continueRun` or `resumeRun`.
 */
export interface RunResult {
  runId: string;
  status: RunStatus;
  outcome: RunOutcome | null;
  terminationReason: string | null;
  answer: string | null;
  costUsd: number;
}

/** How far to drive a run. */
export interface ExecuteOptions {
  /** Pause after exactly one step (or finished tool turn), whatever the run's stepping. */
  oneStep?: boolean;
  /** Once aborted, the run pauses after the step in flight (reason `shutdown`), resumable, instead of going on. */
  stop?: AbortSignal;
}

/** The pause reason after a step: manual stepping (or one step asked for) pauses always, a stop once asked. */
function pauseRule(stepping: "auto" | "manual" | undefined, options: ExecuteOptions): () => string | null {
  const always = stepping === "manual" || options.oneStep === true;
  return () => (always ? "step_done" : options.stop?.aborted ? "shutdown" : null);
}

/**
 * Drives a run from its current (folded) state to an end or a wait: claims it for this process, builds the
 * run's ledger (it reads the run's folded usage and holds back the termination slice), watches the kill
 * switch, and runs the loop.
 */
export async function executeRun(
  runtime: Runtime,
  log: RunLog,
  options: ExecuteOptions = {},
): Promise<RunResult> {
  return withRunClaim(runtime.store, log.state.runId, () => executeHeldRun(runtime, log, options));
}

/**
 * `executeRun` for a caller that already holds the run's claim (`withRunClaim`): it took the claim before
 * its own first write to the log (a run-start, a resume's input, an approval decision) and keeps it until
 * this returns.
 */
export async function executeHeldRun(
  runtime: Runtime,
  log: RunLog,
  options: ExecuteOptions = {},
): Promise<RunResult> {
  const state = log.state;
  const killController = new AbortController();
  const context: RunContext = {
    runtime,
    log,
    ledger: new Ledger({
      run: log,
      nextId: () => runtime.ids.next("reservation"),
      holdForTermination: terminationPolicyOf(state.options.onExhaust) === "summarize",
    }),
    random: createRandom(state.options.seed).fork(`retry:${state.lastSeq}`),
    killSignal: killController.signal,
    policy: resolveRunPolicy(state.options),
    memo: createRunMemo(runtime),
  };
  const unwatch = runtime.killSwitch.watch(state.runId, (scope) =>
    killController.abort(new KillSwitchTriggeredError(scope)),
  );
  try {
    await driveRun(context, { pauseAfterStep: pauseRule(state.options.stepping, options) });
    // Every way out of the loop commits; this makes sure no write a step started is still in flight
    // when the run is handed back (and the store perhaps closed).
    await log.commit();
  } catch (error) {
    // An unexpected error must still leave a finished, readable run behind; the caller learns what broke.
    const code = isAgentOneError(error) ? error.code : "INTERNAL_ERROR";
    // A step's write may still be in flight, and may fail after what broke here: its events are still
    // pending, so the run's end goes out with them instead of failing on that write's error.
    await log.written().catch(() => {});
    await finishRun(log, {
      status: "failed",
      outcome: "partial",
      reason: `internal_error:${code}`,
      answer: log.state.lastAssistantText,
    });
    const message = error instanceof Error ? error.message : String(error);
    throw new AgentOneError("INTERNAL_ERROR", `run ${state.runId} failed: ${message}`, {
      cause: error,
      runId: state.runId,
    });
  } finally {
    unwatch();
  }
  return runResultOf(log.state);
}

/** What a run has come to so far, from its folded state. */
export function runResultOf(state: RunState): RunResult {
  return {
    runId: state.runId,
    status: state.status,
    outcome: state.outcome,
    terminationReason:
      state.terminationReason ?? (state.status === "awaiting_input" ? state.waitReason : null),
    answer: state.answer,
    costUsd: state.usage.nanoUsd / 1e9,
  };
}
