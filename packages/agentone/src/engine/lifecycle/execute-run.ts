import { Ledger } from "../../budget/ledger.js";
import { AgentOneError, isAgentOneError, KillSwitchTriggeredError } from "../../core/errors/index.js";
import { createRandom } from "../../core/random.js";
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

/** What a run came to. `status` `awaiting_input` means the run waits for `resumeRun`. */
export interface RunResult {
  runId: string;
  status: RunStatus;
  outcome: RunOutcome | null;
  terminationReason: string | null;
  answer: string | null;
  costUsd: number;
}

/**
 * Drives a run from its current (folded) state to an end or a wait: claims it for this process, builds the
 * run's ledger (it reads the run's folded usage and holds back the termination slice), watches the kill
 * switch, and runs the loop.
 */
export async function executeRun(runtime: Runtime, log: RunLog): Promise<RunResult> {
  return withRunClaim(runtime.store, log.state.runId, () => executeHeldRun(runtime, log));
}

/**
 * `executeRun` for a caller that already holds the run's claim (`withRunClaim`): it took the claim before
 * its own first write to the log (a run-start, a resume's input, an approval decision) and keeps it until
 * this returns.
 */
export async function executeHeldRun(runtime: Runtime, log: RunLog): Promise<RunResult> {
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
    await driveRun(context);
  } catch (error) {
    // An unexpected error must still leave a finished, readable run behind; the caller learns what broke.
    const code = isAgentOneError(error) ? error.code : "INTERNAL_ERROR";
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
  const final = log.state;
  return {
    runId: final.runId,
    status: final.status,
    outcome: final.outcome,
    terminationReason:
      final.terminationReason ?? (final.status === "awaiting_input" ? final.waitReason : null),
    answer: final.answer,
    costUsd: final.usage.nanoUsd / 1e9,
  };
}
