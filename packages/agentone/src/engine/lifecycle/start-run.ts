import type { Runtime } from "../runtime.js";
import { createRunLog } from "./create-run.js";
import { executeRun, type RunResult } from "./execute-run.js";
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
  return executeRun(runtime, await createRunLog(runtime, task));
}
