import type { Runtime } from "../runtime.js";
import { admitRunTask, writeRunStart } from "./create-run.js";
import { executeHeldRun, type RunResult } from "./execute-run.js";
import { withRunClaim } from "./run-claim.js";
import type { RunTask } from "./run-task.js";

/**
 * Starts a run and drives it to an end (or to a wait for a human). Validates the task first: bad input
 * throws ConfigError and writes nothing; so does a global kill switch (KillSwitchTriggeredError).
 *
 * @example
 * ```ts
 * const result = await startRun(runtime, { goal: "Triage the CI failure in ci.log", workspace: "examples/ci-failure",
 *   limits: { usd: 0.25 }, onExhaust: ["best-effort"] });
 * console.log(result.status, result.outcome, result.answer);
 * ```
 */
export async function startRun(runtime: Runtime, task: RunTask): Promise<RunResult> {
  const validated = await admitRunTask(runtime, task);
  const runId = runtime.ids.next("run");
  // Claimed before the run's first event: from then on `agentone kill` could end it as abandoned.
  return withRunClaim(runtime.store, runId, async () =>
    executeHeldRun(runtime, await writeRunStart(runtime, runId, validated)),
  );
}
